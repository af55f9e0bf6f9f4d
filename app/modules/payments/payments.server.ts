import { getDb } from "../../../db/client";
import { resultCodeText } from "./payment-files";
import { type Db, type Trx, n } from "./payments-common.server";

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
 *
 * This file is the module's server entry: each use case lives in its own file, re-exported here.
 */
export type { BatchChangeResult, Supervisor } from "./payments-common.server";
export { MAX_BATCH_COUNT } from "./payments-common.server";
export * from "./batch-reading.server";
export * from "./build-batch.server";
export * from "./release-batch.server";
export * from "./transfer-file.server";
export * from "./result-file.server";

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
