// The businesses module's public entry for other modules: its pure rules, shapes and components (safe in the browser).
// Other modules import businesses only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { formatBusinessNumber, parseBusinessNumber } from "./business-number";
export { businessDefaults, type BusinessFormValues, type LastCheckAnswers } from "./business-profile";
export { type BusinessState, type RegisterAnswer, type RegisterQuery } from "./business-register";
export { BusinessForm, capitalise } from "./components/business-form";
export { BusinessIdSchema, BusinessPrefillSchema, OpenedOnSchema, OwnershipReturnToSchema, PREFILL_FIELDS } from "./schemas";
