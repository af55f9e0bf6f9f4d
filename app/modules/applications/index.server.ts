// The applications module's public server entry for other modules. Other modules import applications only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { countTakenPlaces, getDocument, loadProgramme, newPublicId, nextReference, type Snapshot } from "./applications.server";
export { recordStatusChange } from "./status-change.server";
