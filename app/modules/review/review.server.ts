/**
 * The caseworkers' side of an application: everything the review page shows, and every decision
 * on it. Each decision is one transaction: load the row, compare the version the form was drawn
 * from (optimistic concurrency), ask the domain whether this person may do this now, write the
 * change with `WHERE version = ?`, then the status event, the owner's notification and email, and
 * the audit row. A refusal at any step writes nothing.
 *
 * This file is the module's server entry: each use case lives in its own file, re-exported here.
 */
export { MESSAGE_MAX, NOTE_MAX } from "./review-common.server";
export type { Staff } from "./review-common.server";
export { getReviewDetail, openReview, listAssignableStaff, getDocumentForStaffView } from "./review-detail.server";
export type { ReviewDetail } from "./review-detail.server";
export { decide } from "./decide.server";
export type { DecisionInput, DecisionOutcome, ConflictView, InvalidField, InvalidCode, DecisionResult } from "./decide.server";
