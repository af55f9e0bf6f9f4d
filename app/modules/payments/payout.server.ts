import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { withTransaction } from "../../../db/transaction";
import type { ApplicationStatus } from "~/modules/applications";
import { maskAccountNumber, parsePayoutAccount, type PayoutAccountField, type PayoutAccountInput } from "./bank";
import { isReference } from "~/modules/applications";
import { isApplicationKey } from "~/modules/applications/index.server";
import { RulesSchema, type LocalisedText } from "~/modules/eligibility";
import { recordAudit } from "~/modules/audit/index.server";
import { listApplicationPayments } from "./payments.server";
import { payeeColumns, UNCONFIRMED_PAYEE, verifyPayee } from "./payee.server";
import type { PayeeCheck } from "./payee-check.server";
import { payoutHold, resolveByNewAccount } from "./awaiting-account.server";

/**
 * The owner's payout account for one application: given on the normal track once the
 * application is submitted, corrected after a failed payment. Owner-scoped: someone else's
 * reference is "not found". The payment batches copy the account when they are built, so a
 * correction counts from the next batch on.
 */
type Db = Kysely<Database>;

/** While an account may be given or changed: from submission until paid (never for services). */
export const PAYOUT_EDITABLE: readonly ApplicationStatus[] = ["submitted", "under_review", "info_requested", "approved"];
/** Saving also works on a draft: the account is a step of the application (by the draft's id). */
const PAYOUT_SAVABLE: readonly ApplicationStatus[] = ["draft", ...PAYOUT_EDITABLE];

/** By reference, or by a draft's id (a draft has no reference yet). */
async function ownedApplication(db: Db | Transaction<Database>, ref: string, ownerId: number) {
  return db
    .selectFrom("applications")
    .innerJoin("programmes", "programmes.id", "applications.programme_id")
    .select(["applications.id", "applications.reference", "applications.status", "applications.business_id", "programmes.rules"])
    .where(isReference(ref) ? "applications.reference" : "applications.public_id", "=", ref)
    .where("applications.owner_id", "=", ownerId)
    .executeTakeFirst();
}

export async function getPayoutPage({ ref, ownerId }: { ref: string; ownerId: number }, { db = getDb() }: { db?: Db } = {}) {
  if (!isReference(ref)) return null;
  const app = await ownedApplication(db, ref, ownerId);
  if (!app) return null;
  const paying = RulesSchema.parse(JSON.parse(app.rules)).support.kind !== "service";
  const [account, payments] = await Promise.all([
    db
      .selectFrom("payout_accounts")
      .select(["bank_code", "account_number", "holder_name", "payee_state", "updated_at"])
      .where("application_id", "=", app.id)
      .executeTakeFirst(),
    listApplicationPayments(app.id, db),
  ]);
  const status = app.status as ApplicationStatus;
  const failure = lastFailure(payments);
  return {
    reference: app.reference!,
    status,
    paying,
    editable: paying && PAYOUT_EDITABLE.includes(status),
    account: account ? { ...account, masked: maskAccountNumber(account.account_number) } : null,
    /** A payment on its way to the account the batch copied (a change now counts from the next batch). */
    inFlight: payments.some((p) => p.state === "batched" || p.state === "released"),
    lastFailure: failure,
    /** Awaiting a new account after that failure, or how the wait ended (shown until the next batch takes it). */
    hold: failure ? await payoutHold(app.id, account ?? null, db) : null,
  };
}

/** The newest payment that was not cancelled, when it failed: a cancelled batch after it hides nothing. */
function lastFailure(payments: Awaited<ReturnType<typeof listApplicationPayments>>) {
  const latest = payments.find((p) => p.state !== "cancelled");
  return latest?.state === "failed" ? { code: latest.result_code!, text: latest.result_text!, at: latest.result_at } : null;
}

export type SavePayoutResult =
  /** Saved; `unchecked` when the bank could not answer (paid only once a later check matches). */
  | { ok: true; payee: "matched" | "unchecked" }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "not_editable"; message: LocalisedText }
  | { ok: false; reason: "invalid"; errors: Partial<Record<PayoutAccountField, LocalisedText>> };

function notEditable(app: { status: string; rules: string }): SavePayoutResult | null {
  const paying = RulesSchema.parse(JSON.parse(app.rules)).support.kind !== "service";
  if (paying && PAYOUT_SAVABLE.includes(app.status as ApplicationStatus)) return null;
  return {
    ok: false,
    reason: "not_editable",
    message: paying
      ? { en: "The payout account can no longer be changed for this application.", ko: "이 신청의 지급 계좌는 더 이상 바꿀 수 없습니다." }
      : { en: "This programme gives a service, not a payment.", ko: "이 사업은 지급이 아닌 서비스 지원입니다." },
  };
}

/**
 * `ref` is the application's reference or, on the application's account step, its draft id.
 * Saves the owner's account once the bank's holder is an allowed payee (payee.server.ts): a
 * mismatch, an unknown or a closed account is refused with nothing saved; a bank that cannot
 * answer saves it as unchecked (never batched until a check matches).
 */
export async function savePayoutAccount(
  { ref, ownerId, input }: { ref: string; ownerId: number; input: PayoutAccountInput },
  { now = new Date(), db = getDb(), check }: { now?: Date; db?: Db; check?: PayeeCheck } = {},
): Promise<SavePayoutResult> {
  if (!isApplicationKey(ref)) return { ok: false, reason: "not_found" };
  const first = await ownedApplication(db, ref, ownerId);
  if (!first) return { ok: false, reason: "not_found" };
  const closed = notEditable(first);
  if (closed) return closed;
  const parsed = parsePayoutAccount(input);
  if (!parsed.ok) return { ok: false, reason: "invalid", errors: parsed.errors };
  // The bank is asked outside the transaction: a slow bank never holds the database.
  const checked = await verifyPayee({ ownerId, businessId: first.business_id, account: parsed.value }, { db, check });
  const verdict = checked.kind === "unconfirmed" ? UNCONFIRMED_PAYEE : checked;
  if (verdict.kind === "refused") return { ok: false, reason: "invalid", errors: { [verdict.field]: verdict.message } };
  const stamp = now.toISOString();
  return withTransaction(db, async (trx): Promise<SavePayoutResult> => {
    const app = await ownedApplication(trx, ref, ownerId);
    if (!app || app.business_id !== first.business_id) return { ok: false, reason: "not_found" };
    const late = notEditable(app);
    if (late) return late;
    const value = {
      bank_code: parsed.value.bankCode,
      account_number: parsed.value.accountNumber,
      ...payeeColumns(verdict, parsed.value.holderName, now),
      updated_at: stamp,
    };
    await trx
      .insertInto("payout_accounts")
      .values({ application_id: app.id, ...value, created_at: stamp })
      .onConflict((oc) => oc.column("application_id").doUpdateSet(value))
      .execute();
    // No longer one of the applications listed as waiting for an account (migration 20261208T1100).
    await trx.deleteFrom("payout_account_gaps").where("application_id", "=", app.id).execute();
    // Awaiting a new account ends when this one is another account the bank matched.
    await resolveByNewAccount(trx, {
      applicationId: app.id,
      bankCode: value.bank_code,
      accountNumber: value.account_number,
      payeeState: value.payee_state,
      ownerId,
      now,
    });
    await recordAudit(trx, {
      actor: { id: ownerId, label: `owner:${ownerId}` },
      action: "payout_account.save",
      target: { type: "application", id: ref },
      details: { bankCode: value.bank_code, account: maskAccountNumber(value.account_number), payee: value.payee_state },
      at: now,
    });
    return { ok: true, payee: value.payee_state };
  });
}
