import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { resultFile } from "../../app/modules/payments/payment-files";
import { addSession, addUser, client, serverDb } from "../helpers/accounts";
import { startServer, type RunningServer } from "../helpers/server";
import { startFakeBank, type RunningBank } from "../helpers/fake-bank";
import { approvedWithAccount } from "../helpers/payments";
import { fileListObjection } from "../../app/modules/objections/objections.server";

/** Payments, payout accounts and objections over HTTP: who may see what, bad input never a 500. */
let server: RunningServer;
let db: Kysely<Database>;
let http: ReturnType<typeof client>;
const cookies: Record<string, string> = {};
let app: Awaited<ReturnType<typeof approvedWithAccount>>;
let ownerCookie: string;

let bank: RunningBank;

beforeAll(async () => {
  // The owner's own account (the fixtures confirm "Kim Minji" as the representative) and a stranger's.
  bank = await startFakeBank();
  await bank.control({
    accounts: [
      { bank: "088", number: "110123456789", holder: "Kim Minji" },
      { bank: "020", number: "1002123456789", holder: "이몽룡" },
    ],
  });
  server = await startServer({ LOG_REQUESTS: "0", ...bank.portalEnv });
  db = serverDb(server);
  http = client(server);
  for (const role of ["caseworker", "supervisor", "admin"] as const) {
    const u = await addUser(db, `pay-${role}-${process.pid}@test.example`, role);
    cookies[role] = (await addSession(db, u.id)).cookie;
  }
  const owner = await addUser(db, `pay-owner-${process.pid}@test.example`, "owner");
  ownerCookie = (await addSession(db, owner.id)).cookie;
  cookies.owner = ownerCookie;
  app = await approvedWithAccount(db, { owner });
});

afterAll(async () => {
  await db?.destroy();
  await server?.stop();
  await bank?.stop();
});

async function upload(path: string, cookie: string, name: string, content: string, field = "file") {
  const form = new FormData();
  form.append(field, new Blob([content], { type: "text/csv" }), name);
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: server.url, "Accept-Language": "en" },
    body: form,
  });
}

describe("who may see the pages", () => {
  it("payments are for supervisors; objections for caseworkers; the rest get 404", async () => {
    for (const [role, status] of [
      ["owner", 404],
      ["caseworker", 404],
      ["supervisor", 200],
      ["admin", 200],
    ] as const) {
      expect((await http.get("/admin/payments", { cookie: cookies[role] })).status, role).toBe(status);
    }
    for (const [role, status] of [
      ["owner", 404],
      ["caseworker", 200],
      ["supervisor", 200],
    ] as const) {
      expect((await http.get("/admin/objections", { cookie: cookies[role] })).status, role).toBe(status);
    }
    expect((await http.get("/admin/payments/999999", { cookie: cookies.supervisor })).status).toBe(404);
    expect((await http.get("/admin/payments/abc", { cookie: cookies.supervisor })).status).toBe(404);
    expect((await http.get("/admin/objections/0", { cookie: cookies.caseworker })).status).toBe(404);
  });

  it("the payout page is the owner's own: another owner gets 404", async () => {
    expect((await http.get(`/applications/${app.reference}/payout`, { cookie: ownerCookie })).status).toBe(200);
    const other = await addUser(db, `pay-other-${process.pid}@test.example`, "owner");
    const otherCookie = (await addSession(db, other.id)).cookie;
    expect((await http.get(`/applications/${app.reference}/payout`, { cookie: otherCookie })).status).toBe(404);
    expect(
      (
        await http.post(
          `/applications/${app.reference}/payout`,
          { bankCode: "004", accountNumber: "1234567890", holderName: "x" },
          { cookie: otherCookie },
        )
      ).status,
    ).toBe(404);
    expect((await http.get(`/applications/not-a-ref/payout`, { cookie: ownerCookie })).status).toBe(404);
  });
});

describe("bad input is a clear message, never a 500", () => {
  it("a bank account of the wrong shape names the field", async () => {
    const res = await http.post(
      `/applications/${app.reference}/payout`,
      { bankCode: "999", accountNumber: "12-ab-34", holderName: "" },
      { cookie: ownerCookie },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Select a bank from the list.");
    expect(html).toContain("Enter the account number using digits only");
    expect(html).toContain("Enter the account holder");
    expect(html).toContain('value="12-ab-34"');
    // Someone else's account: the bank names its holder, who is not the business's representative.
    const stranger = await http.post(
      `/applications/${app.reference}/payout`,
      { bankCode: "020", accountNumber: "1002-123-456789", holderName: "Kim Minji" },
      { cookie: ownerCookie },
    );
    expect(stranger.status).toBe(400);
    const refused = await stranger.text();
    expect(refused).toContain("not held by the business&#x27;s confirmed representative");
    expect(refused).toContain('value="1002-123-456789"');
    const unknown = await http.post(
      `/applications/${app.reference}/payout`,
      { bankCode: "004", accountNumber: "5555 5555 5555", holderName: "Kim Minji" },
      { cookie: ownerCookie },
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("The bank has no account with this number");
    const ok = await http.post(
      `/applications/${app.reference}/payout`,
      { bankCode: "088", accountNumber: "110-123-456789", holderName: "Kim Minji" },
      { cookie: ownerCookie },
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toContain("saved=1");
    const saved = await db
      .selectFrom("payout_accounts as pa")
      .innerJoin("applications as a", "a.id", "pa.application_id")
      .select(["pa.payee_state", "pa.holder_name", "pa.account_number"])
      .where("a.reference", "=", app.reference)
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ payee_state: "matched", holder_name: "Kim Minji", account_number: "110123456789" });
  });

  it("building: bad numbers are refused at the field; nothing to pay is said", async () => {
    const bad = await http.post("/admin/payments", { programme: "support-fund", maxCount: "-3", maxAmount: "lots" }, { cookie: cookies.supervisor });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Enter a whole number of payments from 1 to 100,000");
    expect(html).toContain("Enter the amount as a whole number of won");
    const unknown = await http.post("/admin/payments", { programme: "no-such", maxCount: "10", maxAmount: "" }, { cookie: cookies.supervisor });
    expect(unknown.status).toBe(400);
    const service = await http.post(
      "/admin/payments",
      { programme: "tax-legal-advice", maxCount: "10", maxAmount: "" },
      { cookie: cookies.supervisor },
    );
    expect(service.status).toBe(409);
    expect(await service.text()).toContain("gives a service, not a payment");
  });

  it("build, release by the builder refused, release twice refused, a mismatched result file refused naming the line", async () => {
    const built = await http.post("/admin/payments", { programme: "support-fund", maxCount: "10", maxAmount: "" }, { cookie: cookies.supervisor });
    expect(built.status).toBe(302);
    const location = built.headers.get("location")!;
    const id = Number(/\/admin\/payments\/(\d+)/.exec(location)![1]);
    const page = `/admin/payments/${id}`;
    // Not released yet: no transfer file, no import.
    expect((await http.get(`${page}/transfer.csv`, { cookie: cookies.supervisor })).status).toBe(409);
    const noConfirm = await http.post(page, { intent: "release" }, { cookie: cookies.admin });
    expect(noConfirm.status).toBe(400);
    expect(await noConfirm.text()).toContain("Tick the box to confirm the batch");
    const own = await http.post(page, { intent: "release", confirm: "yes" }, { cookie: cookies.supervisor });
    expect(own.status).toBe(403);
    expect(await own.text()).toContain("another supervisor must confirm and release it");
    expect((await http.post(page, { intent: "release", confirm: "yes" }, { cookie: cookies.admin })).status).toBe(302);
    const twice = await http.post(page, { intent: "release", confirm: "yes" }, { cookie: cookies.admin });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("was already released by");

    const file = await http.get(`${page}/transfer.csv`, { cookie: cookies.supervisor });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toContain("text/csv");
    const lines = (await file.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^H,SMEPORTAL-TRANSFER,1,/);
    expect(lines.at(-1)).toMatch(/^T,\d+,\d+$/);

    const sent = lines.slice(1, -1).map((l) => {
      const [, seq, bank, account, holder, amount, reference] = l.split(",");
      return {
        sequence: Number(seq),
        bankCode: bank!,
        accountNumber: account!,
        holderName: holder!,
        amountKrw: Number(amount),
        reference: reference!,
        resultCode: "0000",
      };
    });
    const tampered = resultFile(
      id,
      sent.map((p) => (p.sequence === 1 ? { ...p, accountNumber: "99999999999" } : p)),
    );
    const refused = await upload(page, cookies.supervisor!, "result.csv", tampered);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("Line 2 (sequence 1): account differ from what was sent.");
    expect(html).toContain("nothing was imported");
    const notUtf8 = await fetch(`${server.url}${page}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookies.supervisor!, Origin: server.url, "Accept-Language": "en" },
      body: (() => {
        const f = new FormData();
        f.append("file", new Blob([new Uint8Array([0xff, 0xfe, 0x41])]), "r.csv");
        return f;
      })(),
    });
    expect(notUtf8.status).toBe(400);
    const empty = await upload(page, cookies.supervisor!, "empty.csv", "");
    expect(empty.status).toBe(400);

    const accepted = await upload(page, cookies.supervisor!, "result.csv", resultFile(id, sent));
    expect(accepted.status).toBe(302);
    const again = await upload(page, cookies.supervisor!, "result.csv", resultFile(id, sent));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("is already settled");

    const track = await http.get(`/applications/${app.reference}`, { cookie: ownerCookie });
    expect(await track.text()).toContain("Paid");
    const status = await db.selectFrom("applications").select("status").where("id", "=", app.id).executeTakeFirstOrThrow();
    expect(status.status).toBe("paid");
  });

  it("objections: garbage ids and empty reasons are clear refusals", async () => {
    expect((await http.post("/admin/objections/12345", { decision: "uphold", reason: "x" }, { cookie: cookies.caseworker })).status).toBe(404);
    // Nothing to object to: the page says so.
    const get = await http.get(`/applications/${app.reference}/objection`, { cookie: ownerCookie });
    expect(get.status).toBe(200);
    expect(await get.text()).toContain("There is no decision here that you can object to.");
    const post = await http.post(`/applications/${app.reference}/objection`, { reason: "" }, { cookie: ownerCookie });
    expect(post.status, post.headers.get("location") ?? "").toBe(400);
    const post2 = await http.post(`/applications/${app.reference}/objection`, { reason: "Please look again" }, { cookie: ownerCookie });
    expect(post2.status).toBe(409);
    expect(await post2.text()).toContain("Only a refusal can be objected to.");
  });

  it("the queue and the dashboard say how many objections wait, from the counters", async () => {
    const waiting = async () => {
      const queue = await (await http.get("/admin/applications", { cookie: cookies.caseworker })).text();
      return Number(/data-objections-open="(\d+)"/.exec(queue)?.[1]);
    };
    const before = await waiting();
    expect(Number.isInteger(before)).toBe(true);
    const b = await db
      .selectFrom("applications")
      .select(["business_id", "programme_id", "owner_id"])
      .where("id", "=", app.id)
      .executeTakeFirstOrThrow();
    const now = new Date();
    const filed = await fileListObjection(
      {
        ownerId: b.owner_id,
        businessId: b.business_id,
        programmeId: b.programme_id,
        notifiedAt: new Date(now.getTime() - 86_400_000).toISOString(),
        reason: "We were closed by order all spring.",
      },
      { db, now },
    );
    expect(filed).toMatchObject({ ok: true });
    expect(await waiting()).toBe(before + 1);
    const dashboard = await (await http.get("/admin", { cookie: cookies.caseworker })).text();
    expect(dashboard).toContain("waiting for a decision");
  });
});
