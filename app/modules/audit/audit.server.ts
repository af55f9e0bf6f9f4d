import { sql, type Kysely, type Transaction } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { auditHash, createChainVerifier, GENESIS_HASH, type ChainCheck } from "./audit-chain";
import { isUniqueViolation } from "../../../db/errors";
import { lockFor } from "../../../db/dialect";
import { withTransaction } from "../../../db/transaction";

export interface AuditActor {
  id: number | null;
  /** The actor's email, or "system" / "anonymous". */
  label: string;
}

export interface AuditEntry {
  actor: AuditActor;
  /** Dotted verb, e.g. "application.approve", "document.download", "auth.sign_in", "auth.denied". */
  action: string;
  target?: { type: string; id: string | number } | null;
  details?: Record<string, unknown>;
  at?: Date;
}

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Appends one row to the audit trail. Pass the transaction of the change being audited so the
 * change and its audit row commit together (without one, a transaction is opened here). Two writers
 * racing for the same predecessor cannot both succeed (prev_hash is unique); the loser reads the new
 * tail and tries again. The new head is written to audit_checkpoints in the same transaction, so
 * removing the newest rows (which the chain alone cannot show) is detectable.
 */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  // PostgreSQL: writers in every process take the chain's lock until their transaction ends, so the
  // head they read is still the head when they commit (a unique violation there would abort the
  // whole transaction, so it cannot be retried as on SQLite, where BEGIN IMMEDIATE serialises).
  // Without a transaction one is opened here, so the row and its checkpoint commit together.
  if (!executor.isTransaction) return withTransaction(executor as Kysely<Database>, (trx) => recordAudit(trx, entry));
  await lockFor(executor, "audit_log");
  const fields = {
    at: (entry.at ?? new Date()).toISOString(),
    actor_id: entry.actor.id,
    actor_label: entry.actor.label,
    action: entry.action,
    target_type: entry.target?.type ?? null,
    target_id: entry.target ? String(entry.target.id) : null,
    details: JSON.stringify(entry.details ?? {}),
  };
  for (let attempt = 1; ; attempt++) {
    const tail = await executor.selectFrom("audit_log").select("hash").orderBy("id", "desc").limit(1).executeTakeFirst();
    const prev = tail?.hash ?? GENESIS_HASH;
    const hash = auditHash(prev, fields);
    try {
      const row = await executor
        .insertInto("audit_log")
        .values({ ...fields, prev_hash: prev, hash })
        .returning("id")
        .executeTakeFirstOrThrow();
      await executor
        .insertInto("audit_checkpoints")
        .values({ day: fields.at.slice(0, 10), last_id: row.id, last_hash: hash, appended: 1, updated_at: new Date().toISOString() })
        .onConflict((oc) =>
          oc.column("day").doUpdateSet((eb) => ({
            last_id: eb.ref("excluded.last_id"),
            last_hash: eb.ref("excluded.last_hash"),
            appended: sql<number>`audit_checkpoints.appended + 1`,
            updated_at: eb.ref("excluded.updated_at"),
          })),
        )
        .execute();
      return;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}

/**
 * Re-computes the whole chain in id order, a batch at a time, and names the first broken row; then
 * checks the chain's end against the checkpoints: each names a row that must still be there with
 * the same hash, and the newest names the last row.
 */
export async function verifyAuditChain(db: Kysely<Database> = getDb(), batchSize = 2_000): Promise<ChainCheck> {
  const verifier = createChainVerifier();
  let after = 0;
  let last: { id: number; hash: string } | null = null;
  for (;;) {
    const rows = await db
      .selectFrom("audit_log")
      .select(["id", "at", "actor_id", "actor_label", "action", "target_type", "target_id", "details", "prev_hash", "hash"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(batchSize)
      .execute();
    for (const row of rows) if (!verifier.push(row)) return verifier.result();
    if (rows.length) last = { id: Number(rows[rows.length - 1]!.id), hash: rows[rows.length - 1]!.hash };
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]!.id;
  }
  const chain = verifier.result();
  const checkpoints = await db.selectFrom("audit_checkpoints").select(["day", "last_id", "last_hash"]).orderBy("last_id", "desc").execute();
  const end = checkEnd(chain, last, checkpoints);
  if (!end.ok) return end;
  // Earlier days' heads must still be in the chain as they were: a trail rewritten from some row on
  // (every hash recomputed) would otherwise verify.
  for (let i = 0; i < checkpoints.length; i += 500) {
    const slice = checkpoints.slice(i, i + 500);
    const found = await db
      .selectFrom("audit_log")
      .select(["id", "hash"])
      .where(
        "id",
        "in",
        slice.map((c) => c.last_id),
      )
      .execute();
    const hashes = new Map(found.map((r) => [Number(r.id), r.hash]));
    for (const c of slice) {
      if (hashes.get(Number(c.last_id)) !== c.last_hash) {
        return {
          ok: false,
          rows: chain.rows,
          brokenId: Number(c.last_id),
          reason: `row ${c.last_id} is not the row the checkpoint of ${c.day} recorded (removed or rewritten)`,
        };
      }
    }
  }
  return end;
}

/** The chain's end against the checkpoints (exported for tests). */
export function checkEnd(
  chain: ChainCheck,
  last: { id: number; hash: string } | null,
  checkpoints: ReadonlyArray<{ day: string; last_id: number; last_hash: string }>,
): ChainCheck {
  if (!chain.ok) return chain;
  const newest = checkpoints[0];
  if (!newest) {
    return last
      ? { ok: false, rows: chain.rows, brokenId: last.id, reason: "no checkpoint records the chain's head (the checkpoints were removed)" }
      : chain;
  }
  if (!last || Number(newest.last_id) > last.id) {
    return {
      ok: false,
      rows: chain.rows,
      brokenId: Number(newest.last_id),
      reason: `the newest rows were removed: the checkpoint of ${newest.day} names row ${newest.last_id}, but the trail ends at ${last ? `row ${last.id}` : "no row"}`,
    };
  }
  if (Number(newest.last_id) < last.id) {
    return {
      ok: false,
      rows: chain.rows,
      brokenId: last.id,
      reason: `rows after the newest checkpoint (row ${newest.last_id}, ${newest.day}) were added without one`,
    };
  }
  if (newest.last_hash !== last.hash) {
    return {
      ok: false,
      rows: chain.rows,
      brokenId: last.id,
      reason: `the last row's hash differs from the checkpoint of ${newest.day} (the end of the trail was replaced)`,
    };
  }
  return chain;
}
