import { sql, type Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed: change the schema with a new migration, never by editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (name = "id") =>
    [name, pg ? "serial" : "integer", (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement())] as const;

  await db.schema
    .createTable("users")
    .addColumn(...id())
    // Normalised (trimmed, NFC, lower-case ASCII) so the unique index compares like for like.
    .addColumn("email", "varchar(254)", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "varchar(16)", (c) => c.notNull().check(sql`role IN ('owner', 'caseworker', 'supervisor', 'admin')`))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addColumn("password_changed_at", "varchar(32)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("auth_session")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("last_seen_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("auth_session_user").on("auth_session").column("user_id").execute();

  // One row per counted attempt; counting rows in the window gives a sliding window that holds across
  // restarts and across several app instances sharing the database.
  await db.schema
    .createTable("rate_limit_events")
    .addColumn(...id())
    .addColumn("scope", "varchar(32)", (c) => c.notNull())
    .addColumn("key", "varchar(300)", (c) => c.notNull())
    .addColumn("at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rate_limit_events_lookup").on("rate_limit_events").columns(["scope", "key", "at"]).execute();

  await db.schema
    .createTable("password_reset_tokens")
    // SHA-256 of the token, hex: the token itself is only ever in the email.
    .addColumn("token_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .addColumn("used_at", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("password_reset_tokens_user").on("password_reset_tokens").column("user_id").execute();

  await db.schema
    .createTable("outbox")
    .addColumn(...id())
    .addColumn("to_address", "varchar(254)", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body_text", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("businesses")
    .addColumn(...id())
    .addColumn("owner_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("trade_name", "varchar(100)", (c) => c.notNull())
    // Ten digits, no hyphens: one spelling per number, so the unique index holds.
    .addColumn("registration_number", "varchar(10)", (c) => c.notNull().unique())
    .addColumn("representative_name", "varchar(50)", (c) => c.notNull())
    .addColumn("phone", "varchar(20)", (c) => c.notNull())
    .addColumn("address", "varchar(200)", (c) => c.notNull())
    .addColumn("region", "varchar(16)", (c) => c.notNull())
    .addColumn("sector", "varchar(32)", (c) => c.notNull())
    .addColumn("employees", "integer", (c) => c.notNull().check(sql`employees >= 0`))
    .addColumn("opened_on", "varchar(10)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("businesses_owner").on("businesses").column("owner_id").execute();

  // A second account claiming a registered number: kept for staff to look into, never silently allowed.
  await db.schema
    .createTable("business_number_conflicts")
    .addColumn(...id())
    .addColumn("registration_number", "varchar(10)", (c) => c.notNull())
    .addColumn("business_id", "integer", (c) => c.notNull().references("businesses.id").onDelete("cascade"))
    .addColumn("claimed_by", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("resolved_at", "varchar(32)")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "business_number_conflicts",
    "businesses",
    "outbox",
    "password_reset_tokens",
    "rate_limit_events",
    "auth_session",
    "users",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
