/** Who someone is to the portal. Owners apply; staff roles are ranked, each including the ones before. */
export const ROLES = ["owner", "caseworker", "supervisor", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ["caseworker", "supervisor", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isStaff(role: Role): role is StaffRole {
  return role !== "owner";
}

/** True when `role` is staff at `minRole` or above. Owners are never staff, whatever they are asked. */
export function hasStaffRole(role: Role, minRole: StaffRole): boolean {
  if (!isStaff(role)) return false;
  return STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(minRole);
}

/** Where someone lands after signing in when no page asked for them. */
export function homeFor(role: Role): string {
  // Caseworkers work from their queue; supervisors and admins watch the dashboard first.
  if (role === "caseworker") return "/admin/applications";
  return isStaff(role) ? "/admin" : "/applications";
}
