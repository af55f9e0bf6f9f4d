// The identity module's public entry for other modules: its pure rules and shapes (safe in the browser).
// Other modules import identity only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { type IdentityFailure, normalizeName } from "./identity-claims";
