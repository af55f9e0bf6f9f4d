/**
 * Objections (이의신청): an owner objects to a rejection within 30 days, with a reason and
 * documents (stored as the application's documents, through the same checks); a caseworker who did
 * not take the rejection decides — upheld, or overturned, which reopens the application for review
 * (rejected → under_review through the state machine and recordStatusChange). The owner reads the
 * decision and its reason on their application page and is told by notification and email.
 * `fileListObjection` is the entry for an owner told they are not on a verified list.
 *
 * This file is the module's server entry: each use case lives in its own file, re-exported here.
 */
export type { Staff, UploadedFile } from "./objection-common.server";
export { getOwnerObjections, fileObjection, fileListObjection, getListObjectionPage } from "./owner-objections.server";
export type { FileResult } from "./owner-objections.server";
export { listObjections, getObjection, decideObjectionAsStaff } from "./decide-objection.server";
export type { ObjectionDetail, DecideResult } from "./decide-objection.server";
