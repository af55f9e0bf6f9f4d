import type { Kysely } from "kysely";
import type { Database } from "./schema";
import { migrateToLatest } from "./migrations";
import { seedProgrammes } from "./seed";
import { seedDemoAccounts } from "./seed-demo";

export interface PrepareOptions {
  /** Seed demo accounts when the operator has not declared production (PORTAL_ENV). */
  demo: boolean;
  log?: (line: string) => void;
  now?: Date;
}

/**
 * What `npm start` does before listening: migrate, seed a database that has no programmes, and outside
 * production seed the demo accounts into a database that has no users.
 */
export async function prepareDatabase(db: Kysely<Database>, { demo, log = () => {}, now }: PrepareOptions) {
  await migrateToLatest(db, log);
  const { count } = await db
    .selectFrom("programmes")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  if (Number(count) === 0) await seedProgrammes(db, { log, now });
  // Only into a database with no users at all: never beside real accounts, never in production.
  if (demo) await seedDemoAccounts(db, { log, now });
}
