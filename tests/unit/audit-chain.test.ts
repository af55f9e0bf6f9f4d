import { describe, expect, it } from "vitest";
import { auditHash, GENESIS_HASH, verifyChain, type AuditFields } from "../../app/modules/audit/audit-chain";

function chain(n: number) {
  const rows: Array<AuditFields & { id: number; prev_hash: string; hash: string }> = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields: AuditFields = {
      at: `2026-11-26T10:00:${String(i).padStart(2, "0")}.000Z`,
      actor_id: i,
      actor_label: `user${i}@demo.test`,
      action: "application.approve",
      target_type: "application",
      target_id: `SF-2026-${String(i).padStart(6, "0")}`,
      details: JSON.stringify({ amountKrw: i * 1000 }),
    };
    const hash = auditHash(prev, fields);
    rows.push({ id: i, ...fields, prev_hash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe("audit hash chain", () => {
  it("accepts an intact chain", () => {
    expect(verifyChain(chain(10))).toEqual({ ok: true, rows: 10 });
    expect(verifyChain([])).toEqual({ ok: true, rows: 0 });
  });

  it("names an edited row", () => {
    const rows = chain(10);
    rows[6]!.details = JSON.stringify({ amountKrw: 99_999_999 });
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenId: 7, reason: expect.stringContaining("edited") });
  });

  it("names the row after a deleted one", () => {
    const rows = chain(10);
    rows.splice(3, 1);
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenId: 5, reason: expect.stringContaining("removed") });
  });

  it("catches a row edited together with its own hash (the next link breaks)", () => {
    const rows = chain(5);
    rows[1]!.actor_label = "someone-else@demo.test";
    rows[1]!.hash = auditHash(rows[1]!.prev_hash, rows[1]!);
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenId: 3 });
  });

  it("hashes unambiguously", () => {
    const base: AuditFields = { at: "t", actor_id: null, actor_label: "ab", action: "c", target_type: null, target_id: null, details: "{}" };
    expect(auditHash(GENESIS_HASH, base)).not.toBe(auditHash(GENESIS_HASH, { ...base, actor_label: "a", action: "bc" }));
  });
});
