// The eligibility module's public server entry for routes and other modules. They import eligibility only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { checkEligibility, type ProgrammeCheck, readLastCheck, rememberLastCheck } from "./eligibility.server";
