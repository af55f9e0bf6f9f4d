// The review module's public entry for other modules: its pure rules, shapes and components (safe in the browser).
// Other modules import review only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { awardCap, rejectionReasonLabel } from "./review";
