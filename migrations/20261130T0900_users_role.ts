import type { Kysely } from "kysely";

// Frozen once landed. Staff lists (the queue's "assigned to" choices, the review page's colleagues,
// /admin/staff, the staff-session sweep) ask for the few users whose role is a staff role. Without
// an index both databases read every user: 48 ms per queue page on SQLite at a million
// applications (250,000 owners), the same for every page that lists staff. Queries name the staff
// roles with IN (…) so the index is a seek; `role != 'owner'` could not use it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("users_role").on("users").columns(["role", "deactivated_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("users_role").execute();
}
