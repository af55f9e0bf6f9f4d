// The identity module's public server entry for other modules. Other modules import identity only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { getIdentityStatus, getVerifiedPerson, type IdentityStatus } from "./identity.server";
