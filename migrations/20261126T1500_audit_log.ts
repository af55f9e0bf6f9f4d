import type { Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. The audit log is append-only: the application never updates or deletes rows,
// and each row carries the hash of the one before it, so an edit anywhere breaks the chain.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable("audit_log")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("at", "varchar(32)", (c) => c.notNull())
    // No foreign key: the trail must outlive accounts, so it keeps the actor's id and a label.
    .addColumn("actor_id", "integer")
    .addColumn("actor_label", "text", (c) => c.notNull())
    .addColumn("action", "varchar(64)", (c) => c.notNull())
    .addColumn("target_type", "varchar(32)")
    .addColumn("target_id", "varchar(64)")
    .addColumn("details", "text", (c) => c.notNull())
    // Unique: two writers racing for the same predecessor cannot both append (no forked chain).
    .addColumn("prev_hash", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("hash", "varchar(64)", (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
  await db.schema.createIndex("audit_log_actor").on("audit_log").columns(["actor_id", "at"]).execute();
  await db.schema.createIndex("audit_log_target").on("audit_log").columns(["target_type", "target_id"]).execute();
  await db.schema.createIndex("audit_log_action").on("audit_log").columns(["action", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_log").execute();
}
