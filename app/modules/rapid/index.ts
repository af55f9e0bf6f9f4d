// The rapid module's public entry for other modules: its pure rules, shapes and components (safe in the browser).
// Other modules import rapid only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { RapidApplySchema, VerifiedListUploadSchema } from "./schemas";
export { EntitlementsPanel } from "./components/entitlements-panel";
export { ImportsTable } from "./components/imports-table";
export { MAX_UPLOAD_MB } from "./list-upload-limits";
export { LIST_FILE_REFUSALS, importErrorText, uploadFieldMessage, uploadTooLarge } from "./list-upload-messages";
export { rapidMeta } from "./rapid-meta";
