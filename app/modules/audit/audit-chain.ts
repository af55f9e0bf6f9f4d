import { createHash } from "node:crypto";

/**
 * The audit trail's hash chain. Each row's hash covers its own fields and the previous row's hash,
 * so changing, inserting or deleting any row breaks every link after it. Pure (node:crypto only).
 */
export const GENESIS_HASH = "0".repeat(64);

export interface AuditFields {
  at: string;
  actor_id: number | null;
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** JSON text, hashed exactly as stored. */
  details: string;
}

export function auditHash(prevHash: string, row: AuditFields): string {
  // A fixed field order and JSON encoding make the input unambiguous (no "ab"+"c" = "a"+"bc").
  const canonical = JSON.stringify([prevHash, row.at, row.actor_id, row.actor_label, row.action, row.target_type, row.target_id, row.details]);
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}

export type ChainCheck = { ok: true; rows: number } | { ok: false; rows: number; brokenId: number; reason: string };

type StoredRow = AuditFields & { id: number; prev_hash: string; hash: string };

/**
 * Checks rows one at a time in id order (so a caller can stream millions in batches) and remembers
 * the first row whose link or hash does not hold.
 */
export function createChainVerifier() {
  let expectedPrev = GENESIS_HASH;
  let rows = 0;
  let failure: Extract<ChainCheck, { ok: false }> | null = null;
  return {
    /** Returns false once the chain is known to be broken (the caller may stop reading). */
    push(row: StoredRow): boolean {
      if (failure) return false;
      rows++;
      if (row.prev_hash !== expectedPrev) {
        failure = { ok: false, rows, brokenId: row.id, reason: "its link to the previous row does not match (a row was removed or inserted)" };
      } else if (auditHash(row.prev_hash, row) !== row.hash) {
        failure = { ok: false, rows, brokenId: row.id, reason: "its contents do not match its hash (the row was edited)" };
      } else {
        expectedPrev = row.hash;
      }
      return failure === null;
    },
    result(): ChainCheck {
      return failure ?? { ok: true, rows };
    },
  };
}

export function verifyChain(rows: Iterable<StoredRow>): ChainCheck {
  const verifier = createChainVerifier();
  for (const row of rows) if (!verifier.push(row)) break;
  return verifier.result();
}
