import type { Kysely } from "kysely";

// Frozen once landed. The payee check (예금주 확인, docs/payments.md): whether the bank named the
// business's confirmed representative (or the business) as the holder of a payout account, and
// when. `matched` accounts may be batched while the check is recent; `unchecked` ones (the bank
// could not answer, or accounts saved before the check existed) never are until a check matches.
// A mismatch is refused before saving, so it has no state here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("payout_accounts")
    .addColumn("payee_state", "varchar(16)", (c) => c.notNull().defaultTo("unchecked"))
    .execute();
  await db.schema.alterTable("payout_accounts").addColumn("payee_checked_at", "varchar(32)").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("payout_accounts").dropColumn("payee_checked_at").execute();
  await db.schema.alterTable("payout_accounts").dropColumn("payee_state").execute();
}
