// The review module's public entry for other modules: its pure rules, shapes and components (safe in the browser).
// Other modules import review only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { awardCap, rejectionReasonLabel } from "./review";
export { ReviewActionSchema, StaffDocumentParamsSchema } from "./schemas";
export { QueueFilters } from "./components/queue-filters";
export {
  Actions,
  AnswersSection,
  BusinessSection,
  ConflictNotice,
  DocumentsSection,
  EvaluationSection,
  MessagesSection,
  NotesSection,
  OthersSection,
  TimelineSection,
} from "./components/review-page";
export { decodeCursor, parseQueueFilters } from "./queue";
export { QUEUE_STATUSES, SLA_DAYS } from "./queue-policy";
export { type ReviewIntent } from "./review";
