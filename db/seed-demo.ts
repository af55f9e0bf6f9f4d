import type { Kysely } from "kysely";
import type { Database, Role } from "./schema";
import { hashPassword } from "../app/modules/accounts/password.server";
import { withTransaction } from "./transaction";

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
        await trx
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
          .execute();
      }
    }
  });
  log(`seed: added ${DEMO_ACCOUNTS.length} demo accounts (password ${DEMO_PASSWORD}) and a demo business`);
  return { inserted: DEMO_ACCOUNTS.length };
}
