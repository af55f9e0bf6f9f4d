/**
 * Whether a database error is a unique-constraint violation, on either dialect: better-sqlite3's
 * SQLITE_CONSTRAINT_UNIQUE (or its message) and PostgreSQL's SQLSTATE 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === "SQLITE_CONSTRAINT_UNIQUE" || e?.code === "23505" || /UNIQUE constraint failed/.test(e?.message ?? "");
}

/** PostgreSQL SQLSTATEs meaning the server is going away, starting up, or the connection broke. */
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006", "53300"]);
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "SQLITE_BUSY", "SQLITE_BUSY_TIMEOUT"]);

/**
 * Whether an error means the database is (briefly) out of reach rather than that the request was
 * wrong: a PostgreSQL restart, a dropped connection, a pool with no free connection within its wait,
 * or SQLite's lock wait running out. Such a request is answered 503 (try again), never 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  if (typeof e.code === "string" && (UNAVAILABLE_STATES.has(e.code) || UNAVAILABLE_CODES.has(e.code))) return true;
  const message = typeof e.message === "string" ? e.message : "";
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|is not currently accepting connections|database is locked/i.test(
    message,
  );
}
