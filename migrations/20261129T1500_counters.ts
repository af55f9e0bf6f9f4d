import { sql, type Kysely } from "kysely";

// Frozen once landed. Counters that the one status-change path (app/services/status-change.server.ts)
// keeps in the same transaction as the change, so no page has to count applications:
// - application_counters: applications per programme × status × region × sector, with the amounts
//   requested (submitted applications) and awarded (approved or paid);
// - submission_day_counters: submissions per programme and Seoul calendar day;
// - decision_duration_counters: a histogram of submission → decision times (hour buckets);
// - counter_contributions: what each application currently adds to the counters, so any change
//   (any from → to, an award or a business's region that moved meanwhile) subtracts exactly what it
//   added before. `npm run db:recount` rebuilds all four from the applications.
// Every count and sum has CHECK (≥ 0): a bug that would drive one negative aborts its transaction.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("application_counters")
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("region", "varchar(20)", (c) => c.notNull())
    .addColumn("sector", "varchar(30)", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull().defaultTo(0).check(sql`n >= 0`))
    .addColumn("requested_krw", "bigint", (c) => c.notNull().defaultTo(0).check(sql`requested_krw >= 0`))
    .addColumn("awarded_krw", "bigint", (c) => c.notNull().defaultTo(0).check(sql`awarded_krw >= 0`))
    .addPrimaryKeyConstraint("application_counters_pk", ["programme_id", "status", "region", "sector"])
    .execute();

  await db.schema
    .createTable("submission_day_counters")
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    // Seoul calendar date, YYYY-MM-DD.
    .addColumn("day", "varchar(10)", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull().defaultTo(0).check(sql`n >= 0`))
    .addPrimaryKeyConstraint("submission_day_counters_pk", ["programme_id", "day"])
    .execute();

  await db.schema
    .createTable("decision_duration_counters")
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    // Lower bound of the bucket in hours (see app/domain/counters.ts for the widths).
    .addColumn("bucket_hours", "integer", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull().defaultTo(0).check(sql`n >= 0`))
    .addPrimaryKeyConstraint("decision_duration_counters_pk", ["programme_id", "bucket_hours"])
    .execute();

  await db.schema
    .createTable("counter_contributions")
    .addColumn("application_id", "integer", (c) => c.primaryKey().references("applications.id").onDelete("cascade"))
    .addColumn("programme_id", "integer", (c) => c.notNull())
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("region", "varchar(20)", (c) => c.notNull())
    .addColumn("sector", "varchar(30)", (c) => c.notNull())
    .addColumn("requested_krw", "bigint", (c) => c.notNull())
    .addColumn("awarded_krw", "bigint", (c) => c.notNull())
    .addColumn("submitted_day", "varchar(10)")
    .addColumn("bucket_hours", "integer")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["counter_contributions", "decision_duration_counters", "submission_day_counters", "application_counters"]) {
    await db.schema.dropTable(t).execute();
  }
}
