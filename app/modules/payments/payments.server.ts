import { createHash } from "node:crypto";
import { recordPaymentReleased } from "~/shared/metrics.server";
import { sql, type Kysely, type Transaction } from "kysely";
import { getDb } from "../../../db/client";
import { isPostgres } from "../../../db/dialect";
import { isUniqueViolation } from "../../../db/errors";
import type { Database, PaymentBatchState } from "../../../db/schema";
import { withTransaction } from "../../../db/transaction";
import { decideTransition, statusName } from "~/modules/applications/application-state";
import { bankName } from "./bank";
import {
  parseResultFile,
  resultCodeText,
  transferHeader,
  transferLine,
  transferTrailer,
  type ResultProblem,
  type TransferPayment,
} from "./payment-files";
import { hasStaffRole, type Role } from "~/modules/accounts/roles";
import { RulesSchema, type LocalisedText } from "~/modules/eligibility/rules";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { recordStatusChange } from "~/modules/applications/status-change.server";

/**
 * Payment batches: a supervisor builds a batch of approved, unpaid applications that have
 * a payout account; a second supervisor releases it (four eyes), which produces the bank transfer
 * file; the bank's result file marks each payment paid (the application moves approved → paid
 * through the state machine) or failed (the owner is told to correct the account, and the
 * application can join the next batch).
 *
 * Money invariants are the database's: one open payment per application and one paid payment per
 * application (partial unique indexes), and the programme's committed amount (batched + released +
 * paid) is raised by a guarded UPDATE that cannot pass the budget, inside the build transaction —
 * which SQLite serialises (BEGIN IMMEDIATE) and PostgreSQL serialises per programme with
 * SELECT … FOR UPDATE on the programme row.
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export interface Supervisor {
  id: number;
  email: string;
  role: Role;
}

const OPEN_PAYMENT_STATES = ["batched", "released"] as const;
const INSERT_CHUNK = 500;
const CANDIDATE_PAGE = 2_000;
/** More than any one batch may hold: a transfer file of 100,000 lines is the design load. */
export const MAX_BATCH_COUNT = 100_000;

const n = (value: unknown) => Number(value ?? 0);

// ---------------------------------------------------------------------------------------------
// Reading

/** Programmes that pay money (grants and loans), with their budget, committed and paid counters. */
export async function listPayingProgrammes(db: Db | Trx = getDb()) {
  const rows = await db
    .selectFrom("programmes")
    .leftJoin("programme_payment_totals as t", "t.programme_id", "programmes.id")
    .select([
      "programmes.id",
      "programmes.slug",
      "programmes.name_en",
      "programmes.name_ko",
      "programmes.budget_krw",
      "programmes.rules",
      "t.committed_krw",
      "t.paid_krw",
      "t.paid_count",
    ])
    .where("programmes.status", "!=", "archived")
    .orderBy("programmes.sort_order")
    .execute();
  return rows
    .filter((r) => RulesSchema.parse(JSON.parse(r.rules)).support.kind !== "service")
    .map(({ rules: _rules, ...r }) => ({
      ...r,
      budget_krw: r.budget_krw === null ? null : n(r.budget_krw),
      committed_krw: n(r.committed_krw),
      paid_krw: n(r.paid_krw),
      paid_count: n(r.paid_count),
    }));
}

export async function listBatches(db: Db = getDb(), limit = 50) {
  const rows = await db
    .selectFrom("payment_batches as b")
    .innerJoin("programmes as p", "p.id", "b.programme_id")
    .innerJoin("users as builder", "builder.id", "b.built_by")
    .select([
      "b.id",
      "b.state",
      "b.built_at",
      "b.payment_count",
      "b.total_krw",
      "b.paid_count",
      "b.failed_count",
      "p.name_en as programme_name_en",
      "p.name_ko as programme_name_ko",
      "builder.email as built_by_email",
    ])
    .orderBy("b.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, total_krw: n(r.total_krw) }));
}

export type BatchAction = "release" | "cancel" | "download" | "import";

/** One batch: its counters, who did what, the first lines, and what `staff` may do with it now. */
export async function getBatch(id: number, staff: Supervisor, { db = getDb(), lines = 100 }: { db?: Db; lines?: number } = {}) {
  if (!hasStaffRole(staff.role, "supervisor") || !Number.isSafeInteger(id) || id < 1) return null;
  const b = await db
    .selectFrom("payment_batches as b")
    .innerJoin("programmes as p", "p.id", "b.programme_id")
    .innerJoin("users as builder", "builder.id", "b.built_by")
    .leftJoin("users as releaser", "releaser.id", "b.released_by")
    .leftJoin("users as settler", "settler.id", "b.settled_by")
    .leftJoin("users as canceller", "canceller.id", "b.cancelled_by")
    .selectAll("b")
    .select([
      "p.slug as programme_slug",
      "p.name_en as programme_name_en",
      "p.name_ko as programme_name_ko",
      "builder.email as built_by_email",
      "releaser.email as released_by_email",
      "settler.email as settled_by_email",
      "canceller.email as cancelled_by_email",
    ])
    .where("b.id", "=", id)
    .executeTakeFirst();
  if (!b) return null;
  const payments = await db
    .selectFrom("payments")
    .select(["sequence", "reference", "bank_code", "account_number", "holder_name", "amount_krw", "state", "result_code"])
    .where("batch_id", "=", id)
    .orderBy("sequence")
    .limit(lines)
    .execute();
  const actions: BatchAction[] = [];
  if (b.state === "built") {
    if (b.built_by !== staff.id) actions.push("release");
    actions.push("cancel");
  }
  if (b.state === "released" || b.state === "settled") actions.push("download");
  if (b.state === "released") actions.push("import");
  return {
    ...b,
    total_krw: n(b.total_krw),
    paid_krw: n(b.paid_krw),
    failed_krw: n(b.failed_krw),
    ownBatch: b.built_by === staff.id,
    actions,
    payments: payments.map((p) => ({
      ...p,
      amount_krw: n(p.amount_krw),
      bank_name: bankName(p.bank_code),
      result_text: p.result_code ? resultCodeText(p.result_code) : null,
    })),
  };
}
export type BatchDetail = NonNullable<Awaited<ReturnType<typeof getBatch>>>;

// ---------------------------------------------------------------------------------------------
// Building

export interface BuildInput {
  staff: Supervisor;
  programmeSlug: string;
  /** At most this many payments (1 … 100,000). */
  maxCount: number;
  /** At most this much in all, whole won; null = only the budget limits it. */
  maxAmountKrw: number | null;
}

export type BuildResult =
  | { ok: true; batchId: number; count: number; totalKrw: number }
  | { ok: false; reason: "forbidden" | "not_found" }
  | { ok: false; reason: "refused"; code: "not_paying" | "nothing_to_pay" | "budget_exhausted"; message: LocalisedText };

class Abort<R> extends Error {
  constructor(readonly result: R) {
    super("aborted");
  }
}

/**
 * Builds a batch in one transaction: takes approved applications of the programme that have a
 * payout account and no open or paid payment, oldest first, while they fit under the count, the
 * amount and what is left of the budget; copies each payout account into its payment (the file
 * must say what was sent); keeps the batch's totals and the programme's committed amount.
 */
export async function buildBatch(input: BuildInput, { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {}): Promise<BuildResult> {
  if (!hasStaffRole(input.staff.role, "supervisor")) return { ok: false, reason: "forbidden" };
  const maxCount = Math.min(Math.max(1, Math.floor(input.maxCount)), MAX_BATCH_COUNT);
  const stamp = now.toISOString();
  try {
    return await withTransaction(db, async (trx): Promise<BuildResult> => {
      let pq = trx.selectFrom("programmes").select(["id", "slug", "budget_krw", "rules"]).where("slug", "=", input.programmeSlug);
      // PostgreSQL: builders of the same programme queue here; SQLite's BEGIN IMMEDIATE already has.
      if (isPostgres(trx)) pq = pq.forUpdate();
      const programme = await pq.executeTakeFirst();
      if (!programme) return { ok: false, reason: "not_found" };
      if (RulesSchema.parse(JSON.parse(programme.rules)).support.kind === "service") {
        return {
          ok: false,
          reason: "refused",
          code: "not_paying",
          message: { en: "This programme gives a service, not a payment.", ko: "이 사업은 지급이 아닌 서비스 지원입니다." },
        };
      }
      await trx
        .insertInto("programme_payment_totals")
        .values({ programme_id: programme.id })
        .onConflict((oc) => oc.column("programme_id").doNothing())
        .execute();
      const totals = await trx
        .selectFrom("programme_payment_totals")
        .select("committed_krw")
        .where("programme_id", "=", programme.id)
        .executeTakeFirstOrThrow();
      const budget = programme.budget_krw === null ? null : n(programme.budget_krw);
      const left = budget === null ? Number.MAX_SAFE_INTEGER : budget - n(totals.committed_krw);
      const limit = Math.min(left, input.maxAmountKrw ?? Number.MAX_SAFE_INTEGER);

      // Oldest first, a page at a time, stopping at the first that does not fit (fair: first come,
      // first paid; nobody jumps the queue because their award is smaller).
      const picked: Array<{ id: number; reference: string; amount: number; bank_code: string; account_number: string; holder_name: string }> = [];
      let total = 0;
      let after = 0;
      let blocked = false;
      let blockedAmount: number | null = null;
      while (picked.length < maxCount && !blocked) {
        const page = await trx
          .selectFrom("applications as a")
          .innerJoin("payout_accounts as pa", "pa.application_id", "a.id")
          .select(["a.id", "a.reference", "a.award_amount_krw", "pa.bank_code", "pa.account_number", "pa.holder_name"])
          .where("a.programme_id", "=", programme.id)
          .where("a.status", "=", "approved")
          .where("a.award_amount_krw", ">", 0)
          .where("a.id", ">", after)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom("payments as p")
                  .select("p.id")
                  .whereRef("p.application_id", "=", "a.id")
                  .where("p.state", "in", [...OPEN_PAYMENT_STATES, "paid"]),
              ),
            ),
          )
          .orderBy("a.id")
          .limit(Math.min(CANDIDATE_PAGE, maxCount - picked.length))
          .execute();
        for (const row of page) {
          const amount = n(row.award_amount_krw);
          if (total + amount > limit) {
            blocked = true;
            if (!picked.length) blockedAmount = amount;
            break;
          }
          total += amount;
          picked.push({
            id: row.id,
            reference: row.reference!,
            amount,
            bank_code: row.bank_code,
            account_number: row.account_number,
            holder_name: row.holder_name,
          });
        }
        if (page.length === 0) break;
        after = page[page.length - 1]!.id;
      }
      if (!picked.length) {
        if (blockedAmount !== null && blockedAmount > left) {
          return {
            ok: false,
            reason: "refused",
            code: "budget_exhausted",
            message: {
              en: `What is left of the programme's budget (KRW ${Math.max(0, left).toLocaleString("en")}) does not cover the next payment (KRW ${blockedAmount.toLocaleString("en")}).`,
              ko: `남은 사업 예산(${Math.max(0, left).toLocaleString("ko")}원)으로는 다음 지급(${blockedAmount.toLocaleString("ko")}원)을 할 수 없습니다.`,
            },
          };
        }
        return {
          ok: false,
          reason: "refused",
          code: "nothing_to_pay",
          message:
            blockedAmount !== null
              ? {
                  en: `The next payment (KRW ${blockedAmount.toLocaleString("en")}) is larger than the amount cap you set.`,
                  ko: `다음 지급액(${blockedAmount.toLocaleString("ko")}원)이 설정한 금액 한도보다 큽니다.`,
                }
              : {
                  en: "No approved application of this programme is waiting for payment with a payout account.",
                  ko: "이 사업에 지급 계좌가 등록된 지급 대기 승인 건이 없습니다.",
                },
        };
      }

      // The budget, once more as a guarded write: whatever raced past the read above, this cannot pass it.
      let raise = trx
        .updateTable("programme_payment_totals")
        .set({ committed_krw: sql<number>`committed_krw + ${total}` })
        .where("programme_id", "=", programme.id);
      if (budget !== null) raise = raise.where(sql<boolean>`committed_krw + ${total} <= ${budget}`);
      const raised = await raise.executeTakeFirst();
      if (Number(raised.numUpdatedRows) !== 1) {
        throw new Abort<BuildResult>({
          ok: false,
          reason: "refused",
          code: "budget_exhausted",
          message: { en: "This batch would exceed the programme's budget.", ko: "이 배치는 사업 예산을 넘습니다." },
        });
      }

      const batch = await trx
        .insertInto("payment_batches")
        .values({
          programme_id: programme.id,
          state: "built",
          built_by: input.staff.id,
          built_at: stamp,
          payment_count: picked.length,
          total_krw: total,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (let i = 0; i < picked.length; i += INSERT_CHUNK) {
        await trx
          .insertInto("payments")
          .values(
            picked.slice(i, i + INSERT_CHUNK).map((p, j) => ({
              batch_id: batch.id,
              application_id: p.id,
              programme_id: programme.id,
              sequence: i + j + 1,
              amount_krw: p.amount,
              bank_code: p.bank_code,
              account_number: p.account_number,
              holder_name: p.holder_name,
              reference: p.reference,
              state: "batched" as const,
              created_at: stamp,
              updated_at: stamp,
            })),
          )
          .execute();
      }
      await recordAudit(trx, {
        actor: { id: input.staff.id, label: input.staff.email },
        action: "payment_batch.build",
        target: { type: "payment_batch", id: batch.id },
        details: { programme: programme.slug, count: picked.length, totalKrw: total, maxCount, maxAmountKrw: input.maxAmountKrw },
        at: now,
      });
      return { ok: true, batchId: batch.id, count: picked.length, totalKrw: total };
    });
  } catch (error) {
    if (error instanceof Abort) return error.result as BuildResult;
    // Another batch took one of these applications first (the open-payment index): nothing written.
    if (isUniqueViolation(error)) {
      return {
        ok: false,
        reason: "refused",
        code: "nothing_to_pay",
        message: {
          en: "Another batch took these applications at the same moment. Build again.",
          ko: "다른 배치가 같은 순간에 이 신청들을 가져갔습니다. 다시 만드세요.",
        },
      };
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Releasing and cancelling

export type BatchChangeResult =
  | { ok: true; state: PaymentBatchState }
  | { ok: false; reason: "forbidden" | "not_found" }
  | { ok: false; reason: "refused"; code: "own_batch" | "wrong_state" | "stale"; message: LocalisedText };

async function batchStateMessage(trx: Db | Trx, id: number): Promise<LocalisedText> {
  const b = await trx
    .selectFrom("payment_batches as b")
    .leftJoin("users as r", "r.id", "b.released_by")
    .leftJoin("users as c", "c.id", "b.cancelled_by")
    .select(["b.state", "b.released_at", "b.cancelled_at", "b.settled_at", "r.email as released_by", "c.email as cancelled_by"])
    .where("b.id", "=", id)
    .executeTakeFirstOrThrow();
  switch (b.state) {
    case "released":
      return {
        en: `Batch ${id} was already released by ${b.released_by} at ${b.released_at}.`,
        ko: `${id}번 배치는 이미 ${b.released_at}에 ${b.released_by}님이 지급 실행했습니다.`,
      };
    case "settled":
      return {
        en: `Batch ${id} is already settled: its result file was imported at ${b.settled_at}.`,
        ko: `${id}번 배치는 이미 정산되었습니다(결과 파일 반영: ${b.settled_at}).`,
      };
    case "cancelled":
      return {
        en: `Batch ${id} was cancelled by ${b.cancelled_by} at ${b.cancelled_at}.`,
        ko: `${id}번 배치는 ${b.cancelled_at}에 ${b.cancelled_by}님이 취소했습니다.`,
      };
    default:
      return { en: `Batch ${id} changed meanwhile. Look at it again.`, ko: `그사이 ${id}번 배치가 바뀌었습니다. 다시 확인하세요.` };
  }
}

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

// ---------------------------------------------------------------------------------------------
// The bank's result file

export const MAX_RESULT_FILE_BYTES = 32 * 1024 * 1024;

export type ImportResult =
  | { ok: true; paidCount: number; paidKrw: number; failedCount: number; failedKrw: number }
  | { ok: false; reason: "forbidden" | "not_found" }
  | { ok: false; reason: "refused"; code: "wrong_state" | "application_changed"; message: LocalisedText }
  | { ok: false; reason: "invalid"; problems: ResultProblem[] };

/**
 * Imports the bank's result file of a released batch, all or nothing. The file is checked line by
 * line against the batch first (parseResultFile); any problem refuses it whole, naming the lines.
 * Then one transaction: the batch becomes settled (a guarded UPDATE: a second import of the same
 * batch, even at the same moment, is refused), each paid payment moves its application approved →
 * paid through the state machine and recordStatusChange, each failed one tells the owner to correct
 * the payout account (the application stays approved and can join the next batch), and the
 * counters move.
 */
export async function importResultFile(
  { batchId, staff, text }: { batchId: number; staff: Supervisor; text: string },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<ImportResult> {
  if (!hasStaffRole(staff.role, "supervisor")) return { ok: false, reason: "forbidden" };
  const b = await db
    .selectFrom("payment_batches")
    .select(["id", "state", "payment_count", "total_krw", "programme_id"])
    .where("id", "=", batchId)
    .executeTakeFirst();
  if (!b) return { ok: false, reason: "not_found" };
  if (b.state !== "released") return { ok: false, reason: "refused", code: "wrong_state", message: await importStateMessage(db, b.id, b.state) };
  const rows = await db
    .selectFrom("payments")
    .select(["id", "application_id", "sequence", "bank_code", "account_number", "holder_name", "amount_krw", "reference"])
    .where("batch_id", "=", b.id)
    .orderBy("sequence")
    .execute();
  const payments = new Map<number, TransferPayment>();
  const bySequence = new Map<number, (typeof rows)[number]>();
  for (const r of rows) {
    payments.set(r.sequence, {
      sequence: r.sequence,
      bankCode: r.bank_code,
      accountNumber: r.account_number,
      holderName: r.holder_name,
      amountKrw: n(r.amount_krw),
      reference: r.reference,
    });
    bySequence.set(r.sequence, r);
  }
  const parsed = parseResultFile(text, { id: b.id, count: b.payment_count, totalKrw: n(b.total_krw), payments });
  if (!parsed.ok) return { ok: false, reason: "invalid", problems: parsed.problems };
  const stamp = now.toISOString();
  const sha256 = createHash("sha256").update(text).digest("hex");

  try {
    return await withTransaction(db, async (trx): Promise<ImportResult> => {
      const settled = await trx
        .updateTable("payment_batches")
        .set({
          state: "settled",
          settled_by: staff.id,
          settled_at: stamp,
          paid_count: parsed.paidCount,
          paid_krw: parsed.paidKrw,
          failed_count: parsed.failedCount,
          failed_krw: parsed.failedKrw,
          result_sha256: sha256,
          version: sql<number>`version + 1`,
        })
        .where("id", "=", b.id)
        .where("state", "=", "released")
        .executeTakeFirst();
      if (Number(settled.numUpdatedRows) !== 1) {
        const now2 = await trx.selectFrom("payment_batches").select("state").where("id", "=", b.id).executeTakeFirstOrThrow();
        throw new Abort<ImportResult>({
          ok: false,
          reason: "refused",
          code: "wrong_state",
          message: await importStateMessage(trx, b.id, now2.state),
        });
      }
      const programme = await trx
        .selectFrom("programmes")
        .select(["name_en", "name_ko", "rules"])
        .where("id", "=", b.programme_id)
        .executeTakeFirstOrThrow();
      const programmeName = { en: programme.name_en, ko: programme.name_ko };
      const supportKind = RulesSchema.parse(JSON.parse(programme.rules)).support.kind;
      const paidTransition = decideTransition({ status: "approved", action: "mark_paid", actorRole: staff.role, supportKind });
      if (!paidTransition.ok)
        throw new Abort<ImportResult>({ ok: false, reason: "refused", code: "application_changed", message: paidTransition.message });

      for (const outcome of parsed.outcomes) {
        const p = bySequence.get(outcome.sequence)!;
        const app = await trx
          .selectFrom("applications")
          .innerJoin("users", "users.id", "applications.owner_id")
          .select(["applications.id", "applications.status", "applications.owner_id", "users.email"])
          .where("applications.id", "=", p.application_id)
          .executeTakeFirstOrThrow();
        await trx
          .updateTable("payments")
          .set({ state: outcome.paid ? "paid" : "failed", result_code: outcome.resultCode, result_at: stamp, updated_at: stamp })
          .where("id", "=", p.id)
          .where("state", "=", "released")
          .execute();
        if (outcome.paid) {
          const moved = await trx
            .updateTable("applications")
            .set({ status: paidTransition.to, updated_at: stamp, version: sql<number>`version + 1` })
            .where("id", "=", app.id)
            .where("status", "=", "approved")
            .executeTakeFirst();
          if (Number(moved.numUpdatedRows) !== 1) {
            throw new Abort<ImportResult>({
              ok: false,
              reason: "refused",
              code: "application_changed",
              message: {
                en: `Sequence ${outcome.sequence}: application ${p.reference} is no longer approved (it is ${statusName(app.status).en}). Nothing was imported.`,
                ko: `순번 ${outcome.sequence}: 신청 ${p.reference}이(가) 더 이상 승인 상태가 아닙니다(현재 '${statusName(app.status).ko}'). 아무것도 반영하지 않았습니다.`,
              },
            });
          }
          await recordStatusChange(trx, {
            applicationId: app.id,
            from: "approved",
            to: paidTransition.to,
            action: "mark_paid",
            actorId: staff.id,
            actorRole: staff.role,
            reason: null,
            at: stamp,
          });
          await notify(trx, {
            userId: app.owner_id,
            email: app.email,
            applicationId: app.id,
            kind: "status_changed",
            params: { reference: p.reference, programmeName, status: paidTransition.to, statusName: statusName(paidTransition.to) },
            link: `/applications/${p.reference}`,
            now,
          });
        } else {
          await notify(trx, {
            userId: app.owner_id,
            email: app.email,
            applicationId: app.id,
            kind: "payment_failed",
            params: { reference: p.reference, programmeName, resultCode: outcome.resultCode, resultText: resultCodeText(outcome.resultCode) },
            link: `/applications/${p.reference}/payout`,
            now,
          });
        }
      }
      await trx
        .updateTable("programme_payment_totals")
        .set({
          committed_krw: sql<number>`committed_krw - ${parsed.failedKrw}`,
          paid_krw: sql<number>`paid_krw + ${parsed.paidKrw}`,
          paid_count: sql<number>`paid_count + ${parsed.paidCount}`,
        })
        .where("programme_id", "=", b.programme_id)
        .execute();
      await recordAudit(trx, {
        actor: { id: staff.id, label: staff.email },
        action: "payment_batch.result_imported",
        target: { type: "payment_batch", id: b.id },
        details: { sha256, paidCount: parsed.paidCount, paidKrw: parsed.paidKrw, failedCount: parsed.failedCount, failedKrw: parsed.failedKrw },
        at: now,
      });
      return { ok: true, paidCount: parsed.paidCount, paidKrw: parsed.paidKrw, failedCount: parsed.failedCount, failedKrw: parsed.failedKrw };
    });
  } catch (error) {
    if (error instanceof Abort) return error.result as ImportResult;
    if (isUniqueViolation(error)) {
      return {
        ok: false,
        reason: "refused",
        code: "application_changed",
        message: {
          en: "One of these applications has been paid already. Nothing was imported.",
          ko: "이 중 이미 지급된 신청이 있습니다. 아무것도 반영하지 않았습니다.",
        },
      };
    }
    throw error;
  }
}

async function importStateMessage(db: Db | Trx, id: number, state: PaymentBatchState): Promise<LocalisedText> {
  if (state === "built") {
    return {
      en: `Batch ${id} has not been released yet, so the bank cannot have answered it.`,
      ko: `${id}번 배치는 아직 지급 실행되지 않아 은행 결과가 있을 수 없습니다.`,
    };
  }
  return batchStateMessage(db, id);
}

// ---------------------------------------------------------------------------------------------
// For the owner

/** The payments of one application, newest first (owner-scoped by the caller's application id). */
export async function listApplicationPayments(applicationId: number, db: Db | Trx = getDb()) {
  const rows = await db
    .selectFrom("payments")
    .select(["id", "state", "amount_krw", "bank_code", "account_number", "result_code", "result_at", "created_at"])
    .where("application_id", "=", applicationId)
    .orderBy("id", "desc")
    .limit(20)
    .execute();
  return rows.map((r) => ({ ...r, amount_krw: n(r.amount_krw), result_text: r.result_code ? resultCodeText(r.result_code) : null }));
}
