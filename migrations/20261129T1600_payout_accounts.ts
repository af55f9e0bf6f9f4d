import { type Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. The bank account an application is paid into (the rapid-payment
// track): one per application, given by the owner at the one-step application and corrected by the
// owner after a failed payment. Digits only; the bank is a three-digit Korean bank code
// (app/domain/bank.ts). A new table rather than columns on applications, so payment batches can join
// it and SQLite never has to rebuild the applications table.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = pg ? "serial" : "integer";
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable("payout_accounts")
    .addColumn("id", id, pk)
    .addColumn("application_id", "integer", (c) => c.notNull().unique().references("applications.id").onDelete("cascade"))
    .addColumn("bank_code", "varchar(3)", (c) => c.notNull())
    .addColumn("account_number", "varchar(20)", (c) => c.notNull())
    .addColumn("holder_name", "varchar(100)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)")
    .addColumn("updated_at", "varchar(32)")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("payout_accounts").execute();
}
