/**
 * The owner's side of applications: start from a business and a programme, save each step of the
 * draft on the server, upload documents (kept in the database), submit in one transaction, follow
 * the status, answer requests for information, withdraw. Every query is scoped by the owner.
 *
 * This file is the module's server entry: each use case lives in its own file, re-exported here.
 */
export { isApplicationKey, newPublicId, loadProgramme, countTakenPlaces } from "./application-common.server";
export type { ApplicationKey } from "./application-common.server";
export { startApplication } from "./start-application.server";
export type { StartResult } from "./start-application.server";
export { listOwnerApplications, getOwnerApplication } from "./owner-applications.server";
export type { DocumentSummary, TaskState, OwnerApplication } from "./owner-applications.server";
export { saveFacts, saveAnswers } from "./draft-steps.server";
export type { SaveResult } from "./draft-steps.server";
export { addDocument, removeDocument, getDocument } from "./application-documents.server";
export type { AddDocumentResult } from "./application-documents.server";
export { Refused, submitApplication, nextReference } from "./submit-application.server";
export type { Snapshot, SubmitRefusal, SubmitResult } from "./submit-application.server";
export { withdrawApplication, answerInfoRequest } from "./owner-transitions.server";
export type { OwnerActionResult } from "./owner-transitions.server";
