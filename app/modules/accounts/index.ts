// The accounts module's public entry for other modules: its pure rules, shapes and components (safe in the browser).
// Other modules import accounts only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { type ActionErrors, useFormErrors } from "./components/account-ui";
export { type PasswordProblem } from "./password-policy";
export { hasStaffRole, type Role, STAFF_ROLES, type StaffRole } from "./roles";
export { EMAIL_ERROR, PASSWORD_ERROR } from "./account-errors";
export { accountMeta } from "./account-meta";
export { SuccessNotice, useErrorTitle, useResetKey } from "./components/account-ui";
export { PrivacyConsent } from "./components/privacy-consent";
export { RecoveryCodes } from "./components/recovery-codes";
export { parseEmail } from "./email";
export { checkPasswordLength } from "./password-policy";
export { PRIVACY_CONSENT_VERSION } from "./privacy-consent";
export { homeFor, isStaff } from "./roles";
export { securityMeta } from "./security-meta";
export { twoFactorPath } from "./two-factor";
