import type { Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { ApplicationStatus } from "./application-state";
import { applyCounters } from "~/modules/statistics/index.server";

export interface StatusChange {
  applicationId: number;
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  /** The state machine's action (or "start" for a new draft). */
  action: string;
  actorId: number | null;
  actorRole: string;
  reason?: string | null;
  at: string;
}

/**
 * The one write path for a status change, called inside the transaction that updated the
 * application row (after `decideTransition` allowed it): it records the status event and brings the
 * counters (app/modules/statistics/counters.server.ts) in line with the row as it is now, so no service can
 * change a status without them. Any from → to works: the counters subtract what the application
 * added before and add what it adds now (status, amounts, submission day, decision time).
 * Call it AFTER the UPDATE of the application row, in the same transaction.
 */
export async function recordStatusChange(trx: Transaction<Database>, change: StatusChange): Promise<void> {
  await trx
    .insertInto("status_events")
    .values({
      application_id: change.applicationId,
      from_status: change.from,
      to_status: change.to,
      action: change.action,
      actor_id: change.actorId,
      actor_role: change.actorRole,
      reason: change.reason ?? null,
      at: change.at,
    })
    .execute();
  await applyCounters(trx, change.applicationId);
}
