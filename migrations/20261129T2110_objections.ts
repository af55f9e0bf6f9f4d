import { sql, type Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. Objections (이의신청) live in their own table with their own states, so the
// applications.status CHECK stays as it is. One objection per rejection (the rejection's status
// event is unique), at most one open objection per application.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable("objections")
    .addColumn("id", pg ? "serial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    // 'rejection': against a refused application; 'not_listed': against not being on a verified list.
    .addColumn("kind", "varchar(12)", (c) => c.notNull().check(sql`kind IN ('rejection','not_listed')`))
    .addColumn("application_id", "integer", (c) => c.references("applications.id").onDelete("cascade"))
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    .addColumn("business_id", "integer", (c) => c.notNull().references("businesses.id"))
    .addColumn("owner_id", "integer", (c) => c.notNull().references("users.id"))
    // The status event of the rejection objected to (null for not_listed).
    .addColumn("rejection_event_id", "integer", (c) => c.unique().references("status_events.id"))
    // Who took the decision objected to; never the one who decides the objection.
    .addColumn("original_decider_id", "integer", (c) => c.references("users.id"))
    // When the owner was told (the rejection or the list notice); the 30 days run from here.
    .addColumn("notified_at", "varchar(32)", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("state", "varchar(12)", (c) => c.notNull().check(sql`state IN ('open','upheld','overturned')`))
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "varchar(32)")
    .addColumn("decision_reason", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("objections_state").on("objections").columns(["state", "created_at", "id"]).execute();
  await db.schema.createIndex("objections_owner").on("objections").columns(["owner_id", "id"]).execute();
  await db.schema
    .createIndex("objections_one_open")
    .on("objections")
    .column("application_id")
    .unique()
    .where(sql.ref("state"), "=", "open")
    .execute();
  await db.schema
    .createIndex("objections_one_open_listing")
    .on("objections")
    .columns(["business_id", "programme_id"])
    .unique()
    .where(sql.ref("state"), "=", "open")
    .where(sql.ref("kind"), "=", "not_listed")
    .execute();

  // Documents an owner attaches to an objection are stored as application documents (same checks,
  // same storage); this link says which objection each belongs to.
  await db.schema
    .createTable("objection_documents")
    .addColumn("objection_id", "integer", (c) => c.notNull().references("objections.id").onDelete("cascade"))
    .addColumn("document_id", "integer", (c) => c.notNull().references("application_documents.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("objection_documents_pk", ["objection_id", "document_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("objection_documents").execute();
  await db.schema.dropTable("objections").execute();
}
