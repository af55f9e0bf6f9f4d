import { spawnSync } from "node:child_process";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import type { Database } from "../../db/schema";
import { isPostgres } from "../../db/dialect";
import { freshDatabase } from "../helpers/db";
import { ROOT } from "../helpers/server";
import { auditHash } from "../../app/modules/audit/audit-chain";
import { recordAudit, verifyAuditChain } from "../../app/modules/audit/audit.server";

const actor = { id: 7, label: "caseworker@demo.test" };

/** Runs `npm run audit:verify` on this file's database, or on another one (its env). */
function runVerifyCli(databaseEnv: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "db/audit-verify-cli.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...databaseEnv },
    encoding: "utf8",
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("audit trail", () => {
  it("appends rows that verify, in the caller's transaction", async () => {
    const db = getDb();
    for (let i = 0; i < 30; i++) {
      await recordAudit(db, { actor, action: "document.view", target: { type: "document", id: i }, details: { i } });
    }
    // A rolled-back change leaves no audit row behind.
    await db
      .transaction()
      .execute(async (trx) => {
        await recordAudit(trx, { actor, action: "application.approve", target: { type: "application", id: "SF-2026-000001" } });
        throw new Error("roll back");
      })
      .catch(() => {});
    const count = await db.selectFrom("audit_log").select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(30);
    expect(await verifyAuditChain(db, 7)).toEqual({ ok: true, rows: 30 });
  });

  it("keeps one chain when many writers append at once", async () => {
    const db = getDb();
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        db.transaction().execute((trx) => recordAudit(trx, { actor, action: "application.claim", target: { type: "application", id: i } })),
      ),
    );
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 55 });
  });

  it("the database refuses to update or delete audit rows, and checkpoints only move forward", async () => {
    const db = getDb();
    const before = await db.selectFrom("audit_log").selectAll().orderBy("id").execute();
    const victim = before[3]!;
    await expect(sql`UPDATE audit_log SET details = '{"i":999}' WHERE id = ${victim.id}`.execute(db)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(sql`DELETE FROM audit_log WHERE id = ${victim.id}`.execute(db)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    expect(await db.selectFrom("audit_log").selectAll().orderBy("id").execute()).toEqual(before);
    await expect(sql`UPDATE audit_checkpoints SET last_id = 1`.execute(db)).rejects.toThrow(/only move forward/);
    await expect(sql`DELETE FROM audit_checkpoints`.execute(db)).rejects.toThrow(/only move forward/);
    // Each append moved its day's checkpoint to the new head, in the same transaction.
    const head = before.at(-1)!;
    const checkpoints = await db.selectFrom("audit_checkpoints").selectAll().orderBy("last_id", "desc").execute();
    expect(checkpoints[0]).toMatchObject({ last_id: head.id, last_hash: head.hash, day: head.at.slice(0, 10) });
    expect(checkpoints.reduce((n, c) => n + c.appended, 0)).toBe(55);
  });

  it("`npm run audit:verify` passes an intact chain and names the first edited row", async () => {
    const intact = runVerifyCli();
    expect(intact.code).toBe(0);
    expect(intact.output).toContain("audit chain intact: 55 row(s) verified");

    const db = getDb();
    const victim = await db.selectFrom("audit_log").select("id").orderBy("id").offset(12).limit(1).executeTakeFirstOrThrow();
    // Someone with write access to the file can drop the trigger; the chain still shows the edit.
    await withoutTriggers(db, () => sql`UPDATE audit_log SET details = '{"i":999}' WHERE id = ${victim.id}`.execute(db));
    const broken = runVerifyCli();
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(`audit chain BROKEN at row id ${victim.id}`);
  });

  it("cutting the newest rows off the trail is detected by the checkpoints", async () => {
    const { db, target, cleanup } = await freshDatabase();
    try {
      for (let i = 0; i < 6; i++) await recordAudit(db, { actor, action: "document.view", target: { type: "document", id: i } });
      expect(runVerifyCli(target.env).code).toBe(0);
      const newest = await db.selectFrom("audit_log").select("id").orderBy("id", "desc").limit(2).execute();
      // The chain alone would not notice: what is left is a valid chain.
      await withoutTriggers(db, () => sql`DELETE FROM audit_log WHERE id >= ${newest[1]!.id}`.execute(db));
      const cut = runVerifyCli(target.env);
      expect(cut.code).toBe(1);
      expect(cut.output).toContain(`audit chain BROKEN at row id ${newest[0]!.id}: the newest rows were removed`);

      // Removing the checkpoints too is also reported.
      await withoutTriggers(db, () => sql`DELETE FROM audit_checkpoints`.execute(db));
      const noCheckpoint = runVerifyCli(target.env);
      expect(noCheckpoint.code).toBe(1);
      expect(noCheckpoint.output).toContain("no checkpoint records the chain's head");
    } finally {
      await cleanup();
    }
  });

  it("a trail rewritten from some row on (every hash recomputed) is caught by an earlier day's checkpoint", async () => {
    const { db, target, cleanup } = await freshDatabase();
    try {
      const days = ["2026-11-01T01:00:00Z", "2026-11-02T01:00:00Z", "2026-11-03T01:00:00Z"];
      for (const at of days) await recordAudit(db, { actor, action: "staff.create", target: { type: "user", id: 1 }, at: new Date(at) });
      const rows = await db.selectFrom("audit_log").selectAll().orderBy("id").execute();
      // Rewrite rows 2 and 3 with a consistent new chain, and move today's checkpoint along.
      await withoutTriggers(db, async () => {
        let prev = rows[0]!.hash;
        for (const row of rows.slice(1)) {
          const fields = { ...row, details: '{"forged":true}' };
          const hash = auditHash(prev, fields);
          await sql`UPDATE audit_log SET details = ${fields.details}, prev_hash = ${`tmp-${row.id}`}, hash = ${`tmp-h-${row.id}`} WHERE id = ${row.id}`.execute(
            db,
          );
          await sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${hash} WHERE id = ${row.id}`.execute(db);
          prev = hash;
        }
        await sql`UPDATE audit_checkpoints SET last_hash = ${prev} WHERE day = '2026-11-03'`.execute(db);
      });
      const result = runVerifyCli(target.env);
      expect(result.code).toBe(1);
      expect(result.output).toContain(
        `audit chain BROKEN at row id ${rows[1]!.id}: row ${rows[1]!.id} is not the row the checkpoint of 2026-11-02 recorded`,
      );
    } finally {
      await cleanup();
    }
  });
});

/** Runs `fn` with the append-only triggers off (as someone with the database's owner rights could), then puts them back. */
async function withoutTriggers(db: Kysely<Database>, fn: () => Promise<unknown>) {
  if (isPostgres(db)) {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(db);
    await sql`ALTER TABLE audit_checkpoints DISABLE TRIGGER USER`.execute(db);
    try {
      await fn();
    } finally {
      await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(db);
      await sql`ALTER TABLE audit_checkpoints ENABLE TRIGGER USER`.execute(db);
    }
    return;
  }
  const triggers = await sql<{
    name: string;
    sql: string;
  }>`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_log', 'audit_checkpoints')`.execute(db);
  expect(triggers.rows.length).toBe(4);
  for (const t of triggers.rows) await sql.raw(`DROP TRIGGER ${t.name}`).execute(db);
  try {
    await fn();
  } finally {
    for (const t of triggers.rows) await sql.raw(t.sql).execute(db);
  }
}
