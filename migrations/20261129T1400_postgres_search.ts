import { sql, type Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. PostgreSQL only (SQLite needs none of it; the schema comparison test lists
// these as intended differences):
// - business-name "contains" search (ILIKE) backed by a pg_trgm GIN index, so it is not a scan of a
//   million businesses;
// - prefix searches (reference, registration number, email) compare in the "C" collation whatever
//   the database's own collation is (db/dialect.ts startsWith), so the indexes are on that expression.
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index businesses_trade_name_trgm on businesses using gin (trade_name gin_trgm_ops)`.execute(db);
  await sql`create index applications_reference_c on applications (reference collate "C")`.execute(db);
  await sql`create index businesses_registration_number_c on businesses (registration_number collate "C")`.execute(db);
  await sql`create index users_email_c on users (email collate "C")`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const index of ["users_email_c", "businesses_registration_number_c", "applications_reference_c", "businesses_trade_name_trgm"]) {
    await sql`drop index if exists ${sql.ref(index)}`.execute(db);
  }
}
