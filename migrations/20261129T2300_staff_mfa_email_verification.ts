import { sql, type Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. Issue 12: staff second factor (TOTP + recovery codes), a one-time password
// that must be changed, owners' email verification and their personal-data consent. New columns and
// tables only (SQLite cannot change a CHECK without rebuilding a table).
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = () => ["id", pg ? "serial" : "integer", (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement())] as const;

  // When the owner proved the mailbox is theirs; null = not yet (they cannot submit until then).
  await db.schema.alterTable("users").addColumn("email_verified_at", "varchar(32)").execute();
  // 1 after an administrator set a one-time password: every staff page asks for a new one first.
  await db.schema.alterTable("users").addColumn("must_change_password", "integer", (c) => c.notNull().defaultTo(0)).execute();
  // The TOTP key (AES-GCM sealed when MFA_ENCRYPTION_KEY is set, see app/auth/mfa.server.ts); it
  // counts only once confirmed with a code. totp_last_step refuses a code used before (replay).
  await db.schema.alterTable("users").addColumn("totp_secret", "text").execute();
  await db.schema.alterTable("users").addColumn("totp_confirmed_at", "varchar(32)").execute();
  await db.schema.alterTable("users").addColumn("totp_last_step", "integer").execute();
  // 1 while a session has proved the password only and still owes its second factor (or enrolment).
  await db.schema.alterTable("auth_session").addColumn("mfa_pending", "integer", (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable("mfa_recovery_codes")
    .addColumn(...id())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // salt$sha256, hex: the codes themselves are shown once and never stored.
    .addColumn("code_hash", "varchar(200)", (c) => c.notNull())
    .addColumn("used_at", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("mfa_recovery_codes_user").on("mfa_recovery_codes").column("user_id").execute();

  await db.schema
    .createTable("email_verification_tokens")
    // SHA-256 of the token, hex, as for password reset: the token itself is only in the email.
    .addColumn("token_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .addColumn("used_at", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("email_verification_tokens_user").on("email_verification_tokens").column("user_id").execute();

  // 개인정보 수집·이용 동의: which version of the text the person agreed to, and when.
  await db.schema
    .createTable("privacy_consents")
    .addColumn(...id())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "varchar(32)", (c) => c.notNull())
    .addColumn("version", "varchar(32)", (c) => c.notNull())
    .addColumn("given_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("privacy_consents_user").on("privacy_consents").column("user_id").execute();

  // Owners who already submitted are past their first submission: they count as verified.
  await sql`UPDATE users SET email_verified_at = created_at
    WHERE role = 'owner' AND email_verified_at IS NULL
      AND EXISTS (SELECT 1 FROM applications a WHERE a.owner_id = users.id AND a.submitted_at IS NOT NULL)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("privacy_consents").execute();
  await db.schema.dropTable("email_verification_tokens").execute();
  await db.schema.dropTable("mfa_recovery_codes").execute();
  await db.schema.alterTable("auth_session").dropColumn("mfa_pending").execute();
  for (const column of ["totp_last_step", "totp_confirmed_at", "totp_secret", "must_change_password", "email_verified_at"]) {
    await db.schema.alterTable("users").dropColumn(column).execute();
  }
}
