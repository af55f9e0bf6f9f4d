import type { Kysely } from "kysely";

// Frozen once landed. Business ownership proven against the business register (docs/identity.md):
// a business row is confirmed for its account when the account's verified person matched the
// register's representative (any joint one) with the opening date the owner gave, and the business
// was operating. One confirmation per business row (its primary key), and a verified person confirms
// a registration number once (unique issuer + subject_hash + number), whatever accounts come and go.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("business_ownerships")
    .addColumn("business_id", "integer", (c) => c.primaryKey().references("businesses.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("registration_number", "varchar(10)", (c) => c.notNull())
    // The verified person who matched, as identity_verifications holds them (never the identifier).
    .addColumn("issuer", "varchar(300)", (c) => c.notNull())
    .addColumn("subject_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("representative_name", "varchar(200)", (c) => c.notNull())
    .addColumn("opened_on", "varchar(10)", (c) => c.notNull())
    .addColumn("confirmed_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("business_ownerships_person_number")
    .on("business_ownerships")
    .columns(["issuer", "subject_hash", "registration_number"])
    .unique()
    .execute();
  await db.schema.createIndex("business_ownerships_user").on("business_ownerships").column("user_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("business_ownerships").execute();
}
