import { sql, type Kysely } from "kysely";

// Frozen once landed. The queue's "unassigned, oldest first" view, per status: a partial index on
// the unassigned rows only (PostgreSQL and SQLite both support partial indexes). Without it SQLite
// walked every row of a status looking for the few without an assignee (90 ms at 100,000
// applications); with it each status is an ordered index range (see docs/decisions/0005-*).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("applications_queue_unassigned")
    .on("applications")
    .columns(["status", "submitted_at", "id"])
    .where(sql.ref("assigned_to"), "is", null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("applications_queue_unassigned").execute();
}
