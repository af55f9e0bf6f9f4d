// The accounts module's public server entry for other modules. Other modules import accounts only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { requireOwner } from "./guards.server";
export { checkNewPassword, hashPassword } from "./password.server";
