// The audit module's public server entry for other modules. Other modules import audit only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { type AuditActor, recordAudit } from "./audit.server";
