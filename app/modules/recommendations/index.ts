// The recommendations module's public entry for routes and other modules: its pure rules, shapes and components (safe in the browser).
// They import recommendations only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { RecommendationsNote } from "./components/recommendations-note";
