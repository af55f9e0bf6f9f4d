import { sql, type Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. Applications, their documents (stored in the database, so they are backed up
// and replicated with the application), the status history, messages, in-app notifications and
// gap-free reference sequences; the outbox learns to record delivery.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = pg ? "serial" : "integer";
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable("applications")
    .addColumn("id", id, pk)
    // Random, unguessable id used in addresses before a reference exists (drafts).
    .addColumn("public_id", "varchar(16)", (c) => c.notNull().unique())
    // Assigned at submission: SF-2026-000042.
    .addColumn("reference", "varchar(24)", (c) => c.unique())
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    .addColumn("business_id", "integer", (c) => c.notNull().references("businesses.id"))
    .addColumn("owner_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("status", "varchar(20)", (c) =>
      c
        .notNull()
        .check(sql`status IN ('draft','submitted','under_review','info_requested','approved','rejected','withdrawn','paid')`),
    )
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    // Drafts: JSON of the eligibility facts and of the programme's own questions.
    .addColumn("facts", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("answers", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("requested_amount_krw", "bigint", (c) => c.check(sql`requested_amount_krw IS NULL OR requested_amount_krw >= 0`))
    // Immutable once submitted: answers, business, evaluation and the rules version used.
    .addColumn("rules_version", "integer")
    .addColumn("snapshot", "text")
    .addColumn("submitted_at", "varchar(32)")
    .addColumn("decided_at", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("applications_owner").on("applications").columns(["owner_id", "updated_at"]).execute();
  await db.schema.createIndex("applications_business").on("applications").columns(["business_id", "programme_id"]).execute();
  await db.schema.createIndex("applications_programme_status").on("applications").columns(["programme_id", "status"]).execute();
  // One active application per business and programme, enforced by the database (two simultaneous
  // submissions cannot both win), and one draft at a time.
  await db.schema
    .createIndex("applications_one_active")
    .on("applications")
    .columns(["business_id", "programme_id"])
    .unique()
    .where(sql.ref("status"), "in", ["submitted", "under_review", "info_requested", "approved", "paid"])
    .execute();
  await db.schema
    .createIndex("applications_one_draft")
    .on("applications")
    .columns(["business_id", "programme_id"])
    .unique()
    .where(sql.ref("status"), "=", "draft")
    .execute();

  await db.schema
    .createTable("application_documents")
    .addColumn("id", id, pk)
    .addColumn("application_id", "integer", (c) => c.notNull().references("applications.id").onDelete("cascade"))
    // Which required document this is (a code from the programme), or "other".
    .addColumn("requirement_code", "varchar(64)", (c) => c.notNull())
    // For display only; never used as a path.
    .addColumn("display_name", "varchar(200)", (c) => c.notNull())
    .addColumn("media_type", "varchar(40)", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "varchar(64)", (c) => c.notNull())
    .addColumn("content", pg ? "bytea" : "blob", (c) => c.notNull())
    .addColumn("uploaded_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("application_documents_application").on("application_documents").column("application_id").execute();

  await db.schema
    .createTable("status_events")
    .addColumn("id", id, pk)
    .addColumn("application_id", "integer", (c) => c.notNull().references("applications.id").onDelete("cascade"))
    .addColumn("from_status", "varchar(20)")
    .addColumn("to_status", "varchar(20)", (c) => c.notNull())
    .addColumn("action", "varchar(20)", (c) => c.notNull())
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("actor_role", "varchar(16)", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("status_events_application").on("status_events").columns(["application_id", "id"]).execute();

  await db.schema
    .createTable("application_messages")
    .addColumn("id", id, pk)
    .addColumn("application_id", "integer", (c) => c.notNull().references("applications.id").onDelete("cascade"))
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("author_role", "varchar(16)", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("application_messages_application").on("application_messages").columns(["application_id", "id"]).execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", id, pk)
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("application_id", "integer", (c) => c.references("applications.id").onDelete("cascade"))
    // A message key and its parameters (JSON), rendered in the reader's language.
    .addColumn("kind", "varchar(40)", (c) => c.notNull())
    .addColumn("params", "text", (c) => c.notNull())
    .addColumn("read_at", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("notifications_user").on("notifications").columns(["user_id", "read_at", "id"]).execute();

  await db.schema
    .createTable("reference_sequences")
    .addColumn("prefix", "varchar(8)", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("last_value", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("reference_sequences_pk", ["prefix", "year"])
    .execute();

  // Mail is written to the outbox in the same transaction as the change it reports, then delivered.
  await db.schema.alterTable("outbox").addColumn("sent_at", "varchar(32)").execute();
  await db.schema.alterTable("outbox").addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("outbox").addColumn("last_error", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["reference_sequences", "notifications", "application_messages", "status_events", "application_documents", "applications"]) {
    await db.schema.dropTable(t).execute();
  }
  for (const c of ["last_error", "attempts", "sent_at"]) await db.schema.alterTable("outbox").dropColumn(c).execute();
}
