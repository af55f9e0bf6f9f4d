import type { Kysely } from "kysely";
import type { Database } from "./schema";
import { migrateToLatest } from "./migrations";
import { seedProgrammes } from "./seed";

export interface PrepareOptions {
  /** Seed demo accounts (later issue) when the operator has not declared production. */
  demo: boolean;
  log?: (line: string) => void;
  now?: Date;
}

/** What `npm start` does before listening: migrate, then seed a database that has no programmes. */
export async function prepareDatabase(db: Kysely<Database>, { log = () => {}, now }: PrepareOptions) {
  await migrateToLatest(db, log);
  const { count } = await db
    .selectFrom("programmes")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  if (Number(count) === 0) await seedProgrammes(db, { log, now });
}
