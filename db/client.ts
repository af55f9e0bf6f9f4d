import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, Kysely, SqliteDialect, type DatabaseConnection, type Dialect, type Driver } from "kysely";
import type { Database } from "./schema";

export interface DatabaseConfig {
  /** SQLite file; the embedded default. */
  path: string;
  /** `postgres://…` selects PostgreSQL instead of the SQLite file. */
  url?: string;
}

/** A clear, user-facing reason why the database could not be opened (never a stack trace). */
export class DatabaseOpenError extends Error {
  override name = "DatabaseOpenError";
}

/**
 * The one place that chooses the SQL dialect. Services only ever see `Kysely<Database>`, so adding
 * PostgreSQL means adding a branch here and the `pg` package, nothing else.
 */
function createDialect(config: DatabaseConfig): Dialect {
  if (config.url && /^postgres(ql)?:\/\//.test(config.url)) {
    throw new DatabaseOpenError(
      "DATABASE_URL points at PostgreSQL, which this build does not include yet. " +
        "Unset DATABASE_URL to use the embedded SQLite database at DATABASE_PATH.",
    );
  }
  return new ImmediateSqliteDialect({ database: openSqlite(config.path) });
}

/**
 * SQLite with every transaction begun IMMEDIATE: it takes the write lock at BEGIN, so when several
 * app instances share the file, a second writer waits (busy_timeout) instead of failing with
 * SQLITE_BUSY when it tries to write after reading a snapshot another instance has since changed.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    const begin = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw("begin immediate"));
    };
    driver.beginTransaction = begin;
    return driver;
  }
}

export function openSqlite(file: string): SQLite.Database {
  const absolute = path.resolve(file);
  const folder = path.dirname(absolute);
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new DatabaseOpenError(
      `Cannot create the database folder ${folder} (${(error as NodeJS.ErrnoException).code ?? "error"}). ` +
        "Set DATABASE_PATH to a file in a writable folder.",
    );
  }
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(absolute);
    // WAL lets readers proceed while one writer commits; busy_timeout waits for the lock instead of
    // failing at once; foreign keys are off by default in SQLite.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    // NORMAL (default) loses nothing committed when the process crashes; FULL also survives power loss
    // or an OS crash, at the price of an fsync per commit. See docs/backups.md.
    sqlite.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS?.toUpperCase() === "FULL" ? "FULL" : "NORMAL"}`);
    // Probe a write so a read-only file or folder is reported now, not at the first user's request.
    sqlite.exec("CREATE TABLE IF NOT EXISTS _write_probe (x INTEGER); DROP TABLE _write_probe;");
  } catch (error) {
    throw new DatabaseOpenError(
      `Cannot open the database ${absolute} for writing (${(error as Error).message}). ` +
        "Check that the file and its folder are writable, or set DATABASE_PATH elsewhere.",
    );
  }
  return sqlite;
}

export function createDatabase(config: DatabaseConfig): Kysely<Database> {
  return new Kysely<Database>({ dialect: createDialect(config) });
}

let instance: Kysely<Database> | undefined;

/** The process-wide database, opened on first use from DATABASE_PATH / DATABASE_URL. */
export function getDb(): Kysely<Database> {
  instance ??= createDatabase({
    path: process.env.DATABASE_PATH || "data/portal.db",
    url: process.env.DATABASE_URL || undefined,
  });
  return instance;
}

export async function closeDb(): Promise<void> {
  const db = instance;
  instance = undefined;
  await db?.destroy();
}
