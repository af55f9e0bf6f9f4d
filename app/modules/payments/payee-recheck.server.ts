import { getDb } from "../../../db/client";
import type { PayeeState } from "../../../db/schema";
import { allowedPayees } from "~/modules/businesses/index.server";
import { getEnv } from "~/shared/env.server";
import { recordAudit } from "~/modules/audit/index.server";
import { maskAccountNumber } from "./bank";
import { payeeVerdict } from "./payee-check";
import { checkPayee, type PayeeCheck } from "./payee-check.server";
import { type Db, OPEN_PAYMENT_STATES } from "./payments-common.server";

/** How many inquiries a batch build has in flight at once. */
export const RECHECK_CONCURRENCY = 16;

/** The oldest payee check a batch accepts: PAYEE_RECHECK_DAYS before now. */
export function payeeCutoff(now: Date, days = getEnv().PAYEE_RECHECK_DAYS): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

export interface RecheckSummary {
  asked: number;
  matched: number;
  mismatch: number;
  unchecked: number;
}

/**
 * Before a batch is built: the payout accounts of the programme's approved, unpaid applications
 * that were never checked, or not since the cutoff, are asked of the bank again (oldest application
 * first, at most `limit`), outside any transaction. A match makes the account payable; another
 * holder, an unknown or a closed account makes it `mismatch` (the owner must give another); a bank
 * that cannot answer leaves it as it was. Each write is guarded by the account's updated_at, so an
 * owner's change made meanwhile wins and is checked on its own.
 */
export async function recheckPayees(
  { programmeId, limit, now }: { programmeId: number; limit: number; now: Date },
  { db = getDb(), check = checkPayee, days }: { db?: Db; check?: PayeeCheck; days?: number } = {},
): Promise<RecheckSummary> {
  const cutoff = payeeCutoff(now, days);
  const stale = await db
    .selectFrom("applications as a")
    .innerJoin("payout_accounts as pa", "pa.application_id", "a.id")
    .select(["a.reference", "a.owner_id", "a.business_id", "pa.id", "pa.bank_code", "pa.account_number", "pa.updated_at"])
    .where("a.programme_id", "=", programmeId)
    .where("a.status", "=", "approved")
    .where("a.award_amount_krw", ">", 0)
    .where("pa.payee_state", "!=", "mismatch")
    .where((eb) => eb.or([eb("pa.payee_state", "=", "unchecked"), eb("pa.payee_checked_at", "is", null), eb("pa.payee_checked_at", "<", cutoff)]))
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
    // Awaiting a new account: the failed account is not asked again; the owner's next one is checked on saving.
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom("payment_failures as f").select("f.id").whereRef("f.application_id", "=", "a.id").where("f.resolution", "is", null)),
      ),
    )
    .orderBy("a.id")
    .limit(limit)
    .execute();
  const summary: RecheckSummary = { asked: 0, matched: 0, mismatch: 0, unchecked: 0 };
  let next = 0;
  const stamp = now.toISOString();
  async function worker() {
    while (next < stale.length) {
      const row = stale[next++]!;
      const allowed = await allowedPayees({ ownerId: row.owner_id, businessId: row.business_id }, { db });
      if (!allowed) {
        summary.unchecked++;
        continue;
      }
      summary.asked++;
      const verdict = payeeVerdict(await check({ bankCode: row.bank_code, accountNumber: row.account_number }), allowed);
      if (verdict.kind === "unchecked") {
        summary.unchecked++;
        continue;
      }
      const state: PayeeState = verdict.kind === "matched" ? "matched" : "mismatch";
      summary[state]++;
      let update = db
        .updateTable("payout_accounts")
        .set({
          payee_state: state,
          payee_checked_at: stamp,
          ...(verdict.kind === "matched" ? { holder_name: verdict.holderName } : {}),
        })
        .where("id", "=", row.id);
      update = row.updated_at === null ? update.where("updated_at", "is", null) : update.where("updated_at", "=", row.updated_at);
      const done = await update.executeTakeFirst();
      if (state === "mismatch" && Number(done.numUpdatedRows) === 1) {
        await recordAudit(db, {
          actor: { id: null, label: "system" },
          action: "payout_account.payee_mismatch",
          target: { type: "application", id: row.reference! },
          details: { bankCode: row.bank_code, account: maskAccountNumber(row.account_number) },
          at: now,
        });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(RECHECK_CONCURRENCY, stale.length) }, worker));
  return summary;
}
