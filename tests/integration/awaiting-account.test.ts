import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { resultFile } from "../../app/modules/payments/payment-files";
import { buildBatch, cancelBatch, importResultFile, releaseBatch, type Supervisor } from "../../app/modules/payments/payments.server";
import { getPayoutPage, savePayoutAccount } from "../../app/modules/payments/payout.server";
import { listAwaitingAccounts, retryFailedPayment } from "../../app/modules/payments/awaiting-account.server";
import { createUser, seedCatalogue } from "../helpers/fixtures";
import { approvedWithAccount } from "../helpers/payments";
import { askBank, startFakeBank, type RunningBank } from "../helpers/fake-bank";

/**
 * Awaiting a new account after a failed payment, over a real database and the local bank: nothing
 * is batched while an application waits; the owner's other, matched account or a supervisor's
 * retry (with a reason) ends the wait; the owner is told once per failed payment; nothing is paid twice.
 */
const db = () => getDb();
let bank: RunningBank;
let sup1: Supervisor;
let sup2: Supervisor;
let caseworker: Supervisor;
let seq = 0;

beforeAll(async () => {
  await seedCatalogue(db(), new Date("2026-11-26T03:00:00Z"));
  sup1 = await createUser(db(), "supervisor");
  sup2 = await createUser(db(), "supervisor");
  caseworker = await createUser(db(), "caseworker");
  bank = await startFakeBank();
});
afterAll(() => bank?.stop());

/** Each test starts with nothing waiting: earlier approved applications are moved out of the way. */
async function clearPool() {
  await db().updateTable("applications").set({ status: "paid" }).where("status", "=", "approved").execute();
  await db().updateTable("programmes").set({ budget_krw: 4_100_000_000_000 }).where("slug", "=", "support-fund").execute();
}
beforeEach(async () => {
  await clearPool();
  await bank.control({ delayMs: 0, fail: false });
});

/** A fresh account at the local bank held by the fixtures' confirmed representative. */
async function freshAccount(holder = "Kim Minji") {
  seq++;
  const number = `66${String(process.pid % 1000).padStart(3, "0")}${String(seq).padStart(6, "0")}`;
  await bank.control({ accounts: [{ bank: "081", number, holder }] });
  return { bankCode: "081", accountNumber: number, holderName: holder };
}

type App = Awaited<ReturnType<typeof approvedWithAccount>>;
const save = (app: App, input: { bankCode: string; accountNumber: string; holderName: string }) =>
  savePayoutAccount({ ref: app.reference, ownerId: app.owner.id, input }, { check: askBank(bank) });
const build = () => buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 100, maxAmountKrw: null }, { check: askBank(bank) });

async function resultText(batchId: number, code: (reference: string) => string) {
  const sent = await db()
    .selectFrom("payments")
    .select(["sequence", "bank_code", "account_number", "holder_name", "amount_krw", "reference"])
    .where("batch_id", "=", batchId)
    .orderBy("sequence")
    .execute();
  return resultFile(
    batchId,
    sent.map((p) => ({
      sequence: p.sequence,
      bankCode: p.bank_code,
      accountNumber: p.account_number,
      holderName: p.holder_name,
      amountKrw: Number(p.amount_krw),
      reference: p.reference,
      resultCode: code(p.reference),
    })),
  );
}

/** Builds, releases and imports a result where every payment gets `code` (0000 = paid). */
async function payRound(code: string) {
  const built = await build();
  if (!built.ok) throw new Error(JSON.stringify(built));
  expect(await releaseBatch({ batchId: built.batchId, staff: sup2 })).toMatchObject({ ok: true });
  const text = await resultText(built.batchId, () => code);
  expect(await importResultFile({ batchId: built.batchId, staff: sup1, text })).toMatchObject({ ok: true });
  return { batchId: built.batchId, text };
}

async function told(app: App) {
  const [notes, mails, texts] = await Promise.all([
    db().selectFrom("notifications").select("id").where("application_id", "=", app.id).where("kind", "=", "payment_failed").execute(),
    db().selectFrom("outbox").select("id").where("to_address", "=", app.owner.email).where("subject", "like", "%지급 실패%").execute(),
    db().selectFrom("sms_outbox").select("id").where("body_text", "like", `%${app.reference} 지급 실패%`).execute(),
  ]);
  return { notifications: notes.length, emails: mails.length, texts: texts.length };
}

async function paymentsOf(app: App) {
  return db().selectFrom("payments").select(["state", "account_number", "bank_code"]).where("application_id", "=", app.id).orderBy("id").execute();
}

async function failureOf(app: App) {
  return db().selectFrom("payment_failures").selectAll().where("application_id", "=", app.id).orderBy("id", "desc").executeTakeFirstOrThrow();
}

describe("a failed payment awaits a new account", () => {
  it("is not batched again, shows the owner what to do, and tells them once however often the result is imported", async () => {
    const app = await approvedWithAccount(db());
    const { batchId, text } = await payRound("E102");
    expect(await build()).toMatchObject({ ok: false, code: "nothing_to_pay" });

    // The same result file again is refused whole; nobody is told twice.
    expect(await importResultFile({ batchId, staff: sup1, text })).toMatchObject({ ok: false, reason: "refused", code: "wrong_state" });
    expect(await told(app)).toEqual({ notifications: 1, emails: 1, texts: 1 });

    const page = await getPayoutPage({ ref: app.reference, ownerId: app.owner.id });
    expect(page!.hold).toMatchObject({ state: "awaiting", code: "E102", sameAccount: true });

    const list = await listAwaitingAccounts({ staff: sup1, programmeSlug: "support-fund" });
    expect(list!.rows.map((r) => r.reference)).toContain(app.reference);
    expect(await listAwaitingAccounts({ staff: caseworker, programmeSlug: "support-fund" })).toBeNull();
  });

  it("ends when the owner saves another account the bank matched: batched once, paid once", async () => {
    const app = await approvedWithAccount(db());
    await payRound("E102");
    const failed = (await paymentsOf(app))[0]!;

    // The same account again keeps the wait; so does another account the bank cannot check now.
    expect(await save(app, { bankCode: failed.bank_code, accountNumber: failed.account_number, holderName: "Kim Minji" })).toMatchObject({
      ok: false,
    });
    const next = await freshAccount();
    await bank.control({ fail: true });
    expect(await save(app, next)).toEqual({ ok: true, payee: "unchecked" });
    expect((await getPayoutPage({ ref: app.reference, ownerId: app.owner.id }))!.hold).toMatchObject({ state: "awaiting", sameAccount: false });
    expect(await build()).toMatchObject({ ok: false, code: "nothing_to_pay" });

    await bank.control({ fail: false });
    expect(await save(app, next)).toEqual({ ok: true, payee: "matched" });
    expect((await getPayoutPage({ ref: app.reference, ownerId: app.owner.id }))!.hold).toMatchObject({ state: "corrected" });
    expect(await failureOf(app)).toMatchObject({ resolution: "new_account", resolved_by: app.owner.id });

    await payRound("0000");
    expect(await build()).toMatchObject({ ok: false, code: "nothing_to_pay" });
    const payments = await paymentsOf(app);
    expect(payments.map((p) => p.state)).toEqual(["failed", "paid"]);
    expect(payments[1]!.account_number).toBe(next.accountNumber);
  });

  it("a supervisor's retry with a reason sends the same account once more, audited; a second failure awaits again and is told once", async () => {
    const app = await approvedWithAccount(db());
    await payRound("E103");
    const failure = await failureOf(app);

    const retried = await retryFailedPayment({ staff: sup2, failureId: failure.id, reason: "  The bank says the account is open again  " });
    expect(retried).toEqual({ ok: true, reference: app.reference });
    expect(await failureOf(app)).toMatchObject({
      resolution: "retry",
      resolved_by: sup2.id,
      retry_reason: "The bank says the account is open again",
    });
    const audit = await db()
      .selectFrom("audit_log")
      .select(["actor_id", "details"])
      .where("action", "=", "payment.retry_same_account")
      .where("target_id", "=", app.reference)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(sup2.id);
    expect(audit[0]!.details).toContain("The bank says the account is open again");
    expect((await getPayoutPage({ ref: app.reference, ownerId: app.owner.id }))!.hold).toMatchObject({ state: "retry" });
    // Only once: the same failure cannot be retried again.
    expect(await retryFailedPayment({ staff: sup1, failureId: failure.id, reason: "again" })).toMatchObject({ ok: false, reason: "refused" });

    // Batched once with the same account; it fails again: awaiting again, told again (once for this failure).
    await payRound("E103");
    expect(await build()).toMatchObject({ ok: false, code: "nothing_to_pay" });
    const payments = await paymentsOf(app);
    expect(payments.map((p) => p.state)).toEqual(["failed", "failed"]);
    expect(payments[1]!.account_number).toBe(payments[0]!.account_number);
    expect(await told(app)).toEqual({ notifications: 2, emails: 2, texts: 2 });
    expect(await failureOf(app)).toMatchObject({ resolution: null });
  });

  it("refuses a retry without a reason, with a clear message, and a caseworker's retry", async () => {
    const app = await approvedWithAccount(db());
    await payRound("E102");
    const failure = await failureOf(app);
    expect(await retryFailedPayment({ staff: sup1, failureId: failure.id, reason: "   " })).toEqual({
      ok: false,
      reason: "invalid",
      errors: { reason: "payments.awaiting.errors.reason" },
    });
    expect(await retryFailedPayment({ staff: caseworker, failureId: failure.id, reason: "because" })).toEqual({ ok: false, reason: "forbidden" });
    expect(await retryFailedPayment({ staff: sup1, failureId: 987654, reason: "because" })).toEqual({ ok: false, reason: "not_found" });
    expect(await failureOf(app)).toMatchObject({ resolution: null });
    expect(await build()).toMatchObject({ ok: false, code: "nothing_to_pay" });
  });

  it("a batch built while the owner changes the account takes either nothing or the new account, and pays once", async () => {
    const app = await approvedWithAccount(db());
    await payRound("E102");
    const failedAccount = (await paymentsOf(app))[0]!.account_number;
    const next = await freshAccount();
    await bank.control({ delayMs: 30 });
    const [built, saved] = await Promise.all([build(), save(app, next)]);
    await bank.control({ delayMs: 0 });
    expect(saved).toEqual({ ok: true, payee: "matched" });
    if (!built.ok) {
      expect(built).toMatchObject({ code: "nothing_to_pay" });
      await payRound("0000");
    } else {
      expect(await releaseBatch({ batchId: built.batchId, staff: sup2 })).toMatchObject({ ok: true });
      const text = await resultText(built.batchId, () => "0000");
      expect(await importResultFile({ batchId: built.batchId, staff: sup1, text })).toMatchObject({ ok: true });
    }
    expect(await build()).toMatchObject({ ok: false, code: "nothing_to_pay" });
    const payments = await paymentsOf(app);
    expect(payments.filter((p) => p.state === "paid")).toHaveLength(1);
    expect(payments.filter((p) => p.state !== "failed").every((p) => p.account_number !== failedAccount)).toBe(true);
  });

  it("records a failed payment once even when its notice is asked for twice (the unique payment)", async () => {
    const app = await approvedWithAccount(db());
    await payRound("E102");
    const failure = await failureOf(app);
    await expect(
      db()
        .insertInto("payment_failures")
        .values({
          payment_id: failure.payment_id,
          application_id: app.id,
          programme_id: failure.programme_id,
          bank_code: failure.bank_code,
          account_number: failure.account_number,
          result_code: "E102",
          failed_at: new Date().toISOString(),
          resolution: "retry",
        })
        .execute(),
    ).rejects.toThrow();
  });
});

/** Property: whatever order builds, results, cancellations, corrections and retries come in, nothing is paid twice. */
describe("property: nothing paid twice", () => {
  type Step =
    { kind: "round"; paid: boolean[] } | { kind: "cancel" } | { kind: "newAccount"; who: number } | { kind: "retry"; who: number; reason: string };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant("round" as const), paid: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }) }),
    fc.record({ kind: fc.constant("cancel" as const) }),
    fc.record({ kind: fc.constant("newAccount" as const), who: fc.nat(2) }),
    fc.record({ kind: fc.constant("retry" as const), who: fc.nat(2), reason: fc.constantFrom("", "  ", "Bank confirmed the account") }),
  );

  it("holds for random sequences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        await clearPool();
        const apps = [await approvedWithAccount(db()), await approvedWithAccount(db()), await approvedWithAccount(db())];
        for (const s of steps) {
          if (s.kind === "round") {
            const built = await build();
            if (!built.ok) continue;
            await releaseBatch({ batchId: built.batchId, staff: sup2 });
            const byRef = new Map(apps.map((a, i) => [a.reference, s.paid[i]]));
            const text = await resultText(built.batchId, (ref) => (byRef.get(ref) ? "0000" : "E102"));
            await importResultFile({ batchId: built.batchId, staff: sup1, text });
            // The same file again changes nothing.
            await importResultFile({ batchId: built.batchId, staff: sup1, text });
          } else if (s.kind === "cancel") {
            const built = await build();
            if (built.ok) await cancelBatch({ batchId: built.batchId, staff: sup1 });
          } else if (s.kind === "newAccount") {
            await save(apps[s.who]!, await freshAccount());
          } else {
            const f = await db()
              .selectFrom("payment_failures")
              .select("id")
              .where("application_id", "=", apps[s.who]!.id)
              .where("resolution", "is", null)
              .executeTakeFirst();
            if (f) {
              const r = await retryFailedPayment({ staff: sup1, failureId: f.id, reason: s.reason });
              expect(r.ok).toBe(s.reason.trim() !== "");
            }
          }
        }
        for (const app of apps) {
          const payments = await paymentsOf(app);
          expect(payments.filter((p) => p.state === "paid").length).toBeLessThanOrEqual(1);
          const failed = payments.filter((p) => p.state === "failed").length;
          const failures = await db().selectFrom("payment_failures").select(["resolution"]).where("application_id", "=", app.id).execute();
          expect(failures).toHaveLength(failed);
          expect(failures.filter((f) => f.resolution === null).length).toBeLessThanOrEqual(1);
          expect(await told(app)).toEqual({ notifications: failed, emails: failed, texts: failed });
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

/** Last in the file: it drops and rebuilds payment_failures from the payments, as on an existing database. */
describe("the migration on a database with earlier failed payments", () => {
  it("records them as told, and leaves awaiting only an application still on the account that failed", async () => {
    const still = await approvedWithAccount(db());
    const moved = await approvedWithAccount(db());
    await payRound("E102");
    const before = { still: await told(still), moved: await told(moved) };
    await db().updateTable("payout_accounts").set({ account_number: "99887766554433" }).where("application_id", "=", moved.id).execute();
    const migration = await import("../../migrations/20261208T1000_awaiting_new_account");
    await migration.down(db());
    await migration.up(db());
    expect(await failureOf(still)).toMatchObject({ resolution: null, result_code: "E102" });
    expect(await failureOf(moved)).toMatchObject({ resolution: "new_account" });
    expect({ still: await told(still), moved: await told(moved) }).toEqual(before);
  });
});
