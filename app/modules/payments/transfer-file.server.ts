import { getDb } from "../../../db/client";
import { transferHeader, transferLine, transferTrailer } from "./payment-files";
import { hasStaffRole } from "~/modules/accounts";
import { recordAudit } from "~/modules/audit/index.server";
import { type Db, type Supervisor, n } from "./payments-common.server";

/** The bank transfer file of a released batch, streamed. */
/**
 * The bank transfer file of a released (or settled) batch, streamed a page at a time by keyset on
 * the sequence, so a 100,000-line file never sits in memory. The download is audited.
 */
export async function openTransferFile(
  { batchId, staff }: { batchId: number; staff: Supervisor },
  { now = new Date(), db = getDb(), pageSize = 5_000 }: { now?: Date; db?: Db; pageSize?: number } = {},
): Promise<{ ok: true; filename: string; stream: ReadableStream<Uint8Array> } | { ok: false; reason: "not_found" | "not_released" }> {
  if (!hasStaffRole(staff.role, "supervisor")) return { ok: false, reason: "not_found" };
  const b = await db
    .selectFrom("payment_batches as b")
    .innerJoin("programmes as p", "p.id", "b.programme_id")
    .select(["b.id", "b.state", "b.released_at", "b.payment_count", "b.total_krw", "p.slug"])
    .where("b.id", "=", batchId)
    .executeTakeFirst();
  if (!b) return { ok: false, reason: "not_found" };
  if ((b.state !== "released" && b.state !== "settled") || !b.released_at) return { ok: false, reason: "not_released" };
  await recordAudit(db, {
    actor: { id: staff.id, label: staff.email },
    action: "payment_batch.transfer_file",
    target: { type: "payment_batch", id: b.id },
    details: { count: b.payment_count, totalKrw: n(b.total_krw) },
    at: now,
  });
  const encoder = new TextEncoder();
  let after = 0;
  let state: "header" | "lines" | "done" = "header";
  let count = 0;
  let total = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (state === "header") {
        state = "lines";
        controller.enqueue(encoder.encode(transferHeader({ id: b.id, programmeSlug: b.slug, releasedAt: b.released_at! })));
        return;
      }
      if (state === "done") return;
      const rows = await db
        .selectFrom("payments")
        .select(["sequence", "bank_code", "account_number", "holder_name", "amount_krw", "reference"])
        .where("batch_id", "=", b.id)
        .where("sequence", ">", after)
        .orderBy("sequence")
        .limit(pageSize)
        .execute();
      let chunk = "";
      for (const r of rows) {
        const amount = n(r.amount_krw);
        chunk += transferLine({
          sequence: r.sequence,
          bankCode: r.bank_code,
          accountNumber: r.account_number,
          holderName: r.holder_name,
          amountKrw: amount,
          reference: r.reference,
        });
        count++;
        total += amount;
      }
      if (rows.length) after = rows[rows.length - 1]!.sequence;
      if (rows.length < pageSize) {
        chunk += transferTrailer(count, total);
        state = "done";
        if (chunk) controller.enqueue(encoder.encode(chunk));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  return { ok: true, filename: `transfer-batch-${b.id}.csv`, stream };
}
