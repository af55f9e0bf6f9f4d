// The identity module's public entry for routes and other modules: its pure rules, shapes and components (safe in the browser).
// They import identity only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { IdentityFailureNotice } from "./components/identity-failure";
export { type IdentityFailure, normalizeName, ReturnToSchema } from "./identity-claims";
export { identityMeta } from "./identity-meta";
