import { sql, type Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. The rapid-payment track (its first half): verified lists of businesses
// identified in advance (per programme and round), their imports (progress kept here so any node can
// show it and a restart can resume), refused rows, one notice per entitlement (never twice: unique),
// the SMS outbox, the record of the system's rule decision, public recommendations, and the
// programme's staggered-opening schedule. New tables and a nullable column only: nothing here
// rebuilds an existing SQLite table.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = pg ? "serial" : "integer";
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  // JSON: { startsOn?, days: [{ lastDigits: [...] }, …] }; null = everyone from the opening day.
  await db.schema.alterTable("programmes").addColumn("opening_schedule", "text").execute();

  await db.schema
    .createTable("verified_lists")
    .addColumn("id", id, pk)
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    .addColumn("round", "integer", (c) => c.notNull().check(sql`round >= 1`))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addUniqueConstraint("verified_lists_programme_round", ["programme_id", "round"])
    .execute();

  await db.schema
    .createTable("verified_entries")
    .addColumn("id", id, pk)
    .addColumn("list_id", "integer", (c) => c.notNull().references("verified_lists.id").onDelete("cascade"))
    .addColumn("registration_number", "varchar(10)", (c) => c.notNull())
    .addColumn("trade_name", "varchar(200)", (c) => c.notNull())
    .addColumn("representative", "varchar(100)", (c) => c.notNull())
    // JSON of the verified facts (app/domain/facts.ts names), as the rules read them.
    .addColumn("facts", "text", (c) => c.notNull())
    .addColumn("amount_krw", "bigint", (c) => c.notNull().check(sql`amount_krw >= 0`))
    .addColumn("source", "varchar(100)", (c) => c.notNull())
    // SHA-256 of the normalised row: an identical row re-imported changes nothing.
    .addColumn("row_hash", "varchar(64)", (c) => c.notNull())
    // The import and file row that last wrote or confirmed it (finds duplicates within one file).
    .addColumn("last_import_id", "integer", (c) => c.notNull())
    .addColumn("last_row", "integer", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addUniqueConstraint("verified_entries_list_number", ["list_id", "registration_number"])
    .execute();
  await db.schema.createIndex("verified_entries_number").on("verified_entries").column("registration_number").execute();

  await db.schema
    .createTable("verified_imports")
    .addColumn("id", id, pk)
    .addColumn("list_id", "integer", (c) => c.notNull().references("verified_lists.id").onDelete("cascade"))
    .addColumn("file_name", "varchar(200)", (c) => c.notNull())
    // Where the uploaded file is kept until the import finishes (resumable after a restart).
    .addColumn("stored_path", "varchar(500)", (c) => c.notNull())
    .addColumn("size_bytes", "bigint", (c) => c.notNull())
    .addColumn("sha256", "varchar(64)", (c) => c.notNull())
    .addColumn("encoding", "varchar(10)", (c) => c.notNull())
    .addColumn("status", "varchar(12)", (c) => c.notNull().check(sql`status IN ('queued','running','done','failed')`))
    .addColumn("rows_done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rows_inserted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rows_updated", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rows_unchanged", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rows_refused", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rows_per_second", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("started_at", "varchar(32)")
    .addColumn("finished_at", "varchar(32)")
    // The node working it renews this; another node takes over an import whose heartbeat is stale.
    .addColumn("heartbeat_at", "varchar(32)")
    .execute();
  await db.schema.createIndex("verified_imports_status").on("verified_imports").columns(["status", "id"]).execute();

  await db.schema
    .createTable("verified_import_refusals")
    .addColumn("id", id, pk)
    .addColumn("import_id", "integer", (c) => c.notNull().references("verified_imports.id").onDelete("cascade"))
    .addColumn("row_number", "integer", (c) => c.notNull())
    .addColumn("registration_number", "varchar(40)")
    .addColumn("reason", "text", (c) => c.notNull())
    .addUniqueConstraint("verified_import_refusals_row", ["import_id", "row_number"])
    .execute();

  // One notice per entitlement, ever: the unique entry_id is what makes re-running the sender safe.
  await db.schema
    .createTable("entitlement_notices")
    .addColumn("id", id, pk)
    .addColumn("entry_id", "integer", (c) => c.notNull().unique().references("verified_entries.id").onDelete("cascade"))
    .addColumn("business_id", "integer", (c) => c.notNull().references("businesses.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("first_day", "varchar(10)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sms_outbox")
    .addColumn("id", id, pk)
    .addColumn("to_phone", "varchar(20)", (c) => c.notNull())
    .addColumn("body_text", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("sent_at", "varchar(32)")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .execute();
  await db.schema.createIndex("sms_outbox_waiting").on("sms_outbox").columns(["sent_at", "id"]).execute();

  // How the system decided a one-step application: the list, the entry, the rules version, the outcome.
  await db.schema
    .createTable("rapid_decisions")
    .addColumn("id", id, pk)
    .addColumn("application_id", "integer", (c) => c.notNull().unique().references("applications.id").onDelete("cascade"))
    .addColumn("list_id", "integer", (c) => c.notNull().references("verified_lists.id"))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("verified_entries.id"))
    .addColumn("rules_version", "integer", (c) => c.notNull())
    .addColumn("outcome", "varchar(12)", (c) => c.notNull().check(sql`outcome IN ('approved','queued')`))
    .addColumn("amount_krw", "bigint")
    .addColumn("reason", "text")
    .addColumn("decided_at", "varchar(32)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("recommendations")
    .addColumn("id", id, pk)
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    .addColumn("registration_number", "varchar(10)", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("recommendations_number").on("recommendations").columns(["registration_number", "programme_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "recommendations",
    "rapid_decisions",
    "sms_outbox",
    "entitlement_notices",
    "verified_import_refusals",
    "verified_imports",
    "verified_entries",
    "verified_lists",
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.alterTable("programmes").dropColumn("opening_schedule").execute();
}
