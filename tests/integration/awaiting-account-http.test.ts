import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { resultFile } from "../../app/modules/payments/payment-files";
import { buildBatch, importResultFile, releaseBatch, type Supervisor } from "../../app/modules/payments/payments.server";
import { addSession, addUser, client, serverDb } from "../helpers/accounts";
import { startServer, type RunningServer } from "../helpers/server";
import { askBank, startFakeBank, type RunningBank } from "../helpers/fake-bank";
import { approvedWithAccount } from "../helpers/payments";

/**
 * Awaiting a new account through the built server: the owner's payout page says what happened and
 * what to do (English and Korean); supervisors list a programme's applications awaiting a new
 * account and retry one with a reason; a caseworker cannot; bad input is a message next to the
 * field with the input kept, never a 500.
 */
let server: RunningServer;
let db: Kysely<Database>;
let http: ReturnType<typeof client>;
let bank: RunningBank;
const cookies: Record<string, string> = {};
const staff: Record<string, Supervisor> = {};
let retryApp: Awaited<ReturnType<typeof approvedWithAccount>>;
let correctApp: Awaited<ReturnType<typeof approvedWithAccount>>;
let ownerCookie: string;

async function failAll() {
  const built = await buildBatch(
    { staff: staff.supervisor!, programmeSlug: "support-fund", maxCount: 100, maxAmountKrw: null },
    { db, check: askBank(bank) },
  );
  if (!built.ok) throw new Error(JSON.stringify(built));
  await releaseBatch({ batchId: built.batchId, staff: staff.admin! }, { db });
  const sent = await db
    .selectFrom("payments")
    .select(["sequence", "bank_code", "account_number", "holder_name", "amount_krw", "reference"])
    .where("batch_id", "=", built.batchId)
    .orderBy("sequence")
    .execute();
  const text = resultFile(
    built.batchId,
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
  expect(await importResultFile({ batchId: built.batchId, staff: staff.supervisor!, text }, { db })).toMatchObject({ ok: true, failedCount: 2 });
}

beforeAll(async () => {
  bank = await startFakeBank();
  await bank.control({ accounts: [{ bank: "088", number: "110123456700", holder: "Kim Minji" }] });
  server = await startServer({ LOG_REQUESTS: "0", ...bank.portalEnv });
  db = serverDb(server);
  http = client(server);
  for (const role of ["caseworker", "supervisor", "admin"] as const) {
    const u = await addUser(db, `await-${role}-${process.pid}@test.example`, role);
    staff[role] = { id: u.id, email: `await-${role}-${process.pid}@test.example`, role };
    cookies[role] = (await addSession(db, u.id)).cookie;
  }
  const owner = await addUser(db, `await-owner-${process.pid}@test.example`, "owner");
  ownerCookie = (await addSession(db, owner.id)).cookie;
  retryApp = await approvedWithAccount(db, { owner });
  correctApp = await approvedWithAccount(db, { owner });
  await failAll();
});

afterAll(async () => {
  await db?.destroy();
  await server?.stop();
  await bank?.stop();
});

const failureId = async (applicationId: number) =>
  (await db.selectFrom("payment_failures").select("id").where("application_id", "=", applicationId).executeTakeFirstOrThrow()).id;

describe("the owner's payout page", () => {
  it("says the application is awaiting a new account, why, and what to do, in English and Korean", async () => {
    const en = await (await http.get(`/applications/${retryApp.reference}/payout`, { cookie: ownerCookie })).text();
    expect(en).toContain("Awaiting a new account");
    expect(en).toContain("E102");
    expect(en).toContain("Give another account below");
    const ko = await (
      await http.get(`/applications/${retryApp.reference}/payout`, { cookie: ownerCookie, headers: { "Accept-Language": "ko" } })
    ).text();
    expect(ko).toContain("새 계좌를 기다리는 중");
  });

  it("after the owner's matched correction: checked, paid in the next batch", async () => {
    const saved = await http.post(
      `/applications/${correctApp.reference}/payout`,
      { bankCode: "088", accountNumber: "110-123-456700", holderName: "Kim Minji" },
      { cookie: ownerCookie },
    );
    expect(saved.status).toBe(302);
    const html = await (await http.get(`/applications/${correctApp.reference}/payout`, { cookie: ownerCookie })).text();
    expect(html).toContain("Your new account is checked. It will be paid in the next batch.");
    expect(html).not.toContain("Awaiting a new account");
  });
});

describe("supervisors' list of applications awaiting a new account", () => {
  it("is for supervisors: a caseworker gets 404 and cannot retry", async () => {
    expect((await http.get("/admin/payments/awaiting?programme=support-fund", { cookie: cookies.caseworker })).status).toBe(404);
    const id = await failureId(retryApp.id);
    const res = await http.post(
      "/admin/payments/awaiting?programme=support-fund",
      { failureId: String(id), reason: "I am sure" },
      { cookie: cookies.caseworker },
    );
    expect(res.status).toBe(404);
    expect(await db.selectFrom("payment_failures").select("resolution").where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ resolution: null });
  });

  it("lists the application; a retry without a reason is refused next to the field with the input kept; cross-site is refused", async () => {
    const page = await http.get("/admin/payments/awaiting?programme=support-fund", { cookie: cookies.supervisor });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(retryApp.reference);
    expect(html).not.toContain(correctApp.reference);
    expect((await http.get("/admin/payments/awaiting?programme=no-such", { cookie: cookies.supervisor })).status).toBe(200);

    const id = await failureId(retryApp.id);
    const empty = await http.post(
      "/admin/payments/awaiting?programme=support-fund",
      { failureId: String(id), reason: "   " },
      { cookie: cookies.supervisor },
    );
    expect(empty.status).toBe(400);
    const refused = await empty.text();
    expect(refused).toContain("There is a problem");
    expect(refused).toContain("Enter the reason for sending to the same account again");
    expect(refused).toContain(`href="#reason-${id}"`);

    const long = "x".repeat(501);
    const tooLong = await http.post(
      "/admin/payments/awaiting?programme=support-fund",
      { failureId: String(id), reason: long },
      { cookie: cookies.supervisor },
    );
    expect(tooLong.status).toBe(400);
    const kept = await tooLong.text();
    expect(kept).toContain("500 characters or fewer");
    expect(kept).toContain(long);

    const junk = await http.post(
      "/admin/payments/awaiting?programme=support-fund",
      { failureId: "abc", reason: "ok" },
      { cookie: cookies.supervisor },
    );
    expect(junk.status).toBe(400);
    const none = await http.post(
      "/admin/payments/awaiting?programme=support-fund",
      { failureId: "999999", reason: "ok" },
      { cookie: cookies.supervisor },
    );
    expect(none.status).toBe(404);
    const crossSite = await http.post(
      "/admin/payments/awaiting?programme=support-fund",
      { failureId: String(id), reason: "ok" },
      { cookie: cookies.supervisor, origin: "https://evil.example" },
    );
    expect(crossSite.status).toBe(403);
    expect(await db.selectFrom("payment_failures").select("resolution").where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ resolution: null });
  });

  it("a retry with a reason is recorded and the owner is told it goes to the same account once more", async () => {
    const id = await failureId(retryApp.id);
    const ok = await http.post(
      "/admin/payments/awaiting?programme=support-fund",
      { failureId: String(id), reason: "The bank reopened the account" },
      { cookie: cookies.supervisor },
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toContain(`retried=${retryApp.reference}`);
    expect(
      await db.selectFrom("payment_failures").select(["resolution", "resolved_by", "retry_reason"]).where("id", "=", id).executeTakeFirstOrThrow(),
    ).toEqual({
      resolution: "retry",
      resolved_by: staff.supervisor!.id,
      retry_reason: "The bank reopened the account",
    });
    const again = await http.post(
      "/admin/payments/awaiting?programme=support-fund",
      { failureId: String(id), reason: "again" },
      { cookie: cookies.admin },
    );
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("has already been retried");
    const owner = await (await http.get(`/applications/${retryApp.reference}/payout`, { cookie: ownerCookie })).text();
    expect(owner).toContain("send the payment to the same account once more");
  });
});
