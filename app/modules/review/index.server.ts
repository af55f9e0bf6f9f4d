// The review module's public server entry for routes and other modules. They import review only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { exportQueueCsv } from "./queue-export.server";
export { listQueue, queueOptions, statusesShown } from "./queue.server";
export {
  type ConflictView,
  decide,
  type DecisionInput,
  getDocumentForStaffView,
  type InvalidCode,
  type InvalidField,
  openReview,
} from "./review.server";
