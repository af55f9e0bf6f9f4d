import { sql } from "kysely";
import { getDb } from "../../../db/client";
import { isPostgres } from "../../../db/dialect";
import { isUniqueViolation } from "../../../db/errors";
import { withTransaction } from "../../../db/transaction";
import { hasStaffRole } from "~/modules/accounts";
import { RulesSchema, type LocalisedText } from "~/modules/eligibility";
import { recordAudit } from "~/modules/audit/index.server";
import { CANDIDATE_PAGE, type Db, INSERT_CHUNK, MAX_BATCH_COUNT, OPEN_PAYMENT_STATES, type Supervisor, n } from "./payments-common.server";
import { Abort } from "~/shared/abort";
import { payeeCutoff, recheckPayees, type RecheckSummary } from "./payee-recheck.server";
import type { PayeeCheck } from "./payee-check.server";

/** Building a payment batch of approved, unpaid applications with a payout account, within the programme's budget. */
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
  | { ok: true; batchId: number; count: number; totalKrw: number; payees: RecheckSummary | null }
  | { ok: false; reason: "forbidden" | "not_found" }
  | { ok: false; reason: "refused"; code: "not_paying" | "nothing_to_pay" | "budget_exhausted"; message: LocalisedText };

/**
 * Builds a batch in one transaction: takes approved applications of the programme that have a
 * payout account the bank has confirmed (the payee check, recent enough) and no open or paid
 * payment, oldest first, while they fit under the count, the amount and what is left of the
 * budget and are not awaiting a new account after a failed payment; copies each payout account into its payment (the file must say what was sent); keeps the
 * batch's totals and the programme's committed amount. Before it, outside the transaction, the
 * accounts never checked or checked too long ago are asked of the bank again (payee-recheck).
 */
export async function buildBatch(
  input: BuildInput,
  { now = new Date(), db = getDb(), check }: { now?: Date; db?: Db; check?: PayeeCheck } = {},
): Promise<BuildResult> {
  if (!hasStaffRole(input.staff.role, "supervisor")) return { ok: false, reason: "forbidden" };
  const maxCount = Math.min(Math.max(1, Math.floor(input.maxCount)), MAX_BATCH_COUNT);
  const stamp = now.toISOString();
  const cutoff = payeeCutoff(now);
  const target = await db.selectFrom("programmes").select("id").where("slug", "=", input.programmeSlug).executeTakeFirst();
  const payees = target ? await recheckPayees({ programmeId: target.id, limit: maxCount, now }, { db, check }) : null;
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
          // Only accounts the bank has named an allowed holder of, recently: never unchecked, never a mismatch.
          .where("pa.payee_state", "=", "matched")
          .where("pa.payee_checked_at", ">=", cutoff)
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
          // Awaiting a new account: nothing while a failure is unresolved, and never an account that
          // failed unless a supervisor's retry permitted it once more (awaiting-account.server.ts).
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom("payment_failures as f")
                  .select("f.id")
                  .whereRef("f.application_id", "=", "a.id")
                  .where((w) =>
                    w.or([
                      w("f.resolution", "is", null),
                      w.and([
                        w("f.resolution", "=", "new_account"),
                        w("f.account_number", "=", w.ref("pa.account_number")),
                        w("f.bank_code", "=", w.ref("pa.bank_code")),
                      ]),
                    ]),
                  ),
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
                  en: "No approved application of this programme is waiting for payment with a payout account the bank has confirmed.",
                  ko: "이 사업에 은행에서 예금주가 확인된 지급 계좌로 지급을 기다리는 승인 건이 없습니다.",
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
      return { ok: true, batchId: batch.id, count: picked.length, totalKrw: total, payees };
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
