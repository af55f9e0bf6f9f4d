import type { ApplicationStatus } from "~/modules/applications";

/** Statuses that still need a caseworker. "Waiting" and the SLA flag only apply to these. */
export const OPEN_STATUSES = ["submitted", "under_review", "info_requested"] as const satisfies readonly ApplicationStatus[];
/** Service target: an open application should be decided within this many days of submission. */
export const SLA_DAYS = 14;
/** Every status the queue can show (drafts are the owner's business, never staff's). */
export const QUEUE_STATUSES = [
  "submitted",
  "under_review",
  "info_requested",
  "approved",
  "rejected",
  "withdrawn",
  "paid",
] as const satisfies readonly ApplicationStatus[];
