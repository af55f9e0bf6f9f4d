import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { resultFile } from "../../app/modules/payments/payment-files";
import { buildBatch, cancelBatch, importResultFile, releaseBatch, type Supervisor } from "../../app/modules/payments/payments.server";
import { getPayoutPage, savePayoutAccount } from "../../app/modules/payments/payout.server";
import { checkPayee } from "../../app/modules/payments/payee-check.server";
import { createUser, seedCatalogue } from "../helpers/fixtures";
import { approvedWithAccount } from "../helpers/payments";
import { askBank, startFakeBank, type RunningBank } from "../helpers/fake-bank";

/**
 * The payee check (예금주 확인) against the local bank, a real HTTP service: who may be paid, what an
 * unanswering bank leaves, and that nothing unchecked, mismatched or already refused is batched.
 * The fixtures confirm "Kim Minji" as each business's representative.
 */
const db = () => getDb();
let bank: RunningBank;
let sup1: Supervisor;
let sup2: Supervisor;
let seq = 0;

beforeAll(async () => {
  await seedCatalogue(db(), new Date("2026-11-26T03:00:00Z"));
  sup1 = await createUser(db(), "supervisor");
  sup2 = await createUser(db(), "supervisor");
  bank = await startFakeBank();
});
afterAll(() => bank?.stop());

beforeEach(async () => {
  await db().updateTable("applications").set({ status: "paid" }).where("status", "=", "approved").execute();
  await bank.control({ delayMs: 0, fail: false });
});

/** A fresh account number at the bank, held by `holder`. */
async function account(holder: string, state: "open" | "closed" = "open") {
  seq++;
  const number = `77${String(process.pid % 1000).padStart(3, "0")}${String(seq).padStart(6, "0")}`;
  await bank.control({ accounts: [{ bank: "081", number, holder, state }] });
  return { bankCode: "081", accountNumber: number, holderName: holder };
}

const save = (
  app: { reference: string; owner: { id: number } },
  input: { bankCode: string; accountNumber: string; holderName: string },
  check = askBank(bank),
) => savePayoutAccount({ ref: app.reference, ownerId: app.owner.id, input }, { check });

const build = () => buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 100, maxAmountKrw: null }, { check: askBank(bank) });

async function stored(applicationId: number) {
  return db()
    .selectFrom("payout_accounts")
    .select(["account_number", "holder_name", "payee_state", "payee_checked_at"])
    .where("application_id", "=", applicationId)
    .executeTakeFirstOrThrow();
}

async function batchedRefs(batchId: number) {
  const rows = await db().selectFrom("payments").select("reference").where("batch_id", "=", batchId).execute();
  return rows.map((r) => r.reference);
}

describe("saving a payout account", () => {
  it("refuses a stranger's account before saving, names the field, and keeps the account on file", async () => {
    const app = await approvedWithAccount(db());
    const before = await stored(app.id);
    const stranger = await account("이몽룡");
    const refused = await save(app, stranger);
    expect(refused).toMatchObject({ ok: false, reason: "invalid", errors: { holderName: { en: expect.stringContaining("not held by") } } });
    expect(await stored(app.id)).toEqual(before);
    // Typing the representative's name does not help: the bank says who holds the account.
    expect(await save(app, { ...stranger, holderName: "Kim Minji" })).toMatchObject({ ok: false, errors: { holderName: expect.anything() } });
  });

  it("refuses an unknown or closed account, and a bank code that does not exist, at the field", async () => {
    const app = await approvedWithAccount(db());
    expect(await save(app, { bankCode: "081", accountNumber: "99-0000-000000", holderName: "Kim Minji" })).toMatchObject({
      ok: false,
      errors: { accountNumber: { en: expect.stringContaining("no account with this number") } },
    });
    const closed = await account("Kim Minji", "closed");
    expect(await save(app, closed)).toMatchObject({ ok: false, errors: { accountNumber: { en: expect.stringContaining("closed") } } });
    expect(await save(app, { bankCode: "999", accountNumber: "123456789012", holderName: "Kim Minji" })).toMatchObject({
      ok: false,
      errors: { bankCode: expect.anything() },
    });
  });

  it("accepts the representative's own account written with spaces and hyphens, and the business's corporate account", async () => {
    const app = await approvedWithAccount(db());
    const own = await account("Kim Minji");
    const spaced = own.accountNumber.replace(/^(\d{3})(\d{4})/, "$1 $2-");
    expect(await save(app, { ...own, accountNumber: spaced, holderName: "kim minji" })).toEqual({ ok: true, payee: "matched" });
    expect(await stored(app.id)).toMatchObject({ account_number: own.accountNumber, holder_name: "Kim Minji", payee_state: "matched" });

    const corporate = await approvedWithAccount(db());
    const { trade_name } = await db()
      .selectFrom("applications as a")
      .innerJoin("businesses as b", "b.id", "a.business_id")
      .select("b.trade_name")
      .where("a.id", "=", corporate.id)
      .executeTakeFirstOrThrow();
    const company = await account(`주식회사 ${trade_name}`);
    expect(await save(corporate, { ...company, holderName: `(주)${trade_name}` })).toEqual({ ok: true, payee: "matched" });
  });

  it("keeps an account as unchecked when the bank fails or is too slow, and never batches it until a check matches", async () => {
    const app = await approvedWithAccount(db());
    const own = await account("Kim Minji");
    await bank.control({ fail: true });
    expect(await save(app, own)).toEqual({ ok: true, payee: "unchecked" });
    expect(await stored(app.id)).toMatchObject({ payee_state: "unchecked", payee_checked_at: null });
    expect((await getPayoutPage({ ref: app.reference, ownerId: app.owner.id }))!.account).toMatchObject({ payee_state: "unchecked" });
    // The batch asks again; the bank still fails: nothing to pay, nothing batched.
    expect(await build()).toMatchObject({ ok: false, code: "nothing_to_pay" });

    await bank.control({ fail: false, delayMs: 1_000 });
    const slow = await savePayoutAccount(
      { ref: app.reference, ownerId: app.owner.id, input: own },
      { check: (q) => checkPayee(q, { baseUrl: bank.url, timeoutMs: 200 }) },
    );
    expect(slow).toEqual({ ok: true, payee: "unchecked" });

    // The bank answers again: the next build checks the account and pays it.
    await bank.control({ delayMs: 0 });
    const built = await build();
    expect(built).toMatchObject({ ok: true, count: 1, payees: { asked: 1, matched: 1 } });
    if (built.ok) expect(await batchedRefs(built.batchId)).toEqual([app.reference]);
    expect(await stored(app.id)).toMatchObject({ payee_state: "matched" });
  });
});

describe("building a batch", () => {
  it("checks old accounts again: a holder that changed is a mismatch, audited, shown to the owner and never paid", async () => {
    const app = await approvedWithAccount(db());
    const own = await account("Kim Minji");
    expect(await save(app, own)).toEqual({ ok: true, payee: "matched" });
    // Forty days later the bank names someone else for the same account.
    await db()
      .updateTable("payout_accounts")
      .set({ payee_checked_at: new Date(Date.now() - 40 * 86_400_000).toISOString() })
      .where("application_id", "=", app.id)
      .execute();
    await bank.control({ accounts: [{ bank: own.bankCode, number: own.accountNumber, holder: "이몽룡" }] });
    const asked = await bank.inquiries();
    expect(await build()).toMatchObject({ ok: false, code: "nothing_to_pay" });
    expect(await bank.inquiries()).toBe(asked + 1);
    expect(await stored(app.id)).toMatchObject({ payee_state: "mismatch" });
    const audit = await db()
      .selectFrom("audit_log")
      .select(["action", "actor_label"])
      .where("target_id", "=", app.reference)
      .where("action", "=", "payout_account.payee_mismatch")
      .execute();
    expect(audit).toEqual([{ action: "payout_account.payee_mismatch", actor_label: "system" }]);
    expect((await getPayoutPage({ ref: app.reference, ownerId: app.owner.id }))!.account).toMatchObject({ payee_state: "mismatch" });
    // A mismatch is not asked again on every build: the owner must give another account.
    expect(await build()).toMatchObject({ ok: false, code: "nothing_to_pay" });
    expect(await bank.inquiries()).toBe(asked + 1);
    const fresh = await account("Kim Minji");
    expect(await save(app, fresh)).toEqual({ ok: true, payee: "matched" });
    const built = await build();
    expect(built).toMatchObject({ ok: true, count: 1 });
  });

  it("never sends a failed payment to the same account again, and a cancelled batch after it hides nothing", async () => {
    const app = await approvedWithAccount(db());
    const first = await build();
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(await releaseBatch({ batchId: first.batchId, staff: sup2 })).toMatchObject({ ok: true });
    const sent = await db()
      .selectFrom("payments")
      .select(["sequence", "bank_code", "account_number", "holder_name", "amount_krw", "reference"])
      .where("batch_id", "=", first.batchId)
      .execute();
    const text = resultFile(
      first.batchId,
      sent.map((p) => ({
        sequence: p.sequence,
        bankCode: p.bank_code,
        accountNumber: p.account_number,
        holderName: p.holder_name,
        amountKrw: Number(p.amount_krw),
        reference: p.reference,
        resultCode: "E102",
      })),
    );
    expect(await importResultFile({ batchId: first.batchId, staff: sup1, text })).toMatchObject({ ok: true, failedCount: 1 });

    // The same refused account is not taken again.
    expect(await build()).toMatchObject({ ok: false, code: "nothing_to_pay" });
    const page = await getPayoutPage({ ref: app.reference, ownerId: app.owner.id });
    expect(page!.lastFailure).toMatchObject({ code: "E102" });

    // A corrected, checked account is paid in the next batch; cancelling that batch still shows the failure.
    expect(await save(app, await account("Kim Minji"))).toEqual({ ok: true, payee: "matched" });
    const second = await build();
    expect(second).toMatchObject({ ok: true, count: 1 });
    if (!second.ok) return;
    expect(await cancelBatch({ batchId: second.batchId, staff: sup1 })).toMatchObject({ ok: true });
    expect((await getPayoutPage({ ref: app.reference, ownerId: app.owner.id }))!.lastFailure).toMatchObject({ code: "E102" });
    // And the corrected account is still payable.
    expect(await build()).toMatchObject({ ok: true, count: 1 });
  });
});
