import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { addSession, addUser, client, cookieFrom, serverDb } from "../helpers/accounts";
import { createBusiness } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../helpers/server";
import { listCsv, listRow } from "../helpers/verified-list";

let server: RunningServer;
let db: Kysely<Database>;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  server = await startServer();
  db = serverDb(server);
  http = client(server);
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

async function person(email: string, role: "owner" | "caseworker" | "supervisor" = "owner") {
  const user = await addUser(db, email, role);
  const { cookie } = await addSession(db, user.id);
  return { user, cookie };
}

function uploadList(cookie: string, csv: string | Buffer, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("programme", fields.programme ?? "support-fund");
  form.set("round", fields.round ?? "1");
  form.set("encoding", fields.encoding ?? "auto");
  form.set("file", new Blob([new Uint8Array(typeof csv === "string" ? Buffer.from(csv) : csv)], { type: "text/csv" }), "list.csv");
  return fetch(`${server.url}/admin/verified-lists`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, Cookie: cookie, "Accept-Language": "en" },
    body: form,
  });
}

describe("rapid payment over HTTP", () => {
  it("lets a supervisor upload a list, refuses bad files clearly, and hides the area from others", async () => {
    const supervisor = await person("vl-supervisor@test.example", "supervisor");
    const caseworker = await person("vl-caseworker@test.example", "caseworker");
    expect((await http.get("/admin/verified-lists", { cookie: caseworker.cookie })).status).toBe(404);
    expect((await uploadList(caseworker.cookie, listCsv([listRow()]))).status).toBe(404);

    const missing = await uploadList(supervisor.cookie, "registration_number,trade_name\r\n1,2\r\n");
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("missing columns: representative");
    const badRound = await uploadList(supervisor.cookie, listCsv([listRow()]), { round: "zero" });
    expect(badRound.status).toBe(400);
    expect(await badRound.text()).toContain("Enter a round from 1 to 99");

    const owner = await person("vl-owner@test.example");
    const businessId = await createBusiness(db, owner.user.id);
    const { registration_number } = await db
      .selectFrom("businesses")
      .select("registration_number")
      .where("id", "=", businessId)
      .executeTakeFirstOrThrow();
    const ok = await uploadList(
      supervisor.cookie,
      listCsv([listRow({ registration_number, covid_measure: "closure", amount_krw: "3000000" }), listRow({ registration_number: "1234567890" })]),
    );
    expect(ok.status).toBe(302);
    let status = "";
    for (let i = 0; i < 50 && status !== "done"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await db.selectFrom("verified_imports").select("status").orderBy("id", "desc").executeTakeFirst())?.status ?? "";
    }
    expect(status).toBe("done");
    const page = await (await http.get("/admin/verified-lists", { cookie: supervisor.cookie })).text();
    expect(page).toContain("Finished");
    const imp = await db.selectFrom("verified_imports").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
    const report = await http.get(`/admin/verified-lists/${imp.id}/refused.csv`, { cookie: supervisor.cookie });
    expect(report.headers.get("content-type")).toContain("text/csv");
    const text = await report.text();
    expect(text).toContain("row,registration_number,reason_en,reason_ko");
    expect(text).toMatch(/3,123-45-67890,Row 3: registration_number 1234567890 fails the check digit\./);
    expect((await http.get(`/admin/verified-lists/999999/refused.csv`, { cookie: supervisor.cookie })).status).toBe(404);

    // The owner is told and applies; bad input is a 400 with the input kept; never a 500.
    for (let i = 0; i < 50; i++) {
      if (await db.selectFrom("entitlement_notices").select("id").where("business_id", "=", businessId).executeTakeFirst()) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await db.selectFrom("notifications").select("kind").where("user_id", "=", owner.user.id).execute()).toEqual([{ kind: "entitlement" }]);
    const path = "/applications/rapid?programme=support-fund";
    const form = await http.get(path, { cookie: owner.cookie });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("Apply in one step");
    const bad = await http.post(
      path,
      { businessId: String(businessId), bankCode: "999", accountNumber: "12", holderName: "Kim Test", declaration: "yes" },
      { cookie: owner.cookie },
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Select a bank from the list.");
    expect(html).toContain("An account number has 10 to 14 digits; you entered 2.");
    expect(html).toContain('value="Kim Test"');
    expect((await http.post(path, { businessId: "abc" }, { cookie: owner.cookie })).status).toBe(400);
    const done = await http.post(
      path,
      { businessId: String(businessId), bankCode: "004", accountNumber: "123-456-789012", holderName: "Kim Test", declaration: "yes" },
      { cookie: owner.cookie },
    );
    expect(done.status).toBe(302);
    const result = await (await http.get(done.headers.get("location")!, { cookie: owner.cookie })).text();
    expect(result).toContain("Approved");
    expect(result).toMatch(/approved at once: (₩|KRW)\s?3,000,000/);
    // The owner's timeline names the rule decision in the reader's words, not the system's.
    const { reference } = await db.selectFrom("applications").select("reference").where("owner_id", "=", owner.user.id).executeTakeFirstOrThrow();
    const track = await (await http.get(`/applications/${reference}?lng=ko`, { cookie: owner.cookie })).text();
    expect(track).toContain("규칙에 따라 승인");
    expect(track).toContain("확인된 명단에 있는 사업체이고 지원 요건을 모두 충족해 바로 승인되었습니다.");
    expect(track).not.toMatch(/auto_approve<|Verified list \d+ \(round/);
  });

  it("tells an owner who is not listed, 404s unknown programmes, and keeps owners out of staff pages", async () => {
    const owner = await person("unlisted@test.example");
    await createBusiness(db, owner.user.id);
    const res = await http.get("/applications/rapid?programme=support-fund", { cookie: owner.cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Your business is not on the list");
    expect((await http.get("/applications/rapid?programme=nope", { cookie: owner.cookie })).status).toBe(404);
    expect((await http.get("/applications/rapid", { cookie: owner.cookie })).status).toBe(404);
    expect((await http.get("/applications/rapid?programme=support-fund")).status).toBe(302);
    expect((await http.get("/admin/recommendations", { cookie: owner.cookie })).status).toBe(404);
  });

  it("lets an owner not on the list object, keeps the input of a refused objection, and tells the decision", async () => {
    const owner = await person("unlisted-objects@test.example");
    const businessId = await createBusiness(db, owner.user.id);
    const path = "/applications/rapid/objection?programme=support-fund";
    expect(await (await http.get("/applications/rapid?programme=support-fund", { cookie: owner.cookie })).text()).toContain(
      path.replace(/&/g, "&amp;"),
    );
    const page = await http.get(path, { cookie: owner.cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("You may object until");
    const empty = await http.post(path, { businessId: String(businessId), reason: "  " }, { cookie: owner.cookie });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain("Enter why you object.");
    expect(emptyHtml).toMatch(new RegExp(`value="${businessId}"[^>]*checked|checked[^>]*value="${businessId}"`));
    const garbage = await http.post(path, { businessId: "not-a-number", reason: "Our sales fell by half in 2020." }, { cookie: owner.cookie });
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toContain("Our sales fell by half in 2020.");
    const sent = await http.post(path, { businessId: String(businessId), reason: "Our sales fell by half in 2020." }, { cookie: owner.cookie });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe(`${path}&filed=1`);
    const twice = await http.post(path, { businessId: String(businessId), reason: "Again." }, { cookie: owner.cookie });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("You have already objected to this decision.");
    expect(await (await http.get(path, { cookie: owner.cookie })).text()).toContain("waiting for a decision");

    // A caseworker upholds the list; the owner reads the decision and its reason, and is emailed.
    const caseworker = await person("list-objection-caseworker@test.example", "caseworker");
    const objection = await db.selectFrom("objections").select(["id", "version"]).where("business_id", "=", businessId).executeTakeFirstOrThrow();
    const decided = await http.post(
      `/admin/objections/${objection.id}`,
      { decision: "uphold", reason: "The 2020 tax return shows sales above the limit.", version: String(objection.version) },
      { cookie: caseworker.cookie },
    );
    expect(decided.status).toBe(302);
    const after = await (await http.get(path, { cookie: owner.cookie })).text();
    expect(after).toContain("refusal upheld");
    expect(after).toContain("The 2020 tax return shows sales above the limit.");
    const notices = await (await http.get("/notifications", { cookie: owner.cookie })).text();
    expect(notices).toContain("was not accepted: The 2020 tax return shows sales above the limit.");
    const mail = await db
      .selectFrom("outbox")
      .select("body_text")
      .where("to_address", "=", "unlisted-objects@test.example")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain("/applications/rapid/objection?programme=support-fund");
    expect((await http.get("/applications/rapid/objection?programme=nope", { cookie: owner.cookie })).status).toBe(404);
  });

  it("takes public recommendations without an account, validates them, limits them per IP, and shows nothing back", async () => {
    const bad = await http.post("/recommend", { programme: "support-fund", number: "123-45-67890", reason: "short" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("This registration number is not valid");
    expect(html).toContain("Say why in 10 to 1,000 characters");
    const good = { programme: "support-fund", number: "220-81-23455", reason: "They kept their staff through the closure order." };
    const res = await http.post("/recommend", good);
    expect(res.status).toBe(302);
    const thanks = await (await http.get(res.headers.get("location")!)).text();
    expect(thanks).toContain("Your recommendation was received");
    expect(thanks).not.toContain("Demo Kimchi House");
    let limited: Response | null = null;
    for (let i = 0; i < 12; i++) {
      const r = await http.post("/recommend", good);
      if (r.status === 429) {
        limited = r;
        break;
      }
    }
    expect(limited?.status).toBe(429);
    expect(await limited!.text()).toMatch(/Too many recommendations from your connection/);
    const caseworker = await person("rec-cw@test.example", "caseworker");
    const leads = await (await http.get("/admin/recommendations", { cookie: caseworker.cookie })).text();
    expect(leads).toContain("220-81-23455");
  });

  it("refuses a one-step application until the owner has confirmed their email address, the input kept, and then applies", async () => {
    const email = "rapid-unverified@test.example";
    const registered = await http.post("/register", { consent: "yes", email, password: "my own long passphrase" });
    const cookie = cookieFrom(registered)!;
    const user = await db.selectFrom("users").select(["id", "email_verified_at"]).where("email", "=", email).executeTakeFirstOrThrow();
    expect(user.email_verified_at).toBeNull();
    const businessId = await createBusiness(db, user.id);
    const { registration_number } = await db
      .selectFrom("businesses")
      .select("registration_number")
      .where("id", "=", businessId)
      .executeTakeFirstOrThrow();
    const supervisor = await person("vl-supervisor-2@test.example", "supervisor");
    const before =
      (
        await db
          .selectFrom("verified_imports")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirst()
      )?.id ?? 0;
    expect((await uploadList(supervisor.cookie, listCsv([listRow({ registration_number, amount_krw: "2000000" })]), { round: "2" })).status).toBe(
      302,
    );
    let status = "";
    for (let i = 0; i < 50 && status !== "done"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await db.selectFrom("verified_imports").select("status").where("id", ">", Number(before)).executeTakeFirst())?.status ?? "";
    }
    expect(status).toBe("done");

    const path = "/applications/rapid?programme=support-fund";
    const form = {
      businessId: String(businessId),
      bankCode: "004",
      accountNumber: "123-456-789012",
      holderName: "Kim Unverified",
      declaration: "yes",
    };
    const refused = await http.post(path, form, { cookie });
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain(`Confirm your email address before you apply: open the link we sent to ${email}`);
    expect(html).toContain('action="/account/verify-email"');
    expect(html).toContain('value="Kim Unverified"');
    expect(await db.selectFrom("applications").select("id").where("business_id", "=", businessId).execute()).toEqual([]);

    const mail = await db
      .selectFrom("outbox")
      .select("body_text")
      .where("to_address", "=", email)
      .where("body_text", "like", "%/verify-email/%")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    const link = new URL(mail.body_text.match(/https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]{43}/)![0]).pathname;
    expect(await (await http.get(link)).text()).toContain("Your email address is confirmed");
    const applied = await http.post(path, form, { cookie });
    expect(applied.status).toBe(302);
    expect(await (await http.get(applied.headers.get("location")!, { cookie })).text()).toContain("Approved");
  });
});
