import { getDb } from "../../../db/client";
import { hasStaffRole } from "~/modules/accounts";
import { type Db, type Supervisor } from "./payments-common.server";

/**
 * Supervisors' list, per programme, of applications submitted before the payout account was a
 * step of the application and still without one (table payout_account_gaps, filled once by
 * migration 20261208T1100 and emptied as owners save accounts). Keyset pages on the table's
 * (programme_id, application_id) index: a page reads what it shows, whatever the year holds.
 */
export const GAP_PAGE = 50;
const STILL_PAYABLE = ["submitted", "under_review", "info_requested", "approved"] as const;

export async function listPayoutAccountGaps(
  { staff, programmeId, after = 0, limit = GAP_PAGE }: { staff: Supervisor; programmeId: number; after?: number; limit?: number },
  { db = getDb() }: { db?: Db } = {},
) {
  if (!hasStaffRole(staff.role, "supervisor")) return null;
  const rows = await db
    .selectFrom("payout_account_gaps as g")
    .innerJoin("applications as a", "a.id", "g.application_id")
    .select(["g.application_id", "a.reference", "a.status", "a.submitted_at"])
    .where("g.programme_id", "=", programmeId)
    .where("g.application_id", ">", after)
    // A withdrawn application keeps its row (it is never paid anyway) but is not listed.
    .where("a.status", "in", [...STILL_PAYABLE])
    .orderBy("g.application_id")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    rows: page.map((r) => ({ reference: r.reference ?? "", status: r.status, submittedAt: r.submitted_at })),
    next: rows.length > limit ? page[page.length - 1]!.application_id : null,
  };
}
