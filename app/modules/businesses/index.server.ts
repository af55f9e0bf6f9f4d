// The businesses module's public server entry for other modules. Other modules import businesses only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { checkBusinessRegister } from "./business-register.server";
export { confirmOwnership, isOwnershipConfirmed, type OwnershipRefusal, type OwnershipResult } from "./business-ownership.server";
