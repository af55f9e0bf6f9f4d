import type { Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. Identity verification over OpenID Connect (본인인증, docs/identity.md).
// identity_attempts: one row per "verify" click, used once (used_at set in the same UPDATE that
// reads it), short-lived (expires_at), found by the SHA-256 of its state (unique).
// identity_verifications: the verified person of an account; the provider's identifier only as an
// HMAC (subject_hash), unique per issuer, so one person verifies one account.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable("identity_attempts")
    .addColumn("id", pg ? "serial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("state_hash", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("nonce", "varchar(128)", (c) => c.notNull())
    .addColumn("code_verifier", "varchar(128)", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("return_to", "varchar(500)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .addColumn("used_at", "varchar(32)")
    .execute();
  await db.schema.createIndex("identity_attempts_user").on("identity_attempts").column("user_id").execute();

  await db.schema
    .createTable("identity_verifications")
    .addColumn("user_id", "integer", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("issuer", "varchar(300)", (c) => c.notNull())
    // HMAC-SHA256(IDENTITY_HASH_KEY, issuer + "\n" + sub), hex: never the identifier itself.
    .addColumn("subject_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("birth_date", "varchar(10)", (c) => c.notNull())
    .addColumn("verified_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("identity_verifications_person")
    .on("identity_verifications")
    .columns(["issuer", "subject_hash"])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("identity_verifications").execute();
  await db.schema.dropTable("identity_attempts").execute();
}
