import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { withTransaction } from "../../../db/transaction";
import type { ApplicationStatus } from "~/modules/applications";
import { maskAccountNumber, parsePayoutAccount, type PayoutAccountField, type PayoutAccountInput } from "./bank";
import { isReference } from "~/modules/applications";
import { RulesSchema, type LocalisedText } from "~/modules/eligibility";
import { recordAudit } from "~/modules/audit/index.server";
import { listApplicationPayments } from "./payments.server";

/**
 * The owner's payout account for one application: given on the normal track once the
 * application is submitted, corrected after a failed payment. Owner-scoped: someone else's
 * reference is "not found". The payment batches copy the account when they are built, so a
 * correction counts from the next batch on.
 */
type Db = Kysely<Database>;

/** While an account may be given or changed: from submission until paid (never for services). */
export const PAYOUT_EDITABLE: readonly ApplicationStatus[] = ["submitted", "under_review", "info_requested", "approved"];

async function ownedApplication(db: Db | Transaction<Database>, ref: string, ownerId: number) {
  return db
    .selectFrom("applications")
    .innerJoin("programmes", "programmes.id", "applications.programme_id")
    .select(["applications.id", "applications.reference", "applications.status", "programmes.rules"])
    .where("applications.reference", "=", ref)
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
      .select(["bank_code", "account_number", "holder_name", "updated_at"])
      .where("application_id", "=", app.id)
      .executeTakeFirst(),
    listApplicationPayments(app.id, db),
  ]);
  const status = app.status as ApplicationStatus;
  return {
    reference: app.reference!,
    status,
    paying,
    editable: paying && PAYOUT_EDITABLE.includes(status),
    account: account ? { ...account, masked: maskAccountNumber(account.account_number) } : null,
    /** A payment on its way to the account the batch copied (a change now counts from the next batch). */
    inFlight: payments.some((p) => p.state === "batched" || p.state === "released"),
    lastFailure:
      payments[0]?.state === "failed" ? { code: payments[0].result_code!, text: payments[0].result_text!, at: payments[0].result_at } : null,
  };
}

export type SavePayoutResult =
  | { ok: true }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "not_editable"; message: LocalisedText }
  | { ok: false; reason: "invalid"; errors: Partial<Record<PayoutAccountField, LocalisedText>> };

export async function savePayoutAccount(
  { ref, ownerId, input }: { ref: string; ownerId: number; input: PayoutAccountInput },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<SavePayoutResult> {
  if (!isReference(ref)) return { ok: false, reason: "not_found" };
  const parsed = parsePayoutAccount(input);
  const stamp = now.toISOString();
  return withTransaction(db, async (trx): Promise<SavePayoutResult> => {
    const app = await ownedApplication(trx, ref, ownerId);
    if (!app) return { ok: false, reason: "not_found" };
    const paying = RulesSchema.parse(JSON.parse(app.rules)).support.kind !== "service";
    if (!paying || !PAYOUT_EDITABLE.includes(app.status as ApplicationStatus)) {
      return {
        ok: false,
        reason: "not_editable",
        message: paying
          ? { en: "The payout account can no longer be changed for this application.", ko: "이 신청의 지급 계좌는 더 이상 바꿀 수 없습니다." }
          : { en: "This programme gives a service, not a payment.", ko: "이 사업은 지급이 아닌 서비스 지원입니다." },
      };
    }
    if (!parsed.ok) return { ok: false, reason: "invalid", errors: parsed.errors };
    const value = {
      bank_code: parsed.value.bankCode,
      account_number: parsed.value.accountNumber,
      holder_name: parsed.value.holderName,
      updated_at: stamp,
    };
    await trx
      .insertInto("payout_accounts")
      .values({ application_id: app.id, ...value, created_at: stamp })
      .onConflict((oc) => oc.column("application_id").doUpdateSet(value))
      .execute();
    await recordAudit(trx, {
      actor: { id: ownerId, label: `owner:${ownerId}` },
      action: "payout_account.save",
      target: { type: "application", id: ref },
      details: { bankCode: value.bank_code, account: maskAccountNumber(value.account_number) },
      at: now,
    });
    return { ok: true };
  });
}
