import type { Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. Programmes become editable by supervisors: `version` guards concurrent edits,
// and every rules version is kept so an application stays tied to the rules it was judged by.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable("programmes").addColumn("version", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable("programmes").addColumn("four_eyes_threshold_krw", "bigint").execute();
  await db.schema
    .createTable("programme_versions")
    .addColumn("id", pg ? "serial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id").onDelete("cascade"))
    .addColumn("rules_version", "integer", (c) => c.notNull())
    .addColumn("rules", "text", (c) => c.notNull())
    .addColumn("required_documents", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addUniqueConstraint("programme_versions_programme_version", ["programme_id", "rules_version"])
    .execute();
  // Programmes that exist already keep their current rules as their first recorded version.
  await db
    .insertInto("programme_versions")
    .columns(["programme_id", "rules_version", "rules", "required_documents", "created_at", "created_by"])
    .expression((eb) =>
      eb
        .selectFrom("programmes")
        .select((s) => [
          "id",
          "rules_version",
          "rules",
          "required_documents",
          "updated_at",
          s.val("migration").as("created_by"),
        ]),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("programme_versions").execute();
  await db.schema.alterTable("programmes").dropColumn("four_eyes_threshold_krw").execute();
  await db.schema.alterTable("programmes").dropColumn("version").execute();
}
