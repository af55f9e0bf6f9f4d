import { sql, type Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed: change the schema with a new migration, never by editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable("programmes")
    .addColumn("id", pg ? "serial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("slug", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("ref_prefix", "varchar(8)", (c) => c.notNull().unique())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("name_ko", "text", (c) => c.notNull())
    .addColumn("summary_en", "text", (c) => c.notNull())
    .addColumn("summary_ko", "text", (c) => c.notNull())
    .addColumn("description_en", "text", (c) => c.notNull())
    .addColumn("description_ko", "text", (c) => c.notNull())
    .addColumn("support_en", "text", (c) => c.notNull())
    .addColumn("support_ko", "text", (c) => c.notNull())
    .addColumn("how_to_apply_en", "text", (c) => c.notNull())
    .addColumn("how_to_apply_ko", "text", (c) => c.notNull())
    .addColumn("budget_krw", "bigint", (c) => c.check(sql`budget_krw IS NULL OR budget_krw >= 0`))
    .addColumn("capacity", "integer")
    .addColumn("target_count", "integer")
    .addColumn("opens_on", "varchar(10)", (c) => c.notNull())
    .addColumn("closes_on", "varchar(10)", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull().defaultTo("published"))
    .addColumn("rules", "text", (c) => c.notNull())
    .addColumn("rules_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("required_documents", "text", (c) => c.notNull())
    .addColumn("sort_order", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("programmes_status_sort").on("programmes").columns(["status", "sort_order"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("programmes").execute();
}
