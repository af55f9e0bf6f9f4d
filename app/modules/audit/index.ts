// The audit module's public entry for routes and other modules: its pure rules, shapes and components (safe in the browser).
// They import audit only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { auditActionName, auditDetails, auditTargetName } from "./audit-names";
