import { sql, type Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. A failed payment puts its application in "awaiting a new account": one row
// per failed payment (the unique payment_id is also what makes telling the owner — notification,
// email, text — happen exactly once per failure, however often a result is imported). The failure
// is resolved by the owner saving another account the payee check matched (`new_account`) or by a
// supervisor's retry with a reason (`retry`, which permits the failed account once more). At most
// one failure per application is unresolved (a partial unique index). Failed payments from before
// this migration are recorded as already told; only each application's latest one, still on the
// account that failed and with no payment on its way, is left awaiting.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = pg ? "serial" : "integer";
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable("payment_failures")
    .addColumn("id", id, pk)
    .addColumn("payment_id", "integer", (c) => c.notNull().unique().references("payments.id"))
    .addColumn("application_id", "integer", (c) => c.notNull().references("applications.id"))
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    // The account that failed, as the payment sent it.
    .addColumn("bank_code", "varchar(3)", (c) => c.notNull())
    .addColumn("account_number", "varchar(20)", (c) => c.notNull())
    .addColumn("result_code", "varchar(8)", (c) => c.notNull())
    .addColumn("failed_at", "varchar(32)", (c) => c.notNull())
    .addColumn("resolution", "varchar(12)", (c) => c.check(sql`resolution IN ('new_account','retry')`))
    .addColumn("resolved_by", "integer", (c) => c.references("users.id"))
    .addColumn("resolved_at", "varchar(32)")
    .addColumn("retry_reason", "text")
    .execute();
  await db.schema
    .createIndex("payment_failures_one_awaiting")
    .on("payment_failures")
    .column("application_id")
    .unique()
    .where(sql.ref("resolution"), "is", null)
    .execute();
  await db.schema.createIndex("payment_failures_application").on("payment_failures").columns(["application_id", "id"]).execute();
  await db.schema.createIndex("payment_failures_programme").on("payment_failures").columns(["programme_id", "resolution", "id"]).execute();

  const failed = await db
    .selectFrom("payments as p")
    .leftJoin("payout_accounts as pa", "pa.application_id", "p.application_id")
    .select([
      "p.id",
      "p.application_id",
      "p.programme_id",
      "p.bank_code",
      "p.account_number",
      "p.result_code",
      "p.result_at",
      "p.updated_at",
      "pa.bank_code as current_bank",
      "pa.account_number as current_account",
    ])
    .where("p.state", "=", "failed")
    .orderBy("p.id", "desc")
    .execute();
  // A payment already on its way (to another account) means the owner has moved on from that failure.
  const open = await db.selectFrom("payments").select("application_id").where("state", "in", ["batched", "released"]).execute();
  const inFlight = new Set(open.map((o: { application_id: number }) => o.application_id));
  const stamp = new Date().toISOString();
  const seen = new Set<number>();
  for (const f of failed) {
    const latest = !seen.has(f.application_id);
    seen.add(f.application_id);
    const awaiting = latest && !inFlight.has(f.application_id) && f.current_bank === f.bank_code && f.current_account === f.account_number;
    await db
      .insertInto("payment_failures")
      .values({
        payment_id: f.id,
        application_id: f.application_id,
        programme_id: f.programme_id,
        bank_code: f.bank_code,
        account_number: f.account_number,
        result_code: f.result_code ?? "",
        failed_at: f.result_at ?? f.updated_at,
        resolution: awaiting ? null : "new_account",
        resolved_at: awaiting ? null : stamp,
      })
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("payment_failures").execute();
}
