/**
 * Whether a database error is a unique-constraint violation, on either dialect: better-sqlite3's
 * SQLITE_CONSTRAINT_UNIQUE (or its message) and PostgreSQL's SQLSTATE 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === "SQLITE_CONSTRAINT_UNIQUE" || e?.code === "23505" || /UNIQUE constraint failed/.test(e?.message ?? "");
}
