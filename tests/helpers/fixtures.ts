import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { seedProgrammes } from "../../db/seed";
import { businessNumberCheckDigit } from "../../app/modules/businesses/business-number";
import { subjectHash } from "../../app/modules/identity/identity.server";
import { TEST_HASH_KEY } from "./identity-provider";

/**
 * Test data written straight to the real database: accounts get a placeholder password hash, so
 * only the tests about signing in pay for Argon2.
 */
let counter = 0;

export async function createUser(db: Kysely<Database>, role: "owner" | "caseworker" | "supervisor" | "admin" = "owner", email?: string) {
  counter++;
  const stamp = new Date().toISOString();
  const address = email ?? `${role}${counter}-${process.pid}@test.example`;
  const row = await db
    .insertInto("users")
    // Verified, as if the owner had opened the link: only the verification tests make unverified ones.
    .values({
      email: address,
      password_hash: "$argon2id$placeholder",
      role,
      created_at: stamp,
      updated_at: stamp,
      password_changed_at: stamp,
      email_verified_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, email: address, role };
}

/** A valid, unique business registration number (correct check digit). */
export function registrationNumber(seed: number): string {
  const nine = String(100_000_000 + ((seed * 7919 + process.pid) % 900_000_000)).slice(0, 9);
  return `${nine}${businessNumberCheckDigit(nine)}`;
}

/**
 * The records identity verification and the register check write for an owner and a business, as
 * if the owner had verified and proven the business theirs (docs/identity.md). The verification and
 * ownership tests go through the real provider and register instead.
 */
export async function confirmOwnershipFixture(db: Kysely<Database>, ownerId: number, businessId: number) {
  const stamp = new Date().toISOString();
  const issuer = "http://localhost:3100";
  let person = await db
    .selectFrom("identity_verifications")
    .select(["issuer", "subject_hash", "name"])
    .where("user_id", "=", ownerId)
    .executeTakeFirst();
  if (!person) {
    person = { issuer, subject_hash: crypto.randomBytes(32).toString("hex"), name: "Kim Minji" };
    await db
      .insertInto("identity_verifications")
      .values({ user_id: ownerId, ...person, birth_date: "1980-03-15", verified_at: stamp })
      .execute();
  }
  const business = await db
    .selectFrom("businesses")
    .select(["registration_number", "opened_on"])
    .where("id", "=", businessId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("business_ownerships")
    .values({
      business_id: businessId,
      user_id: ownerId,
      registration_number: business.registration_number,
      issuer: person.issuer,
      subject_hash: person.subject_hash,
      representative_name: person.name,
      opened_on: business.opened_on ?? "2018-03-01",
      confirmed_at: stamp,
    })
    .execute();
}

export async function createBusiness(
  db: Kysely<Database>,
  ownerId: number,
  overrides: Partial<{ sector: string; employees: number; opened_on: string; region: string; trade_name: string; registration_number: string }> = {},
  // Confirmed as the owner's, as a business that can apply is; the ownership tests pass false.
  { confirmed = true }: { confirmed?: boolean } = {},
) {
  counter++;
  const stamp = new Date().toISOString();
  const row = await db
    .insertInto("businesses")
    .values({
      owner_id: ownerId,
      trade_name: overrides.trade_name ?? `Test Kitchen ${counter}`,
      registration_number: overrides.registration_number ?? registrationNumber(counter),
      representative_name: "Kim Minji",
      phone: "010-1234-5678",
      address: "1 Sejong-daero, Jongno-gu",
      region: overrides.region ?? "seoul",
      sector: overrides.sector ?? "food_service",
      employees: overrides.employees ?? 3,
      opened_on: overrides.opened_on ?? "2018-03-01",
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (confirmed) await confirmOwnershipFixture(db, ownerId, row.id);
  return row.id;
}

export async function seedCatalogue(db: Kysely<Database>, now = new Date()) {
  const existing = await db.selectFrom("programmes").select("id").limit(1).execute();
  if (!existing.length) await seedProgrammes(db, { now });
}

const encoder = new TextEncoder();
export const pdfBytes = (text = "test document") => encoder.encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);
export const pngBytes = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/**
 * The verified person an identity round trip leaves (identity-http.test.ts proves that path over
 * HTTP with the local provider): the same row, the identifier hashed by the portal's own function.
 */
export async function verifiedPersonFixture(db: Kysely<Database>, userId: number, name: string, sub: string, issuer = "http://127.0.0.1:3100") {
  await db
    .insertInto("identity_verifications")
    .values({
      user_id: userId,
      issuer,
      subject_hash: subjectHash(issuer, sub, TEST_HASH_KEY),
      name,
      birth_date: "1975-07-01",
      verified_at: new Date().toISOString(),
    })
    .execute();
}
