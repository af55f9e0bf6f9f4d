// The objections module's public server entry for routes and other modules. They import objections only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export {
  decideObjectionAsStaff,
  fileListObjection,
  fileObjection,
  getListObjectionPage,
  getObjection,
  getOwnerObjections,
  listObjections,
  type UploadedFile,
} from "./objections.server";
