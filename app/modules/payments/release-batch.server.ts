import { recordPaymentReleased } from "~/shared/metrics.server";
import { sql } from "kysely";
import { getDb } from "../../../db/client";
import { withTransaction } from "../../../db/transaction";
import { hasStaffRole } from "~/modules/accounts";
import { recordAudit } from "~/modules/audit/index.server";
import { type BatchChangeResult, type Db, type Supervisor, batchStateMessage, n } from "./payments-common.server";

/** Releasing (four eyes) and cancelling a built batch. */
// ---------------------------------------------------------------------------------------------
// Releasing and cancelling

/**
 * The second supervisor confirms and releases a built batch (four eyes: never its builder). Two
 * releasing at once: the guarded UPDATE lets exactly one through; the other is told who released it.
 */
export async function releaseBatch(
  { batchId, staff, version }: { batchId: number; staff: Supervisor; version?: number | null },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<BatchChangeResult> {
  if (!hasStaffRole(staff.role, "supervisor")) return { ok: false, reason: "forbidden" };
  const stamp = now.toISOString();
  let released: { slug: string; count: number; totalKrw: number } | null = null;
  const result = await withTransaction(db, async (trx): Promise<BatchChangeResult> => {
    released = null;
    const b = await trx
      .selectFrom("payment_batches")
      .select(["id", "state", "built_by", "version", "payment_count", "total_krw", "programme_id"])
      .where("id", "=", batchId)
      .executeTakeFirst();
    if (!b) return { ok: false, reason: "not_found" };
    if (b.state !== "built") return { ok: false, reason: "refused", code: "wrong_state", message: await batchStateMessage(trx, b.id) };
    if (b.built_by === staff.id) {
      return {
        ok: false,
        reason: "refused",
        code: "own_batch",
        message: {
          en: "You built this batch: another supervisor must confirm and release it.",
          ko: "직접 만든 배치입니다. 다른 감독자가 확인하고 지급 실행해야 합니다.",
        },
      };
    }
    let q = trx
      .updateTable("payment_batches")
      .set({ state: "released", released_by: staff.id, released_at: stamp, version: sql<number>`version + 1` })
      .where("id", "=", b.id)
      .where("state", "=", "built");
    if (version !== undefined && version !== null) q = q.where("version", "=", version);
    const updated = await q.executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      const now2 = await trx.selectFrom("payment_batches").select("state").where("id", "=", b.id).executeTakeFirstOrThrow();
      return { ok: false, reason: "refused", code: now2.state === "built" ? "stale" : "wrong_state", message: await batchStateMessage(trx, b.id) };
    }
    await trx
      .updateTable("payments")
      .set({ state: "released", updated_at: stamp })
      .where("batch_id", "=", b.id)
      .where("state", "=", "batched")
      .execute();
    await recordAudit(trx, {
      actor: { id: staff.id, label: staff.email },
      action: "payment_batch.release",
      target: { type: "payment_batch", id: b.id },
      details: { builtBy: b.built_by, count: b.payment_count, totalKrw: n(b.total_krw) },
      at: now,
    });
    const programme = await trx.selectFrom("programmes").select("slug").where("id", "=", b.programme_id).executeTakeFirstOrThrow();
    released = { slug: programme.slug, count: Number(b.payment_count), totalKrw: n(b.total_krw) };
    return { ok: true, state: "released" };
  });
  // Counted once committed (metrics: payments released per programme, with their amount).
  const done = released as { slug: string; count: number; totalKrw: number } | null;
  if (result.ok && done) recordPaymentReleased(done.slug, done.totalKrw, done.count);
  return result;
}

/** A built batch that should not go out: its applications return to the pool, its amount to the budget. */
export async function cancelBatch(
  { batchId, staff }: { batchId: number; staff: Supervisor },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<BatchChangeResult> {
  if (!hasStaffRole(staff.role, "supervisor")) return { ok: false, reason: "forbidden" };
  const stamp = now.toISOString();
  return withTransaction(db, async (trx): Promise<BatchChangeResult> => {
    const b = await trx
      .selectFrom("payment_batches")
      .select(["id", "state", "programme_id", "total_krw", "payment_count"])
      .where("id", "=", batchId)
      .executeTakeFirst();
    if (!b) return { ok: false, reason: "not_found" };
    const updated = await trx
      .updateTable("payment_batches")
      .set({ state: "cancelled", cancelled_by: staff.id, cancelled_at: stamp, version: sql<number>`version + 1` })
      .where("id", "=", b.id)
      .where("state", "=", "built")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      return { ok: false, reason: "refused", code: "wrong_state", message: await batchStateMessage(trx, b.id) };
    await trx
      .updateTable("payments")
      .set({ state: "cancelled", updated_at: stamp })
      .where("batch_id", "=", b.id)
      .where("state", "=", "batched")
      .execute();
    await trx
      .updateTable("programme_payment_totals")
      .set({ committed_krw: sql<number>`committed_krw - ${n(b.total_krw)}` })
      .where("programme_id", "=", b.programme_id)
      .execute();
    await recordAudit(trx, {
      actor: { id: staff.id, label: staff.email },
      action: "payment_batch.cancel",
      target: { type: "payment_batch", id: b.id },
      details: { count: b.payment_count, totalKrw: n(b.total_krw) },
      at: now,
    });
    return { ok: true, state: "cancelled" };
  });
}

// ---------------------------------------------------------------------------------------------
// The transfer file
