import type { Kysely } from "kysely";

// Frozen once landed. Several nodes deliver the outbox: a deliverer claims a message for a short
// lease before sending it, so no two processes send the same message (and a crashed deliverer's
// claim lapses, so nothing is stuck). The index finds the waiting messages without a scan.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("outbox").addColumn("claim_token", "varchar(40)").execute();
  await db.schema.alterTable("outbox").addColumn("claimed_until", "varchar(32)").execute();
  await db.schema.createIndex("outbox_waiting").on("outbox").columns(["sent_at", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("outbox_waiting").execute();
  await db.schema.alterTable("outbox").dropColumn("claimed_until").execute();
  await db.schema.alterTable("outbox").dropColumn("claim_token").execute();
}
