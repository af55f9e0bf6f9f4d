import type { Kysely } from "kysely";
import type { Database, Role } from "./schema";
import { hashPassword } from "../app/modules/accounts/password.server";
import { withTransaction } from "./transaction";
import { identitySettings } from "../app/shared/env.server";
import { subjectHash } from "../app/modules/identity/identity.server";

/**
 * The demo owner's verified person: named as the demo business's representative in the local
 * register (tools/business-register), with an identifier of its own, so that a tester verifying as
 * the local provider's 김민수 on another account is not told that person is already taken.
 */
const DEMO_PERSON = { sub: "demo-owner-person", name: "김민수", birthDate: "1980-03-15" };

/** Demo accounts, one per role, listed in the README. Never seeded when PORTAL_ENV=production. */
export const DEMO_PASSWORD = "demo-password-2021";
export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; role: Role }> = [
  { email: "owner@demo.test", role: "owner" },
  { email: "caseworker@demo.test", role: "caseworker" },
  { email: "supervisor@demo.test", role: "supervisor" },
  { email: "admin@demo.test", role: "admin" },
];
export const DEMO_BUSINESS_NUMBER = "2208123455";

/** Seeds the demo accounts and the demo owner's business, only into a database without users. */
export async function seedDemoAccounts(db: Kysely<Database>, { now = new Date(), log = (_: string) => {} } = {}) {
  const { n } = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  if (Number(n) > 0) return { inserted: 0 };
  // One hash for all four: the same published password, and start-up stays quick.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const stamp = now.toISOString();
  await withTransaction(db, async (trx) => {
    for (const account of DEMO_ACCOUNTS) {
      const user = await trx
        .insertInto("users")
        .values({
          email: account.email,
          password_hash: passwordHash,
          role: account.role,
          created_at: stamp,
          updated_at: stamp,
          password_changed_at: stamp,
          // The demo owner can submit at once: its published address cannot receive a link.
          email_verified_at: stamp,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (account.role === "owner") {
        const business = await trx
          .insertInto("businesses")
          .values({
            owner_id: user.id,
            trade_name: "Demo Kimchi House",
            registration_number: DEMO_BUSINESS_NUMBER,
            representative_name: "Kim Demo",
            phone: "02-1234-5678",
            address: "1 Sejong-daero, Jung-gu, Seoul",
            region: "seoul",
            sector: "food_service",
            employees: 3,
            opened_on: "2018-04-02",
            created_at: stamp,
            updated_at: stamp,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        // The demo owner has verified as the local provider's 김민수 and proven the business theirs,
        // with the same records a real verification and register check write, so it can apply at once.
        const { issuer, hashKey } = identitySettings();
        const hash = subjectHash(issuer, DEMO_PERSON.sub, hashKey);
        await trx
          .insertInto("identity_verifications")
          .values({ user_id: user.id, issuer, subject_hash: hash, name: DEMO_PERSON.name, birth_date: DEMO_PERSON.birthDate, verified_at: stamp })
          .execute();
        await trx
          .insertInto("business_ownerships")
          .values({
            business_id: business.id,
            user_id: user.id,
            registration_number: DEMO_BUSINESS_NUMBER,
            issuer,
            subject_hash: hash,
            representative_name: DEMO_PERSON.name,
            opened_on: "2018-04-02",
            confirmed_at: stamp,
          })
          .execute();
      }
    }
  });
  log(`seed: added ${DEMO_ACCOUNTS.length} demo accounts (password ${DEMO_PASSWORD}) and a demo business`);
  return { inserted: DEMO_ACCOUNTS.length };
}
