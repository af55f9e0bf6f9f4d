import { sql, type Kysely } from "kysely";

// Frozen once landed. Objections per programme × kind × state, kept in the same transaction as the
// objection is filed or decided (app/services/counters.server.ts), so the queue and the dashboard say
// how many wait without counting the objections on a request. Fills itself once from the table (a
// migration may scan; requests may not); `npm run db:recount` rebuilds it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("objection_counters")
    .addColumn("programme_id", "integer", (c) => c.notNull().references("programmes.id"))
    .addColumn("kind", "varchar(20)", (c) => c.notNull())
    .addColumn("state", "varchar(20)", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull().defaultTo(0).check(sql`n >= 0`))
    .addPrimaryKeyConstraint("objection_counters_pk", ["programme_id", "kind", "state"])
    .execute();
  await sql`insert into objection_counters (programme_id, kind, state, n)
    select programme_id, kind, state, count(*) from objections group by programme_id, kind, state`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("objection_counters").execute();
}
