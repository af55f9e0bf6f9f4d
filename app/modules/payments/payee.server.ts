import type { Kysely } from "kysely";
import { getDb } from "../../../db/client";
import type { Database, PayeeState } from "../../../db/schema";
import { allowedPayees } from "~/modules/businesses/index.server";
import type { PayoutAccountInput } from "./bank";
import { payeeVerdict, type PayeeVerdict } from "./payee-check";
import { checkPayee, type PayeeCheck } from "./payee-check.server";

/** The refusal for an account given before the business is confirmed for the owner. */
export const UNCONFIRMED_PAYEE: Extract<PayeeVerdict, { kind: "refused" }> = {
  kind: "refused",
  field: "holderName",
  message: {
    en: "Confirm that the business is yours first (identity verification and the business register): only then can we check whose account this is.",
    ko: "먼저 사업장이 본인 것임을 확인하세요(본인인증과 사업자등록 확인). 그래야 계좌 예금주를 확인할 수 있습니다.",
  },
};

/**
 * The payee check for an owner's business before an account is saved: asks the bank who holds the
 * account (outside any transaction: a slow bank never holds the database) and compares the holder
 * with who may be paid. A business not confirmed for the owner has nobody who may be paid yet
 * ("unconfirmed", and the bank is not asked).
 */
export async function verifyPayee(
  { ownerId, businessId, account }: { ownerId: number; businessId: number; account: PayoutAccountInput },
  { db = getDb(), check = checkPayee }: { db?: Kysely<Database>; check?: PayeeCheck } = {},
): Promise<PayeeVerdict | { kind: "unconfirmed" }> {
  const allowed = await allowedPayees({ ownerId, businessId }, { db });
  if (!allowed) return { kind: "unconfirmed" };
  const answer = await check({ bankCode: account.bankCode, accountNumber: account.accountNumber });
  return payeeVerdict(answer, allowed);
}

/** The columns a saved account gets from a verdict that allows saving it. */
export function payeeColumns(
  verdict: Exclude<PayeeVerdict, { kind: "refused" }>,
  typedHolder: string,
  now: Date,
): { holder_name: string; payee_state: Exclude<PayeeState, "mismatch">; payee_checked_at: string | null } {
  return verdict.kind === "matched"
    ? { holder_name: verdict.holderName, payee_state: "matched", payee_checked_at: now.toISOString() }
    : { holder_name: typedHolder, payee_state: "unchecked", payee_checked_at: null };
}
