/**
 * Awaiting a new account: a failed payment holds its application until the owner saves another
 * account the bank has matched, or a supervisor retries the same account with a reason. The hold
 * is a row of `payment_failures` (one per failed payment, at most one unresolved per application);
 * buildBatch takes nothing that is held, and never an account that failed unless a retry permits
 * it. The unique payment_id also makes telling the owner happen exactly once per failure.
 */
import { getDb } from "../../../db/client";
import { isUniqueViolation } from "../../../db/errors";
import { withTransaction } from "../../../db/transaction";
import { hasStaffRole } from "~/modules/accounts";
import type { LocalisedText } from "~/modules/eligibility";
import { recordAudit } from "~/modules/audit/index.server";
import { enqueueSms, notify } from "~/modules/notifications/index.server";
import { getEnv } from "~/shared/env.server";
import { maskAccountNumber } from "./bank";
import { resultCodeText } from "./payment-files";
import { type Db, type Supervisor, type Trx, n } from "./payments-common.server";
import { RetryPaymentSchema } from "./schemas";

/**
 * Inside the result import's transaction: records the failure of one payment and, only when this
 * call recorded it (the unique payment_id), tells the owner in the portal, by email and by text.
 */
export async function recordPaymentFailure(
  trx: Trx,
  input: {
    payment: { id: number; application_id: number; bank_code: string; account_number: string; reference: string };
    programmeId: number;
    programmeName: LocalisedText;
    resultCode: string;
    owner: { id: number; email: string; phone: string };
    now: Date;
  },
): Promise<boolean> {
  const { payment, now } = input;
  const inserted = await trx
    .insertInto("payment_failures")
    .values({
      payment_id: payment.id,
      application_id: payment.application_id,
      programme_id: input.programmeId,
      bank_code: payment.bank_code,
      account_number: payment.account_number,
      result_code: input.resultCode,
      failed_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column("payment_id").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return false;
  const resultText = resultCodeText(input.resultCode);
  const link = `/applications/${payment.reference}/payout`;
  await notify(trx, {
    userId: input.owner.id,
    email: input.owner.email,
    applicationId: payment.application_id,
    kind: "payment_failed",
    params: { reference: payment.reference, programmeName: input.programmeName, resultCode: input.resultCode, resultText },
    link,
    now,
  });
  if (input.owner.phone.trim()) {
    await enqueueSms(
      trx,
      {
        to: input.owner.phone,
        text: `[소상공인 지원 포털] ${payment.reference} 지급 실패(${resultText.ko}). 다른 지급 계좌를 등록해 주세요. ${getEnv().PUBLIC_ORIGIN}${link}`,
      },
      now,
    );
  }
  return true;
}

/**
 * Inside savePayoutAccount's transaction: an account the bank matched that is not the one that
 * failed ends the wait. The same account, or one the bank could not check, leaves it waiting.
 */
export async function resolveByNewAccount(
  trx: Trx,
  input: { applicationId: number; bankCode: string; accountNumber: string; payeeState: string; ownerId: number; now: Date },
): Promise<boolean> {
  if (input.payeeState !== "matched") return false;
  const done = await trx
    .updateTable("payment_failures")
    .set({ resolution: "new_account", resolved_by: input.ownerId, resolved_at: input.now.toISOString() })
    .where("application_id", "=", input.applicationId)
    .where("resolution", "is", null)
    .where((eb) => eb.or([eb("bank_code", "!=", input.bankCode), eb("account_number", "!=", input.accountNumber)]))
    .executeTakeFirst();
  return Number(done.numUpdatedRows) > 0;
}

export type PayoutHold = {
  state: "awaiting" | "corrected" | "retry";
  code: string;
  text: LocalisedText;
  at: string;
  /** The account on file is the one that failed. */
  sameAccount: boolean;
};

/** The newest failure of an application and how it stands, for the owner's payout page. */
export async function payoutHold(
  applicationId: number,
  current: { bank_code: string; account_number: string } | null,
  db: Db = getDb(),
): Promise<PayoutHold | null> {
  const f = await db
    .selectFrom("payment_failures")
    .select(["result_code", "failed_at", "resolution", "bank_code", "account_number"])
    .where("application_id", "=", applicationId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!f) return null;
  return {
    state: f.resolution === null ? "awaiting" : f.resolution === "retry" ? "retry" : "corrected",
    code: f.result_code,
    text: resultCodeText(f.result_code),
    at: f.failed_at,
    sameAccount: current !== null && current.bank_code === f.bank_code && current.account_number === f.account_number,
  };
}

export const AWAITING_PAGE = 200;

/** Supervisors: the programme's approved applications awaiting a new account, oldest failure first. */
export async function listAwaitingAccounts(
  { staff, programmeSlug }: { staff: Supervisor; programmeSlug: string },
  { db = getDb() }: { db?: Db } = {},
) {
  if (!hasStaffRole(staff.role, "supervisor")) return null;
  const programme = await db
    .selectFrom("programmes")
    .select(["id", "slug", "name_en", "name_ko"])
    .where("slug", "=", programmeSlug)
    .executeTakeFirst();
  if (!programme) return null;
  const rows = await db
    .selectFrom("payment_failures as f")
    .innerJoin("applications as a", "a.id", "f.application_id")
    .innerJoin("businesses as b", "b.id", "a.business_id")
    .leftJoin("payout_accounts as pa", "pa.application_id", "a.id")
    .select([
      "f.id",
      "f.result_code",
      "f.failed_at",
      "f.bank_code",
      "f.account_number",
      "a.reference",
      "a.award_amount_krw",
      "b.trade_name",
      "pa.bank_code as current_bank",
      "pa.account_number as current_account",
      "pa.payee_state",
    ])
    .where("f.programme_id", "=", programme.id)
    .where("f.resolution", "is", null)
    .where("a.status", "=", "approved")
    .orderBy("f.id")
    .limit(AWAITING_PAGE)
    .execute();
  return {
    programme,
    limit: AWAITING_PAGE,
    rows: rows.map((r) => ({
      failureId: r.id,
      reference: r.reference!,
      tradeName: r.trade_name,
      amountKrw: n(r.award_amount_krw),
      resultCode: r.result_code,
      resultText: resultCodeText(r.result_code),
      failedAt: r.failed_at,
      account: maskAccountNumber(r.account_number),
      bankCode: r.bank_code,
      /** The owner saved another account the bank could not check yet. */
      changedUnchecked: r.current_account !== null && (r.current_account !== r.account_number || r.current_bank !== r.bank_code),
    })),
  };
}

export type RetryResult =
  | { ok: true; reference: string }
  | { ok: false; reason: "forbidden" | "not_found" }
  | { ok: false; reason: "invalid"; errors: { reason?: string } }
  | { ok: false; reason: "refused"; message: LocalisedText };

/**
 * A supervisor's retry: the failed account may be paid once more, for this one application, in the
 * next batch. A reason is required; the retry is audited with it and who gave it. A failure that
 * was resolved meanwhile (the owner's new account, another supervisor) is refused, not retried twice.
 */
export async function retryFailedPayment(
  { staff, failureId, reason }: { staff: Supervisor; failureId: number; reason: string },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<RetryResult> {
  if (!hasStaffRole(staff.role, "supervisor")) return { ok: false, reason: "forbidden" };
  const parsed = RetryPaymentSchema.safeParse({ failureId: String(failureId), reason });
  if (!parsed.success) {
    const errors: { reason?: string } = {};
    for (const issue of parsed.error.issues) if (issue.path[0] === "reason") errors.reason ??= issue.message;
    if (!errors.reason) return { ok: false, reason: "not_found" };
    return { ok: false, reason: "invalid", errors };
  }
  const stamp = now.toISOString();
  try {
    return await withTransaction(db, async (trx): Promise<RetryResult> => {
      const f = await trx
        .selectFrom("payment_failures as f")
        .innerJoin("payments as p", "p.id", "f.payment_id")
        .select(["f.id", "f.resolution", "f.application_id", "f.bank_code", "f.account_number", "f.result_code", "p.reference"])
        .where("f.id", "=", parsed.data.failureId)
        .executeTakeFirst();
      if (!f) return { ok: false, reason: "not_found" };
      const done = await trx
        .updateTable("payment_failures")
        .set({ resolution: "retry", resolved_by: staff.id, resolved_at: stamp, retry_reason: parsed.data.reason })
        .where("id", "=", f.id)
        .where("resolution", "is", null)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) {
        return {
          ok: false,
          reason: "refused",
          message:
            f.resolution === "retry"
              ? { en: `${f.reference} has already been retried.`, ko: `${f.reference}은(는) 이미 재지급이 허용되었습니다.` }
              : {
                  en: `${f.reference} is no longer awaiting a new account: the owner has given another account.`,
                  ko: `${f.reference}은(는) 더 이상 새 계좌를 기다리지 않습니다. 신청인이 다른 계좌를 등록했습니다.`,
                },
        };
      }
      await recordAudit(trx, {
        actor: { id: staff.id, label: staff.email },
        action: "payment.retry_same_account",
        target: { type: "application", id: f.reference },
        details: { reason: parsed.data.reason, bankCode: f.bank_code, account: maskAccountNumber(f.account_number), resultCode: f.result_code },
        at: now,
      });
      return { ok: true, reference: f.reference };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return { ok: false, reason: "refused", message: { en: "This changed meanwhile. Look again.", ko: "그사이 바뀌었습니다. 다시 확인하세요." } };
    throw error;
  }
}
