// The applications module's public entry for other modules: its pure rules, shapes and components (safe in the browser).
// Other modules import applications only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export {
  ACTIVE_STATUSES,
  APPLICATION_STATUSES,
  type ApplicationAction,
  type ApplicationStatus,
  decideTransition,
  FINAL_STATUSES,
  statusName,
} from "./application-state";
export { StatusBadge } from "./components/status-badge";
export { checkDocument, displayName, DOCUMENT_MEDIA_TYPES, type DocumentRefusal } from "./documents";
export { isCalendarDate, QuestionsSchema } from "./questions";
export { isReference } from "./reference";
export { DocumentParamsSchema, OWNER_MESSAGE_MAX, OwnerApplicationActionSchema, RemoveDocumentSchema, StartApplicationSchema } from "./schemas";
export { availableActions } from "./application-state";
export { applicationsMeta } from "./applications-meta";
export { TaskList, Tracking } from "./components/application-page";
export { QuestionFields } from "./components/question-fields";
export { checkFileBeforeUpload, type FileProblem, MAX_DOCUMENT_BYTES } from "./documents";
export { type Question } from "./questions";
export { checkAnswersSummary } from "./check-answers";
