import { sql, type Kysely } from "kysely";

// Frozen once landed. Applications per programme × status × assignee (0 = unassigned), kept like the
// other counters by recordStatusChange and by claims and reassignments, so the queue's default view
// ("mine and unassigned") and its assignee filters count exactly without walking the applications.
// Fills itself from the applications once (a migration may scan; requests may not).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("assignee_counters")
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("assignee_id", "integer", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull().defaultTo(0).check(sql`n >= 0`))
    .addPrimaryKeyConstraint("assignee_counters_pk", ["programme_id", "status", "assignee_id"])
    .execute();
  await db.schema.alterTable("counter_contributions").addColumn("assignee_id", "integer").execute();
  await sql`update counter_contributions set assignee_id = coalesce((select a.assigned_to from applications a where a.id = counter_contributions.application_id), 0)`.execute(db);
  await sql`insert into assignee_counters (programme_id, status, assignee_id, n)
    select programme_id, status, assignee_id, count(*) from counter_contributions group by programme_id, status, assignee_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("counter_contributions").dropColumn("assignee_id").execute();
  await db.schema.dropTable("assignee_counters").execute();
}
