import { PostgresAdapter, sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from "kysely";

/**
 * The few places where SQLite and PostgreSQL differ, each in one small function tested on both.
 * Everything else is plain Kysely.
 */

/** True when the connection is PostgreSQL; migrations use it to guard the rare non-portable column. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Serialises writers of one thing (the audit chain's head, one rate-limit key) until the caller's
 * transaction ends. PostgreSQL: a transaction-scoped advisory lock. SQLite: nothing to do, since
 * every transaction began IMMEDIATE already holds the database's only write lock.
 */
export async function lockFor(trx: Kysely<any>, name: string): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `column` starts with `prefix`, as an index range. On PostgreSQL the comparison is made in the "C"
 * collation (byte order), so it is right whatever collation the database was created with — a
 * linguistic collation would sort "SF-2026-1" among "SF20261…" — and the migrations index the same
 * expression so it stays an index range scan.
 */
export function startsWith(db: Kysely<any>, column: string, prefix: string): RawBuilder<SqlBool> {
  // Every text that starts with the prefix sorts below prefix + U+FFFF (in byte order too).
  const hi = `${prefix}\uffff`;
  if (isPostgres(db)) return sql<SqlBool>`(${sql.ref(column)} collate "C" >= ${prefix} and ${sql.ref(column)} collate "C" < ${hi})`;
  return sql<SqlBool>`(${sql.ref(column)} >= ${prefix} and ${sql.ref(column)} < ${hi})`;
}

/**
 * `column` contains `text`, ignoring the case of Latin letters. SQLite's LIKE already does; on
 * PostgreSQL ILIKE does, and a pg_trgm GIN index (created only there) keeps it off a full scan.
 */
export function containsText(db: Kysely<any>, column: string, text: string): Expression<SqlBool> {
  const pattern = `%${escapeLike(text)}%`;
  if (isPostgres(db)) return sql<SqlBool>`${sql.ref(column)} ilike ${pattern} escape '\\'`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}
