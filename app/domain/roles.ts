/** Account roles, weakest first; each staff role includes the powers of the ones before it. */
export const ROLES = ["owner", "caseworker", "supervisor", "admin"] as const;
export type Role = (typeof ROLES)[number];
export type StaffRole = Exclude<Role, "owner">;

export function isStaff(role: Role): role is StaffRole {
  return role !== "owner";
}

/** True when `role` is staff and at least `minimum` (an owner never satisfies a staff minimum). */
export function hasStaffRole(role: Role, minimum: StaffRole): boolean {
  return isStaff(role) && ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
