import { createHash } from "node:crypto";
import { sql } from "kysely";
import { getDb } from "../../../db/client";
import { isUniqueViolation } from "../../../db/errors";
import type { PaymentBatchState } from "../../../db/schema";
import { withTransaction } from "../../../db/transaction";
import { decideTransition, statusName } from "~/modules/applications";
import { parseResultFile, type ResultProblem, type TransferPayment } from "./payment-files";
import { hasStaffRole } from "~/modules/accounts";
import { RulesSchema, type LocalisedText } from "~/modules/eligibility";
import { recordAudit } from "~/modules/audit/index.server";
import { notify } from "~/modules/notifications/index.server";
import { recordPaymentFailure } from "./awaiting-account.server";
import { recordStatusChange } from "~/modules/applications/index.server";
import { type Db, type Supervisor, type Trx, batchStateMessage, n } from "./payments-common.server";
import { Abort } from "~/shared/abort";

/** The bank's result file: each payment paid or failed, through the state machine. */
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
 * paid through the state machine and recordStatusChange, each failed one puts its application
 * awaiting a new account and tells the owner once (awaiting-account.server.ts; the application
 * stays approved), and the counters move.
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
          .innerJoin("businesses", "businesses.id", "applications.business_id")
          .select(["applications.id", "applications.status", "applications.owner_id", "users.email", "businesses.phone"])
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
          // Awaiting a new account; the owner is told (portal, email, text) once per failed payment.
          await recordPaymentFailure(trx, {
            payment: p,
            programmeId: b.programme_id,
            programmeName,
            resultCode: outcome.resultCode,
            owner: { id: app.owner_id, email: app.email, phone: app.phone },
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
