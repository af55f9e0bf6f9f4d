import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { Database } from "../../db/schema";
import { auditHash, createChainVerifier, GENESIS_HASH, type ChainCheck } from "../domain/audit-chain";
import { isUniqueViolation } from "../../db/errors";
import { isPostgres, lockFor } from "../../db/dialect";
import { withTransaction } from "../../db/transaction";

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
 * change and its audit row commit together. Two writers racing for the same predecessor cannot both
 * succeed (prev_hash is unique); the loser reads the new tail and tries again.
 */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  // PostgreSQL: writers in every process take the chain's lock until their transaction ends, so the
  // head they read is still the head when they commit (a unique violation there would abort the
  // whole transaction, so it cannot be retried as on SQLite, where BEGIN IMMEDIATE serialises).
  if (isPostgres(executor)) {
    if (!executor.isTransaction) return withTransaction(executor as Kysely<Database>, (trx) => recordAudit(trx, entry));
    await lockFor(executor, "audit_log");
  }
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
    try {
      await executor
        .insertInto("audit_log")
        .values({ ...fields, prev_hash: prev, hash: auditHash(prev, fields) })
        .execute();
      return;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}

/** Re-computes the whole chain in id order, a batch at a time, and names the first broken row. */
export async function verifyAuditChain(db: Kysely<Database> = getDb(), batchSize = 2_000): Promise<ChainCheck> {
  const verifier = createChainVerifier();
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("audit_log")
      .select(["id", "at", "actor_id", "actor_label", "action", "target_type", "target_id", "details", "prev_hash", "hash"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(batchSize)
      .execute();
    for (const row of rows) if (!verifier.push(row)) return verifier.result();
    if (rows.length < batchSize) return verifier.result();
    after = rows[rows.length - 1]!.id;
  }
}
