import type { Kysely } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { isReference } from "~/modules/applications";
import { isApplicationKey } from "~/modules/applications/index.server";
import { maskAccountNumber } from "./bank";
import { savePayoutAccount, type SavePayoutResult } from "./payout.server";
import type { PayeeCheck } from "./payee-check.server";

/**
 * The payout account as a step of a paying programme's application (the draft's task list), and
 * reusing an account the owner already gave on another application of the same business. Saving
 * always goes through savePayoutAccount, so a reused account is checked with the bank again.
 */
type Db = Kysely<Database>;

export interface ReusableAccount {
  /** The other application's payout account row, named in the confirm form (never its number). */
  id: number;
  bankCode: string;
  masked: string;
  lastDigits: string;
  holderName: string;
}

/** Accounts on the owner's other applications of the same business, newest first, one per account. */
async function reusableAccounts(db: Db, app: { id: number; business_id: number }, ownerId: number, exclude: string | null) {
  const rows = await db
    .selectFrom("payout_accounts as pa")
    .innerJoin("applications as a", "a.id", "pa.application_id")
    .select(["pa.id", "pa.bank_code", "pa.account_number", "pa.holder_name", "pa.updated_at"])
    .where("a.owner_id", "=", ownerId)
    .where("a.business_id", "=", app.business_id)
    .where("a.id", "!=", app.id)
    .where("pa.payee_state", "!=", "mismatch")
    .orderBy("pa.updated_at", "desc")
    .orderBy("pa.id", "desc")
    .limit(20)
    .execute();
  const seen = new Set<string>(exclude ? [exclude] : []);
  const out: Array<ReusableAccount & { accountNumber: string }> = [];
  for (const r of rows) {
    const k = `${r.bank_code}:${r.account_number}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({
      id: r.id,
      bankCode: r.bank_code,
      accountNumber: r.account_number,
      masked: maskAccountNumber(r.account_number),
      lastDigits: r.account_number.slice(-4),
      holderName: r.holder_name,
    });
  }
  return out.slice(0, 3);
}

async function ownedApplication(db: Db, key: string, ownerId: number) {
  if (!isApplicationKey(key)) return undefined;
  return db
    .selectFrom("applications")
    .select(["id", "business_id", "status"])
    .where(isReference(key) ? "reference" : "public_id", "=", key)
    .where("owner_id", "=", ownerId)
    .executeTakeFirst();
}

/** What the step shows: the account on file (masked) and the accounts it may reuse. Null when not the owner's. */
export async function getAccountStep({ key, ownerId }: { key: string; ownerId: number }, { db = getDb() }: { db?: Db } = {}) {
  const app = await ownedApplication(db, key, ownerId);
  if (!app) return null;
  const current = await db
    .selectFrom("payout_accounts")
    .select(["bank_code", "account_number", "holder_name", "payee_state"])
    .where("application_id", "=", app.id)
    .executeTakeFirst();
  const reuse = await reusableAccounts(db, app, ownerId, current ? `${current.bank_code}:${current.account_number}` : null);
  return {
    account: current
      ? {
          bankCode: current.bank_code,
          masked: maskAccountNumber(current.account_number),
          holderName: current.holder_name,
          payee: current.payee_state,
        }
      : null,
    reuse: reuse.map(({ accountNumber: _, ...r }) => r) as ReusableAccount[],
  };
}

/**
 * Saves, on this application, an account the owner confirmed they want to reuse from another
 * application of the same business. Someone else's account, or one of another business, is "not found".
 */
export async function reusePayoutAccount(
  { key, ownerId, accountId }: { key: string; ownerId: number; accountId: number },
  opts: { now?: Date; db?: Db; check?: PayeeCheck } = {},
): Promise<SavePayoutResult> {
  const db = opts.db ?? getDb();
  const app = await ownedApplication(db, key, ownerId);
  if (!app) return { ok: false, reason: "not_found" };
  const source = (await reusableAccounts(db, app, ownerId, null)).find((a) => a.id === accountId);
  if (!source) return { ok: false, reason: "not_found" };
  return savePayoutAccount(
    { ref: key, ownerId, input: { bankCode: source.bankCode, accountNumber: source.accountNumber, holderName: source.holderName } },
    { ...opts, db },
  );
}
