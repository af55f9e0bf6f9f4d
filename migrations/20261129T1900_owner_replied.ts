import type { Kysely } from "kysely";

// Frozen once landed. When the owner answers a request for information, the application carries the
// time of that answer until a caseworker next acts on it, so the queue and the review page can mark
// "reply received" from the row itself (no per-row lookup in the queue). Nullable ISO text: portable.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("applications").addColumn("owner_replied_at", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("applications").dropColumn("owner_replied_at").execute();
}
