/**
 * The caseworkers' review queue: one page of applications for the current filters, keyset-paginated
 * (never OFFSET) so page 500 costs what page 1 costs, plus counts per status.
 *
 * A page is read from one or more *segments*, each an index-ordered walk of its own:
 * - default view ("my open work, then unassigned, oldest first"): segment 1 is open applications
 *   assigned to me, segment 2 open unassigned ones, each by (submitted_at, id);
 * - oldest / newest: one segment by (submitted_at, id), ascending or descending;
 * - amount (largest requested amount first): applications with an amount by (amount, id)
 *   descending, then those without one (service programmes) by id descending. Nulls therefore sort
 *   last, the same on SQLite and PostgreSQL, because the null rows are a separate query rather
 *   than left to each database's NULL ordering.
 * The cursor names the segment and the last row's key, so every segment seeks straight to its place
 * through an index. See docs/decisions/0005-review-queue-keyset.md.
 *
 * This file is the module's server entry: each use case lives in its own file, re-exported here.
 */
export { COUNT_CAP, OPEN_STATUSES, QUEUE_STATUSES, SLA_DAYS } from "./queue-common.server";
export type { QueueStaff, QueueRow, QueuePage } from "./queue-common.server";
export { searchKind } from "./queue-filters.server";
export type { SearchKind } from "./queue-filters.server";
export { countsAreExact, listQueue, statusesShown, queueRowsInBatches, openObjectionCount, queueOptions } from "./queue-read.server";
export type { ListOptions } from "./queue-read.server";
