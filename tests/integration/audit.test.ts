import { spawnSync } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { ROOT } from "../helpers/server";
import { recordAudit, verifyAuditChain } from "~/services/audit.server";

const actor = { id: 7, label: "caseworker@demo.test" };

function runVerifyCli() {
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "db/audit-verify-cli.ts"], {
    cwd: ROOT,
    env: { ...process.env },
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

  it("`npm run audit:verify` passes an intact chain and names the first edited row", async () => {
    const intact = runVerifyCli();
    expect(intact.code).toBe(0);
    expect(intact.output).toContain("audit chain intact: 55 row(s) verified");

    const db = getDb();
    const victim = await db.selectFrom("audit_log").select("id").orderBy("id").offset(12).limit(1).executeTakeFirstOrThrow();
    await sql`UPDATE audit_log SET details = '{"i":999}' WHERE id = ${victim.id}`.execute(db);
    const broken = runVerifyCli();
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(`audit chain BROKEN at row id ${victim.id}`);
  });
});
