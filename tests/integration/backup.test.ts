import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../db/client";
import type { Database } from "../../db/schema";
import { recordAudit, verifyAuditChain } from "../../app/modules/audit/audit.server";
import { createBusiness, createUser } from "../helpers/fixtures";
import { onPostgres } from "../helpers/db";
import { ROOT, startServer, type RunningServer } from "../helpers/server";

/** `npm run db:backup` / `db:restore` as an operator runs them: the CLIs, against the built server's database (SQLite only: PostgreSQL uses pg_dump, docs/backups.md). */
function cli(script: "backup" | "restore", file: string, databasePath: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, `db/${script}-cli.ts`), file], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: databasePath, DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

const count = (file: string, table: string) => {
  const db = new SQLite(file, { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

let dir: string;
let server: RunningServer;
let db: Kysely<Database>;

beforeAll(async () => {
  if (onPostgres) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-backup-"));
  server = await startServer({ LOG_REQUESTS: "0" });
  db = createDatabase({ path: server.databasePath });
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(onPostgres)("backup and restore", () => {
  it("backs up online under write load, refuses to restore into a running portal, restores a stopped one", async () => {
    const businessesBefore = count(server.databasePath, "businesses");
    // Write load: audited changes from a second connection while the portal also serves pages.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        const user = await createUser(db, "owner");
        await createBusiness(db, user.id);
        await recordAudit(db, { actor: { id: user.id, label: user.email }, action: "test.write_load", target: { type: "user", id: user.id } });
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const reader = (async () => {
      while (writing) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    })();
    await new Promise((r) => setTimeout(r, 300));
    const file = path.join(dir, "portal-backup.db");
    const backup = await cli("backup", file, server.databasePath);
    const writtenDuringBackup = written;
    await new Promise((r) => setTimeout(r, 200));
    writing = false;
    await Promise.all([writer, reader]);
    expect(backup.output).toMatch(/backup written to .*audit row\(s\) with an intact chain/);
    expect(backup.code).toBe(0);
    expect(writtenDuringBackup).toBeGreaterThan(0);

    // The copy is one consistent snapshot: intact chain, and every audited write has its business.
    const copy = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(file, { readonly: true }) }) });
    try {
      const chain = await verifyAuditChain(copy);
      expect(chain.ok).toBe(true);
    } finally {
      await copy.destroy();
    }
    const backedUpAudit = count(file, "audit_log");
    const backedUpBusinesses = count(file, "businesses");
    const liveAudit = count(server.databasePath, "audit_log");
    expect(backedUpAudit).toBeGreaterThan(0);
    expect(backedUpAudit).toBeLessThan(liveAudit); // writes went on after the snapshot
    const loadRows = (f: string) => {
      const s = new SQLite(f, { readonly: true });
      try {
        return (s.prepare("select count(*) as n from audit_log where action = 'test.write_load'").get() as { n: number }).n;
      } finally {
        s.close();
      }
    };
    // Each write-load round adds a business then its audit row (two commits): the snapshot holds
    // every round it saw whole, and at most one round caught between the two.
    expect(backedUpBusinesses - businessesBefore - loadRows(file)).toBeGreaterThanOrEqual(0);
    expect(backedUpBusinesses - businessesBefore - loadRows(file)).toBeLessThanOrEqual(1);

    // A second backup to the same name, or into a folder that is missing or not a folder: clear, nothing changed.
    const again = await cli("backup", file, server.databasePath);
    expect(again.code).toBe(1);
    expect(again.output).toContain("already exists; choose a new file name (nothing was changed)");
    const missing = await cli("backup", path.join(dir, "no-such-folder", "b.db"), server.databasePath);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("does not exist (nothing was changed)");
    const underFile = await cli("backup", path.join(file, "b.db"), server.databasePath);
    expect(underFile.code).toBe(1);
    expect(underFile.output).toContain("is not a folder (nothing was changed)");
    expect(fs.readdirSync(dir)).toEqual(["portal-backup.db"]);

    // Restoring into the running portal is refused, and its database is untouched.
    const before = count(server.databasePath, "audit_log");
    const refused = await cli("restore", file, server.databasePath);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("The portal is running");
    expect(count(server.databasePath, "audit_log")).toBe(before);

    // Stopped portal: the restore puts the backup in place and keeps the old database beside it.
    const target = path.join(dir, "live", "portal.db");
    fs.mkdirSync(path.dirname(target));
    await db.destroy();
    const oldDb = server.databasePath;
    fs.copyFileSync(oldDb, target);
    for (const s of ["-wal"]) if (fs.existsSync(oldDb + s)) fs.copyFileSync(oldDb + s, target + s);
    const restored = await cli("restore", file, target);
    expect(restored.output).toContain(`audit row(s) with an intact chain`);
    expect(restored.code).toBe(0);
    expect(restored.output).toContain("the database it replaced is kept as");
    expect(count(target, "audit_log")).toBe(backedUpAudit);
    expect(count(target, "businesses")).toBe(backedUpBusinesses);
    expect(fs.readdirSync(path.dirname(target)).some((f) => f.startsWith("portal.db.before-restore-"))).toBe(true);

    // The portal starts on the restored database, and its audit chain verifies.
    const again2 = await startServer({ DATABASE_PATH: target, LOG_REQUESTS: "0" });
    try {
      const health = await (await fetch(`${again2.url}/healthz`)).json();
      expect(health.status).toBe("ok");
    } finally {
      await again2.stop();
    }
    const after = createDatabase({ path: target });
    try {
      const chain = await verifyAuditChain(after);
      expect(chain).toMatchObject({ ok: true });
    } finally {
      await after.destroy();
    }
    db = createDatabase({ path: server.databasePath });
  }, 120_000);

  it("refuses to restore a file that is not a portal database, and changes nothing", async () => {
    const target = path.join(dir, "target.db");
    fs.writeFileSync(target, "");
    const notSqlite = path.join(dir, "notes.txt");
    fs.writeFileSync(notSqlite, "hello, this is not a database");
    const r1 = await cli("restore", notSqlite, target);
    expect(r1.code).toBe(1);
    expect(r1.output).toContain("is not a portal database: it is not an SQLite file at all");

    const other = path.join(dir, "other.db");
    const s = new SQLite(other);
    s.exec("create table notes (x text)");
    s.close();
    const r2 = await cli("restore", other, target);
    expect(r2.code).toBe(1);
    expect(r2.output).toMatch(/is not a portal database: it has no kysely_migration, audit_log/);

    // A portal database whose audit trail was edited.
    const tampered = path.join(dir, "tampered.db");
    const backup = await cli("backup", tampered, server.databasePath);
    expect(backup.code).toBe(0);
    const t = new SQLite(tampered);
    // Someone with the file can drop the append-only trigger; the chain still tells.
    t.exec("drop trigger if exists audit_log_no_update");
    t.prepare("update audit_log set actor_label = 'someone-else' where id = (select min(id) from audit_log)").run();
    t.close();
    const r3 = await cli("restore", tampered, target);
    expect(r3.code).toBe(1);
    expect(r3.output).toContain("fails the audit check: the audit chain is broken at row");

    const r4 = await cli("restore", path.join(dir, "missing.db"), target);
    expect(r4.code).toBe(1);
    expect(r4.output).toContain("Cannot read");
    expect(fs.readFileSync(target, "utf8")).toBe("");
  }, 60_000);
});
