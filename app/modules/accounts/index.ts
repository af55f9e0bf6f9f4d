// The accounts module's public entry for other modules: its pure rules, shapes and components (safe in the browser).
// Other modules import accounts only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { type ActionErrors, useFormErrors } from "./components/account-ui";
export { type PasswordProblem } from "./password-policy";
export { hasStaffRole, type Role, STAFF_ROLES, type StaffRole } from "./roles";
