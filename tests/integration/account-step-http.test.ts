import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { resultFile } from "../../app/modules/payments/payment-files";
import { addSession, addUser, client, serverDb } from "../helpers/accounts";
import { createBusiness, pdfBytes } from "../helpers/fixtures";
import { restrictedRestaurant, restrictedRestaurantForm } from "../helpers/facts";
import { toQuery } from "../../app/modules/eligibility/questionnaire";
import { startServer, type RunningServer } from "../helpers/server";
import { startFakeBank, type RunningBank } from "../helpers/fake-bank";

/**
 * The normal-track owner of a fresh clone is asked for an account and paid in the next batch, over
 * HTTP against the built server and the local bank: submission refused without an account, a
 * stranger's account refused at its field with the input kept, the owner's own matched, shown
 * masked, approved by a caseworker, batched, released and paid. Then reuse on the next
 * application (only when confirmed) and a service programme that never asks.
 */
let server: RunningServer;
let db: Kysely<Database>;
let http: ReturnType<typeof client>;
let bank: RunningBank;
const cookies: Record<string, string> = {};
let businessId = 0;

beforeAll(async () => {
  bank = await startFakeBank();
  await bank.control({
    accounts: [
      { bank: "088", number: "110555666789", holder: "Kim Minji" },
      { bank: "020", number: "1002123456789", holder: "이몽룡" },
    ],
  });
  server = await startServer({ LOG_REQUESTS: "0", ...bank.portalEnv });
  db = serverDb(server);
  http = client(server);
  for (const role of ["caseworker", "supervisor", "admin"] as const) {
    const u = await addUser(db, `step-${role}-${process.pid}@test.example`, role);
    cookies[role] = (await addSession(db, u.id)).cookie;
  }
  const owner = await addUser(db, `step-owner-${process.pid}@test.example`, "owner");
  cookies.owner = (await addSession(db, owner.id)).cookie;
  businessId = await createBusiness(db, owner.id);
});

afterAll(async () => {
  await db?.destroy();
  await server?.stop();
  await bank?.stop();
});

function upload(path: string, code: string) {
  const form = new FormData();
  form.set("requirementCode", code);
  form.set("file", new Blob([Buffer.from(pdfBytes(code))], { type: "application/pdf" }), `${code}.pdf`);
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, Cookie: cookies.owner!, "Accept-Language": "en" },
    body: form,
  });
}

async function draftOf(programme: string, facts: Record<string, string> = Object.fromEntries(restrictedRestaurantForm())) {
  const res = await http.post(`/applications/new?programme=${programme}`, { programme, businessId: String(businessId) }, { cookie: cookies.owner });
  expect(res.status).toBe(302);
  const draft = res.headers.get("location")!.split("/").pop()!.split("?")[0]!;
  expect((await http.post(`/applications/${draft}/facts`, facts, { cookie: cookies.owner })).status).toBe(302);
  return draft;
}

async function review(ref: string, intent: string, extra: Record<string, string> = {}) {
  const { version } = await db.selectFrom("applications").select("version").where("reference", "=", ref).executeTakeFirstOrThrow();
  const res = await http.post(`/admin/applications/${ref}`, { intent, version: String(version), ...extra }, { cookie: cookies.caseworker });
  expect(res.status, `${intent}: ${res.status}`).toBe(302);
}

describe("the normal-track owner is asked for an account and paid in the next batch", () => {
  let reference = "";

  it("asks for the account as a task, and refuses submission without it, linking to the step", async () => {
    const draft = await draftOf("support-fund");
    expect((await upload(`/applications/${draft}/documents`, "business-registration")).status).toBe(302);
    const tasks = await (await http.get(`/applications/${draft}`, { cookie: cookies.owner })).text();
    expect(tasks).toContain(`href="/applications/${draft}/account"`);
    expect(tasks).toContain("Bank account for the payment");
    // The free-text question is gone.
    expect(await (await http.get(`/applications/${draft}/questions`, { cookie: cookies.owner })).text()).not.toContain("Bank and account number");

    const refused = await http.post(`/applications/${draft}/check`, { declaration: "yes" }, { cookie: cookies.owner });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain("Add the bank account the support is paid into before you submit");
    expect(html).toContain('href="#payout-account"');
    expect(html).toContain(`href="/applications/${draft}/account"`);
    expect(html).toContain("<title>Error: ");

    // A stranger's account: refused at its field, the input kept, nothing saved.
    const page = `/applications/${draft}/account`;
    const form = await (await http.get(page, { cookie: cookies.owner })).text();
    expect(form).toMatch(/<label[^>]*for="accountNumber"/);
    const stranger = await http.post(
      page,
      { intent: "save", bankCode: "020", accountNumber: "1002-123-456789", holderName: "Kim Minji" },
      { cookie: cookies.owner },
    );
    expect(stranger.status).toBe(400);
    const strangerHtml = await stranger.text();
    expect(strangerHtml).toContain("There is a problem");
    expect(strangerHtml).toContain('href="#holderName"');
    expect(strangerHtml).toContain("not held by the business&#x27;s confirmed representative");
    expect(strangerHtml).toContain('value="1002-123-456789"');
    expect(await db.selectFrom("payout_accounts").select("id").execute()).toEqual([]);
    // In Korean too.
    const ko = await http.post(
      page,
      { intent: "save", bankCode: "020", accountNumber: "1002-123-456789", holderName: "Kim Minji" },
      { cookie: cookies.owner, headers: { "Accept-Language": "ko" } },
    );
    expect(ko.status).toBe(400);
    expect(await ko.text()).toContain("예금주");

    // Another owner cannot see or fill the step.
    const other = await addUser(db, `step-other-${process.pid}@test.example`, "owner");
    const otherCookie = (await addSession(db, other.id)).cookie;
    expect((await http.get(page, { cookie: otherCookie })).status).toBe(404);
    expect(
      (await http.post(page, { intent: "save", bankCode: "088", accountNumber: "110-555-666789", holderName: "Kim Minji" }, { cookie: otherCookie }))
        .status,
    ).toBe(404);

    const saved = await http.post(
      page,
      { intent: "save", bankCode: "088", accountNumber: "110-555-666789", holderName: "Kim Minji" },
      { cookie: cookies.owner },
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`${page}?saved=matched`);
    const check = await (await http.get(`/applications/${draft}/check`, { cookie: cookies.owner })).text();
    expect(check).toContain("********6789");
    expect(check).not.toContain("110555666789");
    expect(check).toContain("Shinhan Bank");

    const submitted = await http.post(`/applications/${draft}/check`, { declaration: "yes" }, { cookie: cookies.owner });
    expect(submitted.status).toBe(302);
    reference = submitted.headers.get("location")!.split("/")[2]!;
    expect(reference).toMatch(/^SF-\d{4}-\d{6}$/);
  });

  it("is approved and paid in the next batch, into the account given", async () => {
    await review(reference, "claim");
    await review(reference, "start_review");
    await review(reference, "approve", { awardKrw: "2000000" });
    const built = await http.post("/admin/payments", { programme: "support-fund", maxCount: "10", maxAmount: "" }, { cookie: cookies.supervisor });
    expect(built.status).toBe(302);
    const id = Number(/\/admin\/payments\/(\d+)/.exec(built.headers.get("location")!)![1]);
    expect((await http.post(`/admin/payments/${id}`, { intent: "release", confirm: "yes" }, { cookie: cookies.admin })).status).toBe(302);
    const lines = (await (await http.get(`/admin/payments/${id}/transfer.csv`, { cookie: cookies.supervisor })).text()).trim().split("\r\n");
    const line = lines.find((l) => l.endsWith(`,${reference}`));
    expect(line).toMatch(/,088,110555666789,Kim Minji,2000000,/);
    const [, seq, bankCode, accountNumber, holderName, amount] = line!.split(",");
    const form = new FormData();
    const csv = resultFile(id, [
      {
        sequence: Number(seq),
        bankCode: bankCode!,
        accountNumber: accountNumber!,
        holderName: holderName!,
        amountKrw: Number(amount),
        reference,
        resultCode: "0000",
      },
    ]);
    form.append("file", new Blob([csv], { type: "text/csv" }), "result.csv");
    const imported = await fetch(`${server.url}/admin/payments/${id}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookies.supervisor!, Origin: server.url, "Accept-Language": "en" },
      body: form,
    });
    expect(imported.status).toBe(302);
    const row = await db.selectFrom("applications").select("status").where("reference", "=", reference).executeTakeFirstOrThrow();
    expect(row.status).toBe("paid");
  });

  it("offers the account on the next application of the business, and saves it only when confirmed", async () => {
    const draft = await draftOf("rent-loan");
    const page = `/applications/${draft}/account`;
    const html = await (await http.get(page, { cookie: cookies.owner })).text();
    expect(html).toContain("Use the account ending 6789 at Shinhan Bank");
    expect(html).not.toContain("110555666789");
    const app = await db.selectFrom("applications").select("id").where("public_id", "=", draft).executeTakeFirstOrThrow();
    expect(await db.selectFrom("payout_accounts").select("id").where("application_id", "=", app.id).execute()).toEqual([]);
    const accountId = /name="account" value="(\d+)"/.exec(html)![1]!;
    const reused = await http.post(page, { intent: "reuse", account: accountId }, { cookie: cookies.owner });
    expect(reused.status).toBe(302);
    const stored = await db
      .selectFrom("payout_accounts")
      .select(["bank_code", "account_number", "payee_state"])
      .where("application_id", "=", app.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ bank_code: "088", account_number: "110555666789", payee_state: "matched" });
    // A made-up account id is not somebody else's account to take.
    const bogus = await http.post(page, { intent: "reuse", account: "999999" }, { cookie: cookies.owner });
    expect(bogus.status).toBe(400);
    expect(await bogus.text()).toContain("That account cannot be used here");
  });

  it("a service programme has no account step", async () => {
    const closing = Object.fromEntries(new URLSearchParams(toQuery({ ...restrictedRestaurant, businessState: "closing" })));
    const draft = await draftOf("tax-legal-advice", closing);
    const tasks = await (await http.get(`/applications/${draft}`, { cookie: cookies.owner })).text();
    expect(tasks).not.toContain(`/applications/${draft}/account`);
    const step = await http.get(`/applications/${draft}/account`, { cookie: cookies.owner });
    expect(step.status).toBe(302);
    expect(step.headers.get("location")).toBe(`/applications/${draft}`);
  });

  it("lists applications still without an account for supervisors only", async () => {
    expect((await http.get("/admin/payments/missing-accounts", { cookie: cookies.owner })).status).toBe(404);
    expect((await http.get("/admin/payments/missing-accounts", { cookie: cookies.caseworker })).status).toBe(404);
    const page = await http.get("/admin/payments/missing-accounts?programme=rent-loan&after=abc", { cookie: cookies.supervisor });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("No application of this programme is waiting for an account.");
    // The owner's home names the draft of a paying programme that still has no account, with the way to it.
    const draft = await draftOf("smart-store");
    const list = await (await http.get("/applications", { cookie: cookies.owner })).text();
    expect(list).toContain("Add your account");
    expect(list).toContain(`href="/applications/${draft}/account"`);
    expect(list.match(/Add your account/g)).toHaveLength(1);
  });
});
