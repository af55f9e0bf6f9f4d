// The administration module's public entry for routes and other modules: its pure rules, shapes and components (safe in the browser).
// They import administration only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { adminMeta } from "./admin-meta";
export { AdminNav } from "./components/admin-nav";
export { RulesPreview, RulesRows } from "./components/rules-editor";
export {
  type Field,
  FIELDS,
  JSON_FIELDS,
  LONG,
  MAX_FORM_BYTES,
  normalise,
  NUMBER_FIELDS,
  TEXT_FIELDS,
  toValues,
  type Values,
} from "./programme-form";
