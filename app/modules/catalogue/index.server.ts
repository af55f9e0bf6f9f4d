// The catalogue module's public server entry for other modules. Other modules import catalogue only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { listProgrammesWithRules, type ProgrammeWithRules } from "./programmes.server";
