// The identity module's public server entry for routes and other modules. They import identity only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { completeVerification, getIdentityStatus, getVerifiedPerson, type IdentityStatus, startVerification } from "./identity.server";
