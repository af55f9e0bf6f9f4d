import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { createBusiness, createUser } from "./fixtures";
import { savePayoutAccount } from "../../app/modules/payments/payout.server";
import type { PayeeCheck } from "../../app/modules/payments/payee-check.server";

let seq = 0;

/**
 * An approved application with a payout account, written straight to the database (as the review
 * and rapid tracks leave it), for payment batch tests that need many of them.
 */
export async function approvedWithAccount(
  db: Kysely<Database>,
  {
    programmeSlug = "support-fund",
    amountKrw = 1_000_000,
    withAccount = true,
    owner,
  }: { programmeSlug?: string; amountKrw?: number; withAccount?: boolean; owner?: { id: number; email: string } } = {},
) {
  seq++;
  const programme = await db.selectFrom("programmes").select(["id", "ref_prefix"]).where("slug", "=", programmeSlug).executeTakeFirstOrThrow();
  const who = owner ?? (await createUser(db));
  const businessId = await createBusiness(db, who.id);
  const stamp = new Date().toISOString();
  const reference = `${programme.ref_prefix}-2099-${String(process.pid % 1000).padStart(3, "0")}${String(seq).padStart(6, "0")}`;
  const app = await db
    .insertInto("applications")
    .values({
      public_id: `d${String(process.pid).padStart(6, "0").slice(-6)}${String(seq).padStart(6, "0")}`,
      reference,
      programme_id: programme.id,
      business_id: businessId,
      owner_id: who.id,
      status: "approved",
      requested_amount_krw: null,
      rules_version: 1,
      snapshot: "{}",
      submitted_at: stamp,
      decided_at: stamp,
      created_at: stamp,
      updated_at: stamp,
      award_amount_krw: amountKrw,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (withAccount) {
    await db
      .insertInto("payout_accounts")
      .values({
        application_id: app.id,
        bank_code: "004",
        account_number: `1234567${String(seq).padStart(5, "0")}`,
        holder_name: "김민지",
        // As the payee check leaves an account the bank confirmed.
        payee_state: "matched",
        payee_checked_at: stamp,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
  }
  return { id: app.id, reference, owner: who };
}

/**
 * Gives a draft (or submitted application) its payout account through the owner's own service, as
 * the application's account step does; with no bank asked it is saved "unchecked" (the bank "cannot
 * answer"), which submission accepts and batches do not. The business must be confirmed as the owner's.
 */
export async function giveAccount(
  key: string,
  ownerId: number,
  { db, check = async () => ({ kind: "unavailable" as const }) }: { db?: Kysely<Database>; check?: PayeeCheck } = {},
) {
  const result = await savePayoutAccount(
    { ref: key, ownerId, input: { bankCode: "004", accountNumber: "123-456-789012", holderName: "Kim Minji" } },
    { db, check },
  );
  if (!result.ok) throw new Error(`payout account not saved: ${JSON.stringify(result)}`);
  return result;
}
