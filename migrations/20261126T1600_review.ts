import type { Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. What the staff area needs: who works an application, the award and its
// four-eyes confirmation, the decision's reason code, internal notes, deactivated staff, and the
// indexes that keep the review queue fast at 100,000 applications (keyset pagination).
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable("applications").addColumn("assigned_to", "integer", (c) => c.references("users.id")).execute();
  await db.schema.alterTable("applications").addColumn("assigned_at", "varchar(32)").execute();
  // The amount awarded (approved) or proposed for confirmation (four-eyes), whole won.
  await db.schema.alterTable("applications").addColumn("award_amount_krw", "bigint").execute();
  // Set while an approval above the programme's four-eyes threshold waits for a supervisor.
  await db.schema.alterTable("applications").addColumn("approval_proposed_by", "integer", (c) => c.references("users.id")).execute();
  await db.schema.alterTable("applications").addColumn("approval_proposed_at", "varchar(32)").execute();
  await db.schema.alterTable("applications").addColumn("decision_reason_code", "varchar(40)").execute();

  await db.schema.alterTable("users").addColumn("deactivated_at", "varchar(32)").execute();

  await db.schema
    .createTable("internal_notes")
    .addColumn("id", pg ? "serial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("application_id", "integer", (c) => c.notNull().references("applications.id").onDelete("cascade"))
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("internal_notes_application").on("internal_notes").columns(["application_id", "id"]).execute();

  // Queue: filter by status / programme / assignee, ordered by submission time, then id (keyset).
  await db.schema.createIndex("applications_queue_status").on("applications").columns(["status", "submitted_at", "id"]).execute();
  await db.schema.createIndex("applications_queue_programme").on("applications").columns(["programme_id", "status", "submitted_at", "id"]).execute();
  await db.schema.createIndex("applications_queue_assignee").on("applications").columns(["assigned_to", "status", "submitted_at", "id"]).execute();
  await db.schema.createIndex("applications_queue_amount").on("applications").columns(["requested_amount_krw", "id"]).execute();
  await db.schema.createIndex("applications_submitted").on("applications").columns(["submitted_at", "id"]).execute();
  await db.schema.createIndex("businesses_trade_name").on("businesses").column("trade_name").execute();
  await db.schema.createIndex("status_events_to_status_at").on("status_events").columns(["to_status", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of [
    "status_events_to_status_at",
    "businesses_trade_name",
    "applications_submitted",
    "applications_queue_amount",
    "applications_queue_assignee",
    "applications_queue_programme",
    "applications_queue_status",
  ]) {
    await db.schema.dropIndex(i).execute();
  }
  await db.schema.dropTable("internal_notes").execute();
  await db.schema.alterTable("users").dropColumn("deactivated_at").execute();
  for (const c of ["decision_reason_code", "approval_proposed_at", "approval_proposed_by", "award_amount_krw", "assigned_at", "assigned_to"]) {
    await db.schema.alterTable("applications").dropColumn(c).execute();
  }
}
