import { PostgresAdapter, type Kysely } from "kysely";

/** True when the connection is PostgreSQL; migrations use it to guard the rare non-portable column. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
