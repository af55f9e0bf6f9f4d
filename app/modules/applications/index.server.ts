// The applications module's public server entry for other modules. Other modules import applications only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { countTakenPlaces, getDocument, loadProgramme, newPublicId, nextReference, type Snapshot } from "./applications.server";
export { recordStatusChange } from "./status-change.server";
export { requireOwnedApplication } from "./application-route.server";
export { isApplicationKey } from "./application-common.server";
export {
  addDocument,
  answerInfoRequest,
  listOwnerApplications,
  type OwnerApplication,
  removeDocument,
  saveAnswers,
  saveFacts,
  startApplication,
  submitApplication,
  type SubmitRefusal,
  withdrawApplication,
} from "./applications.server";
export { documentResponse } from "./document-response.server";
