// The businesses module's public server entry for routes and other modules. They import businesses only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { type BusinessActionData, businessFailure, parseBusinessForm } from "./business-form.server";
export { checkBusinessRegister } from "./business-register.server";
export {
  allowedPayees,
  confirmedBusinessIds,
  confirmOwnership,
  isOwnershipConfirmed,
  type OwnershipRefusal,
  type OwnershipResult,
} from "./business-ownership.server";
export { createBusiness, getBusiness, listBusinesses, listNumberConflicts, updateBusiness } from "./businesses.server";
export { takeOverNumber, type TakeOverResult } from "./number-release.server";
