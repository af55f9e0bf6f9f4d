import { sql, type Kysely } from "kysely";

// Frozen once landed. The metrics scrape asks every 15 seconds how many emails wait and since when;
// a partial index on the waiting rows only answers that from a handful of index entries, however
// many delivered messages the outbox keeps.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("outbox_unsent")
    .on("outbox")
    .columns(["created_at", "attempts"])
    .where(sql.ref("sent_at"), "is", null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("outbox_unsent").execute();
}
