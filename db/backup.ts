/**
 * Online backup and offline restore of the embedded SQLite database (`npm run db:backup -- FILE`,
 * `npm run db:restore -- FILE`). PostgreSQL deployments use pg_dump and point-in-time recovery
 * instead: docs/backups.md.
 *
 * Backup uses SQLite's online backup API (better-sqlite3 `backup()`) from a connection of its own,
 * so the portal keeps serving and writing; the copy is one consistent snapshot. It is written to a
 * temporary file beside the target, checked, and only then renamed into place: an interrupted or
 * refused backup leaves nothing behind and changes nothing.
 *
 * Restore refuses anything that is not a portal database (migrations table, audit chain that
 * verifies, integrity check) and refuses while the portal (or anything else) has the database open:
 * it needs SQLite's exclusive lock, which any open WAL connection prevents. The database it replaces
 * is kept beside it as `<file>.before-restore-<time>`.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { verifyAuditChain } from "../app/modules/audit/audit.server";
import type { Database } from "./schema";

export class BackupError extends Error {
  override name = "BackupError";
}

export interface DatabaseSummary {
  migrations: number;
  applications: number;
  documents: number;
  auditRows: number;
  users: number;
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** Checks that `file` is an intact portal database; returns what it holds, or throws a BackupError saying why not. */
export async function inspectPortalDatabase(file: string): Promise<DatabaseSummary> {
  let header: Buffer;
  try {
    const fd = fs.openSync(file, "r");
    header = Buffer.alloc(16);
    fs.readSync(fd, header, 0, 16, 0);
    fs.closeSync(fd);
  } catch (error) {
    throw new BackupError(`Cannot read ${file} (${code(error)}).`);
  }
  if (header.toString("latin1") !== "SQLite format 3\u0000") {
    throw new BackupError(`${file} is not a portal database: it is not an SQLite file at all.`);
  }
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const tables = new Set((sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = ["kysely_migration", "audit_log", "applications", "application_documents", "users"].filter((t) => !tables.has(t));
    if (missing.length) {
      throw new BackupError(`${file} is not a portal database: it has no ${missing.join(", ")} table${missing.length > 1 ? "s" : ""}.`);
    }
    const integrity = sqlite.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new BackupError(`${file} is damaged: SQLite's integrity check says ${String(integrity)}.`);
    const chain = await verifyAuditChain(db);
    if (!chain.ok) throw new BackupError(`${file} fails the audit check: the audit chain is broken at row ${chain.brokenId} (${chain.reason}).`);
    const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return {
      migrations: count("kysely_migration"),
      applications: count("applications"),
      documents: count("application_documents"),
      auditRows: chain.rows,
      users: count("users"),
    };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} could not be read as a portal database (${(error as Error).message}).`);
  } finally {
    await db.destroy();
  }
}

/** Where a backup may go: a new file in an existing, writable folder. Throws before anything is written. */
function checkDestination(destination: string): void {
  const folder = path.dirname(destination);
  if (fs.existsSync(destination)) throw new BackupError(`${destination} already exists; choose a new file name (nothing was changed).`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch {
    throw new BackupError(`Cannot write the backup to ${destination}: the folder ${folder} does not exist (nothing was changed).`);
  }
  if (!stat.isDirectory()) throw new BackupError(`Cannot write the backup to ${destination}: ${folder} is not a folder (nothing was changed).`);
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch (error) {
    throw new BackupError(`Cannot write the backup to ${destination}: the folder ${folder} is not writable (${code(error)}; nothing was changed).`);
  }
}

/**
 * Copies the live database at `source` to `destination` with the online backup API while the
 * portal keeps serving. Returns what the copy holds.
 */
export async function backupDatabase(source: string, destination: string, { log = (_: string) => {} } = {}): Promise<DatabaseSummary> {
  const target = path.resolve(destination);
  if (!fs.existsSync(source)) throw new BackupError(`There is no database at ${source} to back up (set DATABASE_PATH).`);
  checkDestination(target);
  const partial = `${target}.partial-${process.pid}`;
  const sqlite = new SQLite(source, { fileMustExist: true });
  try {
    sqlite.pragma("busy_timeout = 5000");
    const started = Date.now();
    await sqlite.backup(partial, {
      // After the first step, copy everything else in one step: in WAL mode that holds only a read
      // snapshot (writers carry on), and a copy made in many steps would restart whenever the portal wrote.
      progress: ({ totalPages }) => Math.max(totalPages, 100),
    });
    log(`copied ${source} in ${Date.now() - started} ms`);
    // The copy keeps the live database's WAL mode; make it one self-contained file (the portal
    // switches a restored database back to WAL when it opens it).
    const copy = new SQLite(partial);
    try {
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
  } catch (error) {
    fs.rmSync(partial, { force: true });
    const reason = code(error);
    throw new BackupError(`Cannot write the backup to ${target} (${reason}; nothing was changed).`);
  } finally {
    sqlite.close();
  }
  try {
    const summary = await inspectPortalDatabase(partial);
    fs.renameSync(partial, target);
    return summary;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** True when some connection (a running portal, a migration) has the SQLite file open. */
export function isDatabaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const sqlite = new SQLite(file, { timeout: 0 });
  try {
    sqlite.pragma("locking_mode = EXCLUSIVE");
    sqlite.exec("BEGIN EXCLUSIVE");
    sqlite.exec("COMMIT");
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY" || (error as { code?: string }).code === "SQLITE_LOCKED") return true;
    throw error;
  } finally {
    sqlite.close();
  }
}

/**
 * Puts the backup `backupFile` in place of the database at `target`, which no process may have open.
 * The replaced database is kept as `<target>.before-restore-<time>`.
 */
export async function restoreDatabase(
  backupFile: string,
  target: string,
  { now = new Date() } = {},
): Promise<{ summary: DatabaseSummary; previous: string | null }> {
  const source = path.resolve(backupFile);
  const destination = path.resolve(target);
  if (source === destination) throw new BackupError("The backup file and DATABASE_PATH are the same file.");
  const summary = await inspectPortalDatabase(source);
  if (isDatabaseInUse(destination)) {
    throw new BackupError(
      `The portal is running (the database ${destination} is in use). Stop every portal process using it, then restore again (nothing was changed).`,
    );
  }
  const folder = path.dirname(destination);
  const incoming = `${destination}.restoring-${process.pid}`;
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.copyFileSync(source, incoming, fs.constants.COPYFILE_EXCL);
  } catch (error) {
    fs.rmSync(incoming, { force: true });
    throw new BackupError(`Cannot write to ${folder} (${code(error)}; nothing was changed).`);
  }
  let previous: string | null = null;
  if (fs.existsSync(destination)) {
    // Fold the old database's WAL into it, so the kept copy is one self-contained file.
    const old = new SQLite(destination);
    try {
      old.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      old.close();
    }
    previous = `${destination}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(destination, previous);
  }
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${destination}${suffix}`, { force: true });
  fs.renameSync(incoming, destination);
  return { summary, previous };
}

export function describeSummary(s: DatabaseSummary): string {
  return `${s.applications} application(s), ${s.documents} document(s), ${s.users} account(s), ${s.auditRows} audit row(s) with an intact chain, ${s.migrations} migration(s)`;
}
