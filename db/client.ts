import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
} from "kysely";
import pg from "pg";
import { sql } from "kysely";
import { logQuery } from "./query-log";
import type { Database } from "./schema";

export interface DatabaseConfig {
  /** SQLite file; the embedded default. */
  path: string;
  /** `postgres://…` selects PostgreSQL instead of the SQLite file. */
  url?: string;
  /** PostgreSQL: connections in this process's pool (DATABASE_POOL_SIZE, default 10). */
  poolSize?: number;
  /** PostgreSQL: how long a request waits for a free connection before it fails (then 503). */
  poolTimeoutMs?: number;
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
  if (config.url) {
    if (!isPostgresUrl(config.url)) {
      throw new DatabaseOpenError(`DATABASE_URL must start with postgres:// or postgresql:// (got ${redactUrl(config.url)}).`);
    }
    return new PostgresDialect({ pool: createPool(config) });
  }
  return new ImmediateSqliteDialect({ database: withStatementCache(openSqlite(config.path)) });
}

/**
 * Kysely's SQLite driver prepares every statement afresh; preparing was 15 % of the server's CPU on
 * the one-step submit (a profile of `tests/bench/rapid-http.ts`). The queries an app sends are a few
 * hundred shapes, so prepared statements are kept by their SQL (least recently used dropped beyond
 * `max`). A statement still iterating (a streamed export) is busy: the same SQL asked for meanwhile
 * gets a fresh one instead of failing.
 */
export function withStatementCache(sqlite: SQLite.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(sqlText: string): SqliteStatement {
      const cached = cache.get(sqlText);
      if (cached) {
        if (cached.busy) return sqlite.prepare(sqlText);
        cache.delete(sqlText); // re-insert: most recently used last
        cache.set(sqlText, cached);
        return cached;
      }
      const statement = sqlite.prepare(sqlText);
      cache.set(sqlText, statement);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** The URL with any password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
  }
}

const pools = new WeakMap<Kysely<any>, pg.Pool>();
let lastPool: pg.Pool | undefined;

/**
 * A pg pool whose numbers come back as numbers: int8 (COUNT, bigint amounts) and numeric (SUM of
 * bigint) would otherwise be strings. KRW sums stay far below 2^53, so Number is exact.
 */
function createPool(config: DatabaseConfig): pg.Pool {
  const types = {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === 20 || oid === 1700) return (value: string) => (value === null ? null : Number(value));
      return pg.types.getTypeParser(oid, format as any);
    }) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    // A request never hangs on an exhausted pool: it waits this long, then fails (503 upstream).
    connectionTimeoutMillis: config.poolTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    types,
    application_name: "sme-portal",
  });
  // An idle connection dropped by a database restart must not crash the process; the next
  // checkout opens a new one.
  pool.on("error", (error) => console.error(`database pool: idle connection lost (${error.message})`));
  lastPool = pool;
  return pool;
}

/** In use / idle / waiting connections of the process's PostgreSQL pool (undefined on SQLite). */
export function poolStats(): { total: number; idle: number; waiting: number } | undefined {
  const pool = instance ? pools.get(instance) : undefined;
  if (!pool) return undefined;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
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
    // In one immediate transaction: nodes starting at once on the same file otherwise interleave
    // (one creates, the other finds it there, the first drops it, the other's drop fails).
    sqlite.exec("BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS _write_probe (x INTEGER); DROP TABLE IF EXISTS _write_probe; COMMIT;");
  } catch (error) {
    throw new DatabaseOpenError(
      `Cannot open the database ${absolute} for writing (${(error as Error).message}). ` +
        "Check that the file and its folder are writable, or set DATABASE_PATH elsewhere.",
    );
  }
  return sqlite;
}

export function createDatabase(config: DatabaseConfig): Kysely<Database> {
  lastPool = undefined;
  const db = new Kysely<Database>({ dialect: createDialect(config), log: logQuery });
  if (lastPool) pools.set(db, lastPool);
  return db;
}

/** Settings from the environment (DATABASE_URL, DATABASE_PATH, DATABASE_POOL_SIZE, DATABASE_POOL_TIMEOUT_MS). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const poolSize = Number(env.DATABASE_POOL_SIZE || 10);
  const poolTimeoutMs = Number(env.DATABASE_POOL_TIMEOUT_MS || 5_000);
  return {
    path: env.DATABASE_PATH || "data/portal.db",
    url: env.DATABASE_URL || undefined,
    poolSize: Number.isInteger(poolSize) && poolSize > 0 ? poolSize : 10,
    poolTimeoutMs: Number.isFinite(poolTimeoutMs) && poolTimeoutMs > 0 ? poolTimeoutMs : 5_000,
  };
}

/**
 * Opens a connection now, so a wrong or unreachable DATABASE_URL stops start-up with one line
 * naming the problem (never the password) instead of failing the first visitor.
 */
export async function checkConnection(db: Kysely<Database>, config: DatabaseConfig): Promise<void> {
  if (!config.url) return;
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    const e = error as { code?: string; message?: string };
    const reason =
      e.code === "ECONNREFUSED"
        ? "nothing is listening there"
        : e.code === "ENOTFOUND" || e.code === "EAI_AGAIN"
          ? "the host name does not resolve"
          : e.code === "28P01" || e.code === "28000"
            ? "the user name or password was refused"
            : e.code === "3D000"
              ? "that database does not exist"
              : (e.message ?? String(error)).replace(config.url, redactUrl(config.url));
    throw new DatabaseOpenError(`Cannot connect to the PostgreSQL database at ${redactUrl(config.url)}: ${reason}.`);
  }
}

let instance: Kysely<Database> | undefined;

/** The process-wide database, opened on first use from DATABASE_PATH / DATABASE_URL. */
export function getDb(): Kysely<Database> {
  instance ??= createDatabase(configFromEnv());
  return instance;
}

export async function closeDb(): Promise<void> {
  const db = instance;
  instance = undefined;
  await db?.destroy();
}
