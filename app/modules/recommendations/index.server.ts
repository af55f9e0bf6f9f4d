// The recommendations module's public server entry for routes and other modules. They import recommendations only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { listLeads, recommend, recommendationsFor, type RecommendField } from "./recommendations.server";
