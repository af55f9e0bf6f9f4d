// The rapid module's public server entry for routes and other modules. They import rapid only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { entitlementsForOwner, sendEntitlementNotices } from "./entitlements.server";
export { receiveListUpload } from "./list-upload.server";
export { kickImports } from "./rapid-workers.server";
export { getRapidOutcome, getRapidPage, rapidApply } from "./rapid.server";
export {
  auditRefusalsDownload,
  createImport,
  importExists,
  listImports,
  listSummaries,
  MAX_UPLOAD_BYTES,
  refusedRows,
  VERIFIED_LIST_COLUMNS,
} from "./verified-lists.server";
