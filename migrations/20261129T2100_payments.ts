import { sql, type Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. Payment batches and the payments in them. The invariants money depends on are
// the database's: an application is in at most one open batch (partial unique index over the open
// states) and is paid at most once (partial unique index over 'paid'). A batch keeps its totals as
// counters, and each programme keeps what it has committed (batched, released or paid) and paid, so
// the budget check is one row read under a lock, never a scan.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = pg ? "serial" : "integer";
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable("payment_batches")
    .addColumn("id", id, pk)
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    .addColumn("state", "varchar(12)", (c) => c.notNull().check(sql`state IN ('built','released','settled','cancelled')`))
    .addColumn("built_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("built_at", "varchar(32)", (c) => c.notNull())
    .addColumn("released_by", "integer", (c) => c.references("users.id"))
    .addColumn("released_at", "varchar(32)")
    .addColumn("settled_by", "integer", (c) => c.references("users.id"))
    .addColumn("settled_at", "varchar(32)")
    .addColumn("cancelled_by", "integer", (c) => c.references("users.id"))
    .addColumn("cancelled_at", "varchar(32)")
    .addColumn("payment_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("total_krw", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("paid_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("paid_krw", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("failed_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("failed_krw", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("result_sha256", "varchar(64)")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("payment_batches_programme").on("payment_batches").columns(["programme_id", "id"]).execute();
  await db.schema.createIndex("payment_batches_state").on("payment_batches").columns(["state", "id"]).execute();

  await db.schema
    .createTable("payments")
    .addColumn("id", id, pk)
    .addColumn("batch_id", "integer", (c) => c.notNull().references("payment_batches.id"))
    .addColumn("application_id", "integer", (c) => c.notNull().references("applications.id"))
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    // Position in the batch's transfer file, 1..n.
    .addColumn("sequence", "integer", (c) => c.notNull())
    .addColumn("amount_krw", "bigint", (c) => c.notNull().check(sql`amount_krw > 0`))
    // The payout account as it was when the batch was built: the file must say what was sent.
    .addColumn("bank_code", "varchar(3)", (c) => c.notNull())
    .addColumn("account_number", "varchar(20)", (c) => c.notNull())
    .addColumn("holder_name", "varchar(100)", (c) => c.notNull())
    .addColumn("reference", "varchar(24)", (c) => c.notNull())
    .addColumn("state", "varchar(12)", (c) => c.notNull().check(sql`state IN ('batched','released','paid','failed','cancelled')`))
    .addColumn("result_code", "varchar(8)")
    .addColumn("result_at", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("payments_batch_sequence").on("payments").columns(["batch_id", "sequence"]).unique().execute();
  await db.schema.createIndex("payments_application").on("payments").columns(["application_id", "id"]).execute();
  await db.schema
    .createIndex("payments_one_open")
    .on("payments")
    .column("application_id")
    .unique()
    .where(sql.ref("state"), "in", ["batched", "released"])
    .execute();
  await db.schema
    .createIndex("payments_paid_once")
    .on("payments")
    .column("application_id")
    .unique()
    .where(sql.ref("state"), "=", "paid")
    .execute();

  await db.schema
    .createTable("programme_payment_totals")
    .addColumn("programme_id", "integer", (c) => c.primaryKey().references("programmes.id"))
    // Batched + released + paid: what the budget has promised.
    .addColumn("committed_krw", "bigint", (c) => c.notNull().defaultTo(0).check(sql`committed_krw >= 0`))
    .addColumn("paid_krw", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("paid_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("programme_payment_totals").execute();
  await db.schema.dropTable("payments").execute();
  await db.schema.dropTable("payment_batches").execute();
}
