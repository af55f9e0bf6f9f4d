import { isStaff, type Role } from "./roles";

/** Whether a person's account needs a second factor: owners have none, staff one by role. */
export type MfaNeed = "required" | "optional" | "none";

/**
 * Supervisors and admins always need one (they manage programmes, staff and the audit trail);
 * caseworkers as STAFF_MFA says. The demo accounts, which exist only outside production, may choose,
 * so the published demo and the browser tests sign in with the published password.
 */
export function secondFactorNeed(role: Role, caseworkerPolicy: "required" | "optional", { demoAccount = false } = {}): MfaNeed {
  if (!isStaff(role)) return "none";
  if (demoAccount) return "optional";
  if (role === "caseworker") return caseworkerPolicy;
  return "required";
}
