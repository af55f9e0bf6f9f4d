// The statistics module's public server entry for other modules. Other modules import statistics only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export {
  applyCounters,
  countInStatuses,
  countsByProgrammeStatus,
  countsByStatusForAssignees,
  moveObjectionCounter,
  objectionCounts,
  removeCounters,
} from "./counters.server";
