// The accounts module's public server entry for other modules. Other modules import accounts only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { requireOwner } from "./guards.server";
export { checkNewPassword, hashPassword } from "./password.server";
export { getEmailVerification, resendVerification, verifyEmail } from "./email-verification.server";
export { getAuth, redirectIfSignedIn, requireStaff, requireUser } from "./guards.server";
export { isResetTokenUsable, requestPasswordReset, resetPassword } from "./password-reset.server";
export {
  blankSessionCookie,
  completeMfaSession,
  countUserSessions,
  invalidateOtherSessions,
  invalidateSession,
  type PendingMfa,
} from "./session.server";
export { beginEnrolment, confirmEnrolment, getMfaState, type MfaUser, renewRecoveryCodes, verifySecondFactor } from "./staff-mfa.server";
export { changePassword, getUser, registerOwner, signIn } from "./users.server";
