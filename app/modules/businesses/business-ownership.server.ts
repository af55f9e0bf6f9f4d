/**
 * Business ownership, proven rather than claimed (docs/identity.md): a business is confirmed for its
 * account when the account's verified person is the register's representative (any of joint ones)
 * for the registration number and the opening date the owner gives, and the business is operating.
 * The register is asked outside the transaction (it may be slow); the confirmation and its audit row
 * are then written in one transaction that re-reads the business and the person, and the database's
 * unique keys (one confirmation per business row; one per person and number) settle a race.
 */
import { getDb } from "../../../db/client";
import { isUniqueViolation } from "../../../db/errors";
import { withTransaction } from "../../../db/transaction";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { consumeAttempt } from "~/shared/rate-limit.server";
import { getVerifiedPerson } from "~/modules/identity/index.server";
import { normalizeName } from "~/modules/identity";
import type { BusinessState, RegisterAnswer, RegisterQuery } from "./business-register";
import { checkBusinessRegister } from "./business-register.server";

export type OwnershipRefusal =
  | "not_found"
  /** The account has no verified person yet: verify first. */
  | "not_verified"
  /** The register does not know this number with this opening date and this person as representative. */
  | "no_match"
  /** It does, but the business is suspended or closed. */
  | "not_operating"
  /** The register is down or too slow: try later (never a silent pass). */
  | "unavailable"
  /** Too many checks from this account or address in the last hour. */
  | "limited";

export type OwnershipResult =
  | { ok: true; alreadyConfirmed: boolean }
  | { ok: false; reason: OwnershipRefusal; state?: Exclude<BusinessState, "operating">; retryAfterMinutes?: number };

export async function confirmOwnership(
  input: { ownerId: number; actorLabel: string; businessId: number; openedOn: string; ip?: string },
  {
    now = new Date(),
    db = getDb(),
    register = (q: RegisterQuery) => checkBusinessRegister(q),
  }: { now?: Date; db?: Kysely<Database>; register?: (q: RegisterQuery) => Promise<RegisterAnswer> } = {},
): Promise<OwnershipResult> {
  const business = await db
    .selectFrom("businesses")
    .select(["id", "registration_number"])
    .where("id", "=", input.businessId)
    .where("owner_id", "=", input.ownerId)
    .executeTakeFirst();
  if (!business) return { ok: false, reason: "not_found" };
  const already = await db.selectFrom("business_ownerships").select("user_id").where("business_id", "=", business.id).executeTakeFirst();
  if (already?.user_id === input.ownerId) return { ok: true, alreadyConfirmed: true };
  const checked = await checkRepresentative(
    { ownerId: input.ownerId, registrationNumber: business.registration_number, openedOn: input.openedOn, ip: input.ip },
    { now, db, register },
  );
  if (!checked.ok) return checked;
  const { person } = checked;

  try {
    return await withTransaction(db, async (trx): Promise<OwnershipResult> => {
      // The business and the person again, now under the write lock: the register's answer holds for them only.
      const still = await trx
        .selectFrom("businesses")
        .select("registration_number")
        .where("id", "=", business.id)
        .where("owner_id", "=", input.ownerId)
        .executeTakeFirst();
      const same = await getVerifiedPerson(trx, input.ownerId);
      if (!still || still.registration_number !== business.registration_number) return { ok: false, reason: "not_found" };
      if (!same || same.subjectHash !== person.subjectHash || same.issuer !== person.issuer) return { ok: false, reason: "not_verified" };
      await trx.deleteFrom("business_ownerships").where("business_id", "=", business.id).where("user_id", "<>", input.ownerId).execute();
      await writeOwnership(trx, {
        businessId: business.id,
        ownerId: input.ownerId,
        actorLabel: input.actorLabel,
        registrationNumber: business.registration_number,
        person,
        openedOn: input.openedOn,
        now,
      });
      return { ok: true, alreadyConfirmed: false };
    });
  } catch (error) {
    // A second confirmation of the same business at once: the first one stands.
    if (isUniqueViolation(error)) return { ok: true, alreadyConfirmed: true };
    throw error;
  }
}

type VerifiedPerson = NonNullable<Awaited<ReturnType<typeof getVerifiedPerson>>>;
type Refusal = { ok: false; reason: OwnershipRefusal; state?: Exclude<BusinessState, "operating">; retryAfterMinutes?: number };

/**
 * Is the account's verified person the register's representative for this number and opening date,
 * and is the business operating? Rate-limited per account and address. Asks the register, so it is
 * called outside any transaction; the caller re-reads what it changes under its write lock.
 */
export async function checkRepresentative(
  input: { ownerId: number; registrationNumber: string; openedOn: string; ip?: string },
  { now, db, register }: { now: Date; db: Kysely<Database>; register: (q: RegisterQuery) => Promise<RegisterAnswer> },
): Promise<{ ok: true; person: VerifiedPerson } | Refusal> {
  const person = await getVerifiedPerson(db, input.ownerId);
  if (!person) return { ok: false, reason: "not_verified" };
  // Counted before the register is asked, whatever it answers: guessing opening dates is what this stops.
  const limit = await consumeAttempt(
    [{ scope: "ownership:account", key: `user:${input.ownerId}` }, ...(input.ip ? [{ scope: "ownership:ip" as const, key: input.ip }] : [])],
    { now },
  );
  if (limit.limited) return { ok: false, reason: "limited", retryAfterMinutes: limit.retryAfterMinutes };
  const answer = await register({
    registrationNumber: input.registrationNumber,
    openedOn: input.openedOn,
    representativeName: normalizeName(person.name),
  });
  if (answer.kind === "unavailable") return { ok: false, reason: "unavailable" };
  if (answer.kind === "no_match") return { ok: false, reason: "no_match" };
  if (answer.state !== "operating") return { ok: false, reason: "not_operating", state: answer.state };
  return { ok: true, person };
}

/** The confirmation row and its audit entry, in the caller's transaction. */
export async function writeOwnership(
  trx: Kysely<Database>,
  input: { businessId: number; ownerId: number; actorLabel: string; registrationNumber: string; person: VerifiedPerson; openedOn: string; now: Date },
): Promise<void> {
  await trx
    .insertInto("business_ownerships")
    .values({
      business_id: input.businessId,
      user_id: input.ownerId,
      registration_number: input.registrationNumber,
      issuer: input.person.issuer,
      subject_hash: input.person.subjectHash,
      representative_name: normalizeName(input.person.name),
      opened_on: input.openedOn,
      confirmed_at: input.now.toISOString(),
    })
    .execute();
  await recordAudit(trx, {
    actor: { id: input.ownerId, label: input.actorLabel },
    action: "business.ownership_confirmed",
    target: { type: "business", id: input.businessId },
    details: { registrationNumber: input.registrationNumber, register: "business_register" },
    at: input.now,
  });
}

/** Whether the owner's business is confirmed for them. */
export async function isOwnershipConfirmed(
  { ownerId, businessId }: { ownerId: number; businessId: number },
  { db = getDb() } = {},
): Promise<boolean> {
  const row = await db
    .selectFrom("business_ownerships")
    .select("business_id")
    .where("business_id", "=", businessId)
    .where("user_id", "=", ownerId)
    .executeTakeFirst();
  return Boolean(row);
}

/** Which of these businesses are confirmed for the owner (one query, for a page listing several). */
export async function confirmedBusinessIds(
  { ownerId, businessIds }: { ownerId: number; businessIds: number[] },
  { db = getDb() } = {},
): Promise<Set<number>> {
  if (businessIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("business_ownerships")
    .select("business_id")
    .where("user_id", "=", ownerId)
    .where("business_id", "in", businessIds)
    .execute();
  return new Set(rows.map((r) => r.business_id));
}

/**
 * Who may be paid for the owner's business (the payee check): the representative the register
 * matched when the business was confirmed for this owner, and the business itself (its trade name,
 * for a corporate account). Null while the business is not confirmed for them.
 */
export async function allowedPayees(
  { ownerId, businessId }: { ownerId: number; businessId: number },
  { db = getDb() }: { db?: Kysely<Database> } = {},
): Promise<{ people: string[]; businessName: string } | null> {
  const rows = await db
    .selectFrom("business_ownerships as o")
    .innerJoin("businesses as b", "b.id", "o.business_id")
    .select(["o.representative_name", "b.trade_name"])
    .where("o.business_id", "=", businessId)
    .where("o.user_id", "=", ownerId)
    .where("b.owner_id", "=", ownerId)
    .execute();
  if (!rows.length) return null;
  return { people: rows.map((r) => r.representative_name), businessName: rows[0]!.trade_name };
}
