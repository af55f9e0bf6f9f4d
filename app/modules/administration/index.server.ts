// The administration module's public server entry for other modules. Other modules import administration only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { getRulesVersion } from "./programme-admin.server";
