import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import { ROOT } from "../helpers/server";
import { resultFile, type TransferPayment } from "../../app/modules/payments/payment-files";
import { verifyAuditChain } from "../../app/modules/audit/audit.server";
import {
  buildBatch,
  cancelBatch,
  getBatch,
  importResultFile,
  openTransferFile,
  releaseBatch,
  type BatchChangeResult,
  type BuildResult,
  type Supervisor,
} from "../../app/modules/payments/payments.server";
import { getPayoutPage, savePayoutAccount } from "../../app/modules/payments/payout.server";
import { decide } from "../../app/modules/review/review.server";
import { createUser, seedCatalogue } from "../helpers/fixtures";
import { approvedWithAccount } from "../helpers/payments";
import { askBank, startFakeBank, type RunningBank } from "../helpers/fake-bank";

const db = () => getDb();
let sup1: Supervisor;
let sup2: Supervisor;
let caseworker: Supervisor;
let bank: RunningBank;

beforeAll(async () => {
  // The corrected account below: the confirmed representative's own (the fixtures confirm "Kim Minji").
  bank = await startFakeBank();
  await bank.control({ accounts: [{ bank: "088", number: "110123456789", holder: "Kim Minji" }] });
  await seedCatalogue(db(), new Date("2026-11-26T03:00:00Z"));
  sup1 = await createUser(db(), "supervisor");
  sup2 = await createUser(db(), "supervisor");
  caseworker = await createUser(db(), "caseworker");
});

afterAll(() => bank?.stop());

/** Each test starts with nothing waiting: earlier tests' approved applications are paid out of the way. */
beforeEach(async () => {
  await db().updateTable("applications").set({ status: "paid" }).where("status", "=", "approved").execute();
  await db().updateTable("programmes").set({ budget_krw: 4_100_000_000_000 }).where("slug", "=", "support-fund").execute();
});

async function paymentsOf(batchId: number): Promise<TransferPayment[]> {
  const rows = await db()
    .selectFrom("payments")
    .select(["sequence", "bank_code", "account_number", "holder_name", "amount_krw", "reference"])
    .where("batch_id", "=", batchId)
    .orderBy("sequence")
    .execute();
  return rows.map((r) => ({
    sequence: r.sequence,
    bankCode: r.bank_code,
    accountNumber: r.account_number,
    holderName: r.holder_name,
    amountKrw: Number(r.amount_krw),
    reference: r.reference,
  }));
}

/** Another app instance: a separate process working on the same database file. */
function inAnotherProcess<T>(op: "build" | "release", args: unknown, startAt: number): Promise<T | { error: string }> {
  const tsx = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [tsx, "--tsconfig", "tsconfig.json", "tests/helpers/payment-worker.ts", op, JSON.stringify(args), String(startAt)],
      {
        cwd: ROOT,
        env: { ...process.env },
      },
    );
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("exit", () => {
      try {
        resolve(JSON.parse(out.trim().split("\n").at(-1)!));
      } catch {
        resolve({ error: out });
      }
    });
  });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

async function status(id: number) {
  return (await db().selectFrom("applications").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
}

async function builtAndReleased(count: number, amountKrw = 1_000_000) {
  const apps = [];
  for (let i = 0; i < count; i++) apps.push(await approvedWithAccount(db(), { amountKrw }));
  const built = await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 1000, maxAmountKrw: null });
  if (!built.ok) throw new Error(JSON.stringify(built));
  const released = await releaseBatch({ batchId: built.batchId, staff: sup2 });
  expect(released).toEqual({ ok: true, state: "released" });
  return { apps, batchId: built.batchId };
}

describe("building a batch", () => {
  it("takes approved applications with a payout account, keeps totals as counters, and audits", async () => {
    const a = await approvedWithAccount(db(), { amountKrw: 2_000_000 });
    const b = await approvedWithAccount(db(), { amountKrw: 3_000_000 });
    const noAccount = await approvedWithAccount(db(), { withAccount: false });
    const built = await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: null });
    expect(built).toMatchObject({ ok: true, count: 2, totalKrw: 5_000_000 });
    if (!built.ok) return;
    const batch = await getBatch(built.batchId, sup1);
    expect(batch).toMatchObject({ state: "built", payment_count: 2, total_krw: 5_000_000, ownBatch: true });
    expect(batch!.actions).toEqual(["cancel"]);
    expect((await getBatch(built.batchId, sup2))!.actions).toEqual(["release", "cancel"]);
    const refs = (await paymentsOf(built.batchId)).map((p) => p.reference);
    expect(refs).toEqual([a.reference, b.reference]);
    expect(refs).not.toContain(noAccount.reference);
    // Already in an open batch: a second build finds nothing.
    const again = await buildBatch({ staff: sup2, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: null });
    expect(again).toMatchObject({ ok: false, code: "nothing_to_pay" });
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it("caps by count and by amount, first come first served", async () => {
    for (let i = 0; i < 5; i++) await approvedWithAccount(db(), { amountKrw: 1_000_000 });
    expect(await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 2, maxAmountKrw: null })).toMatchObject({ ok: true, count: 2 });
    expect(await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: 2_500_000 })).toMatchObject({
      ok: true,
      count: 2,
      totalKrw: 2_000_000,
    });
    expect(await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: 500_000 })).toMatchObject({
      ok: false,
      code: "nothing_to_pay",
    });
  });

  it("is for supervisors only and for paying programmes only", async () => {
    expect(await buildBatch({ staff: caseworker, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: null })).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(await buildBatch({ staff: sup1, programmeSlug: "tax-legal-advice", maxCount: 10, maxAmountKrw: null })).toMatchObject({
      ok: false,
      code: "not_paying",
    });
    expect(await buildBatch({ staff: sup1, programmeSlug: "nope", maxCount: 10, maxAmountKrw: null })).toEqual({ ok: false, reason: "not_found" });
  });

  it("never lets paid plus batched pass the budget, even with batches built in parallel on separate connections", async () => {
    const programme = await db().selectFrom("programmes").select("id").where("slug", "=", "support-fund").executeTakeFirstOrThrow();
    const before = await db()
      .selectFrom("programme_payment_totals")
      .select("committed_krw")
      .where("programme_id", "=", programme.id)
      .executeTakeFirst();
    const committed = Number(before?.committed_krw ?? 0);
    // Room for exactly 5 more payments of KRW 1,000,000.
    await db()
      .updateTable("programmes")
      .set({ budget_krw: committed + 5_000_000 })
      .where("id", "=", programme.id)
      .execute();
    for (let i = 0; i < 12; i++) await approvedWithAccount(db(), { amountKrw: 1_000_000 });
    {
      const startAt = Date.now() + 2_500;
      const results = (await Promise.all(
        [0, 1, 2, 3].map((i) =>
          inAnotherProcess<BuildResult>(
            "build",
            { staff: i % 2 ? sup1 : sup2, programmeSlug: "support-fund", maxCount: 2, maxAmountKrw: null },
            startAt,
          ),
        ),
      )) as BuildResult[];
      expect(results.filter((r) => "error" in r)).toEqual([]);
      const totals = results.filter((r) => r.ok).reduce((s, r) => s + (r.ok ? r.totalKrw : 0), 0);
      expect(totals).toBeLessThanOrEqual(5_000_000);
      expect(results.filter((r) => r.ok).length).toBe(3); // 2 + 2 + 1
      const refused = results.filter((r) => !r.ok);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ code: "budget_exhausted" });
      const after = await db()
        .selectFrom("programme_payment_totals")
        .select("committed_krw")
        .where("programme_id", "=", programme.id)
        .executeTakeFirstOrThrow();
      expect(Number(after.committed_krw)).toBe(committed + 5_000_000);
      // The counters equal the truth.
      const truth = await db()
        .selectFrom("payments")
        .select((eb) => eb.fn.sum<number>("amount_krw").as("s"))
        .where("programme_id", "=", programme.id)
        .where("state", "in", ["batched", "released", "paid"])
        .executeTakeFirstOrThrow();
      expect(Number(truth.s)).toBe(Number(after.committed_krw));
    }
  }, 60_000);

  it("in one process too, parallel builds never pass the budget", async () => {
    const programme = await db().selectFrom("programmes").select("id").where("slug", "=", "support-fund").executeTakeFirstOrThrow();
    const committed = Number(
      (await db().selectFrom("programme_payment_totals").select("committed_krw").where("programme_id", "=", programme.id).executeTakeFirstOrThrow())
        .committed_krw,
    );
    await db()
      .updateTable("programmes")
      .set({ budget_krw: committed + 3_000_000 })
      .where("id", "=", programme.id)
      .execute();
    for (let i = 0; i < 6; i++) await approvedWithAccount(db(), { amountKrw: 1_000_000 });
    const results = await Promise.all(
      [0, 1, 2].map(() => buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 2, maxAmountKrw: null })),
    );
    expect(results.reduce((s, r) => s + (r.ok ? r.totalKrw : 0), 0)).toBe(3_000_000);
  });
});

describe("the database refuses a second open or paid payment for one application", () => {
  it("open twice, paid twice", async () => {
    const { apps, batchId } = await builtAndReleased(1);
    const row = await db().selectFrom("payments").selectAll().where("batch_id", "=", batchId).executeTakeFirstOrThrow();
    const { id: _id, ...copy } = row;
    const other = await db()
      .insertInto("payment_batches")
      .values({ programme_id: row.programme_id, state: "built", built_by: sup1.id, built_at: row.created_at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(
      db()
        .insertInto("payments")
        .values({ ...copy, batch_id: other.id, state: "batched" })
        .execute(),
    ).rejects.toSatisfy(isUniqueViolation);
    await db().updateTable("payments").set({ state: "paid" }).where("id", "=", row.id).execute();
    await expect(
      db()
        .insertInto("payments")
        .values({ ...copy, batch_id: other.id, state: "paid" })
        .execute(),
    ).rejects.toSatisfy(isUniqueViolation);
    expect(apps).toHaveLength(1);
  });
});

describe("paying by hand", () => {
  it("is refused while the application is in an open batch", async () => {
    const a = await approvedWithAccount(db());
    const built = await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: null });
    if (!built.ok) throw new Error("build");
    const { version } = await db().selectFrom("applications").select("version").where("id", "=", a.id).executeTakeFirstOrThrow();
    const r = await decide({ ref: a.reference, intent: "mark_paid", version, staff: sup2 });
    expect(r).toMatchObject({ ok: false, reason: "refused" });
    if (!r.ok && r.reason === "refused") expect(r.message.en).toContain(`payment batch ${built.batchId}`);
    expect(await status(a.id)).toBe("approved");
  });
});

describe("releasing", () => {
  it("needs a second supervisor, and twice is refused naming who released it", async () => {
    await approvedWithAccount(db());
    const built = await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: null });
    if (!built.ok) throw new Error("build");
    expect(await releaseBatch({ batchId: built.batchId, staff: sup1 })).toMatchObject({ ok: false, code: "own_batch" });
    expect(await releaseBatch({ batchId: built.batchId, staff: caseworker })).toEqual({ ok: false, reason: "forbidden" });
    expect(await releaseBatch({ batchId: built.batchId, staff: sup2 })).toEqual({ ok: true, state: "released" });
    const twice = await releaseBatch({ batchId: built.batchId, staff: sup2 });
    expect(twice).toMatchObject({ ok: false, code: "wrong_state" });
    if (!twice.ok && twice.reason === "refused") expect(twice.message.en).toContain(`already released by ${sup2.email}`);
    expect(await cancelBatch({ batchId: built.batchId, staff: sup1 })).toMatchObject({ ok: false, code: "wrong_state" });
  });

  it("two supervisors releasing at once (two app instances): exactly one wins", async () => {
    const sup3 = await createUser(db(), "supervisor");
    await approvedWithAccount(db());
    const built = await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: null });
    if (!built.ok) throw new Error("build");
    const version = (await db().selectFrom("payment_batches").select("version").where("id", "=", built.batchId).executeTakeFirstOrThrow()).version;
    const startAt = Date.now() + 2_500;
    const results = (await Promise.all(
      [sup2, sup3].map((s) => inAnotherProcess<BatchChangeResult>("release", { batchId: built.batchId, staff: s, version }, startAt)),
    )) as BatchChangeResult[];
    expect(results.filter((r) => "error" in r)).toEqual([]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)[0]).toMatchObject({ ok: false, reason: "refused", code: "wrong_state" });
    // And in one process.
    const other = await approvedWithAccount(db());
    const built2 = await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: null });
    if (!built2.ok) throw new Error("build");
    const both = await Promise.all([releaseBatch({ batchId: built2.batchId, staff: sup2 }), releaseBatch({ batchId: built2.batchId, staff: sup3 })]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(other.reference).toBeTruthy();
    const audits = await db()
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "payment_batch.release")
      .where("target_id", "=", String(built.batchId))
      .execute();
    expect(audits).toHaveLength(1);
  }, 60_000);

  it("cancelling returns the applications and the amount", async () => {
    const a = await approvedWithAccount(db());
    const built = await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: null });
    if (!built.ok) throw new Error("build");
    expect(await cancelBatch({ batchId: built.batchId, staff: sup1 })).toEqual({ ok: true, state: "cancelled" });
    const again = await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: null });
    expect(again).toMatchObject({ ok: true, count: 1 });
    if (again.ok) expect((await paymentsOf(again.batchId))[0]!.reference).toBe(a.reference);
  });
});

describe("the transfer file and the bank's result file", () => {
  it("streams the transfer file only once released: header, lines, trailer", async () => {
    await approvedWithAccount(db(), { amountKrw: 2_000_000 });
    await approvedWithAccount(db(), { amountKrw: 3_000_000 });
    const built = await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: null });
    if (!built.ok) throw new Error("build");
    expect(await openTransferFile({ batchId: built.batchId, staff: sup1 })).toEqual({ ok: false, reason: "not_released" });
    await releaseBatch({ batchId: built.batchId, staff: sup2 });
    const file = await openTransferFile({ batchId: built.batchId, staff: sup1 }, { pageSize: 1 });
    if (!file.ok) throw new Error("file");
    const lines = (await readAll(file.stream)).split("\r\n");
    expect(lines[0]).toMatch(new RegExp(`^H,SMEPORTAL-TRANSFER,1,${built.batchId},support-fund,`));
    expect(lines[1]).toMatch(/^D,1,004,\d{12},김민지,2000000,SF-/);
    expect(lines[2]).toMatch(/^D,2,004,\d{12},김민지,3000000,SF-/);
    expect(lines[3]).toBe("T,2,5000000");
    expect(lines[4]).toBe("");
  });

  it("marks paid through the state machine, and a second import is refused", async () => {
    const { apps, batchId } = await builtAndReleased(2);
    const text = resultFile(
      batchId,
      (await paymentsOf(batchId)).map((p) => ({ ...p, resultCode: "0000" })),
    );
    expect(await importResultFile({ batchId, staff: sup1, text })).toEqual({
      ok: true,
      paidCount: 2,
      paidKrw: 2_000_000,
      failedCount: 0,
      failedKrw: 0,
    });
    for (const a of apps) {
      expect(await status(a.id)).toBe("paid");
      const event = await db()
        .selectFrom("status_events")
        .select(["action", "from_status", "to_status"])
        .where("application_id", "=", a.id)
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      expect(event).toEqual({ action: "mark_paid", from_status: "approved", to_status: "paid" });
    }
    expect(await getBatch(batchId, sup1)).toMatchObject({ state: "settled", paid_count: 2, paid_krw: 2_000_000, failed_count: 0 });
    const twice = await importResultFile({ batchId, staff: sup2, text });
    expect(twice).toMatchObject({ ok: false, code: "wrong_state" });
    // Paid applications never come back into a batch.
    expect(await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: null })).toMatchObject({ ok: false });
  });

  it("refuses a file that does not match its batch whole, naming the line, and changes nothing", async () => {
    const { apps, batchId } = await builtAndReleased(3);
    const payments = await paymentsOf(batchId);
    const good = payments.map((p) => ({ ...p, resultCode: "0000" }));
    // An amount changed on line 3 (sequence 2), the trailer recomputed to match the lines.
    const tampered = resultFile(
      batchId,
      good.map((p) => (p.sequence === 2 ? { ...p, amountKrw: p.amountKrw + 1 } : p)),
    );
    const r1 = await importResultFile({ batchId, staff: sup1, text: tampered });
    expect(r1).toMatchObject({ ok: false, reason: "invalid" });
    if (!r1.ok && r1.reason === "invalid") expect(r1.problems[0]).toMatchObject({ line: 3, code: "mismatch" });
    // A payment left out: count and total disagree with the batch.
    const short = resultFile(batchId, good.slice(0, 2));
    const r2 = await importResultFile({ batchId, staff: sup1, text: short });
    expect(r2).toMatchObject({ ok: false, reason: "invalid" });
    if (!r2.ok && r2.reason === "invalid") expect(r2.problems.map((p) => p.code)).toContain("batch_count");
    // Another batch's file.
    const r3 = await importResultFile({ batchId, staff: sup1, text: resultFile(batchId + 1000, good) });
    expect(r3).toMatchObject({ ok: false, reason: "invalid" });
    if (!r3.ok && r3.reason === "invalid") expect(r3.problems[0]!.message.en).toContain(`not batch ${batchId}`);
    // Trailer lies about the total.
    const lying = resultFile(batchId, good).replace(/T,3,\d+/, "T,3,1");
    const r4 = await importResultFile({ batchId, staff: sup1, text: lying });
    if (!r4.ok && r4.reason === "invalid") expect(r4.problems.map((p) => p.code)).toContain("trailer_total");
    for (const a of apps) expect(await status(a.id)).toBe("approved");
    expect(await getBatch(batchId, sup1)).toMatchObject({ state: "released", paid_count: 0 });
    expect(await db().selectFrom("payments").select("id").where("batch_id", "=", batchId).where("state", "!=", "released").execute()).toHaveLength(0);
  });

  it("a failed payment tells the owner, frees the budget and returns to the next batch with the corrected account", async () => {
    const { apps, batchId } = await builtAndReleased(2);
    const programme = await db().selectFrom("programmes").select("id").where("slug", "=", "support-fund").executeTakeFirstOrThrow();
    const committedBefore = Number(
      (await db().selectFrom("programme_payment_totals").select("committed_krw").where("programme_id", "=", programme.id).executeTakeFirstOrThrow())
        .committed_krw,
    );
    const text = resultFile(
      batchId,
      (await paymentsOf(batchId)).map((p) => ({ ...p, resultCode: p.sequence === 1 ? "E101" : "0000" })),
    );
    expect(await importResultFile({ batchId, staff: sup1, text })).toMatchObject({ ok: true, paidCount: 1, failedCount: 1, failedKrw: 1_000_000 });
    const [failed, paid] = apps as [(typeof apps)[0], (typeof apps)[0]];
    expect(await status(failed.id)).toBe("approved");
    expect(await status(paid.id)).toBe("paid");
    const note = await db()
      .selectFrom("notifications")
      .select(["kind", "params"])
      .where("application_id", "=", failed.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(note.kind).toBe("payment_failed");
    const mail = await db()
      .selectFrom("outbox")
      .select(["subject", "body_text"])
      .where("to_address", "=", failed.owner.email)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain(`/applications/${failed.reference}/payout`);
    const committedAfter = Number(
      (await db().selectFrom("programme_payment_totals").select("committed_krw").where("programme_id", "=", programme.id).executeTakeFirstOrThrow())
        .committed_krw,
    );
    expect(committedAfter).toBe(committedBefore - 1_000_000);

    // The owner sees the failure and corrects the account; a wrong shape is refused at the field.
    const page = await getPayoutPage({ ref: failed.reference, ownerId: failed.owner.id });
    expect(page).toMatchObject({ editable: true, lastFailure: { code: "E101" } });
    expect(await getPayoutPage({ ref: failed.reference, ownerId: paid.owner.id })).toBeNull();
    const bad = await savePayoutAccount({
      ref: failed.reference,
      ownerId: failed.owner.id,
      input: { bankCode: "999", accountNumber: "12-34", holderName: "" },
    });
    expect(bad).toMatchObject({ ok: false, reason: "invalid" });
    if (!bad.ok && bad.reason === "invalid") expect(Object.keys(bad.errors).sort()).toEqual(["accountNumber", "bankCode", "holderName"]);
    expect(
      await savePayoutAccount(
        {
          ref: failed.reference,
          ownerId: failed.owner.id,
          input: { bankCode: "088", accountNumber: "110-123-456789", holderName: "김민지" },
        },
        { check: askBank(bank) },
      ),
    ).toEqual({ ok: true, payee: "matched" });
    expect(
      await savePayoutAccount({
        ref: failed.reference,
        ownerId: paid.owner.id,
        input: { bankCode: "088", accountNumber: "110-123-456789", holderName: "x" },
      }),
    ).toEqual({ ok: false, reason: "not_found" });
    expect(
      await savePayoutAccount({
        ref: paid.reference,
        ownerId: paid.owner.id,
        input: { bankCode: "088", accountNumber: "110-123-456789", holderName: "x" },
      }),
    ).toMatchObject({ ok: false, reason: "not_editable" });

    const next = await buildBatch({ staff: sup2, programmeSlug: "support-fund", maxCount: 10, maxAmountKrw: null });
    expect(next).toMatchObject({ ok: true, count: 1 });
    if (next.ok)
      expect(await paymentsOf(next.batchId)).toEqual([
        expect.objectContaining({ reference: failed.reference, bankCode: "088", accountNumber: "110123456789" }),
      ]);
  });
});
