import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { PRIVACY_CONSENT_VERSION } from "../../app/modules/accounts/privacy-consent";
import { addSession, addUser, client, cookieFrom, serverDb } from "../helpers/accounts";
import { restrictedRestaurantForm } from "../helpers/facts";
import { createBusiness, pdfBytes } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../helpers/server";

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

const facts = Object.fromEntries(restrictedRestaurantForm());

function upload(path: string, cookie: string) {
  const form = new FormData();
  form.set("requirementCode", "business-registration");
  form.set("file", new Blob([Buffer.from(pdfBytes())], { type: "application/pdf" }), "registration.pdf");
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, Cookie: cookie, "Accept-Language": "en" },
    body: form,
  });
}

/** A draft ready to submit, built through the owner's own pages. */
async function readyDraft(userId: number, cookie: string) {
  const businessId = await createBusiness(db, userId);
  const res = await http.post("/applications/new?programme=support-fund", { programme: "support-fund", businessId: String(businessId) }, { cookie });
  const draft = res.headers.get("location")!.split("/").pop()!.split("?")[0]!;
  expect((await http.post(`/applications/${draft}/facts`, facts, { cookie })).status).toBe(302);
  expect(
    (
      await http.post(
        `/applications/${draft}/account`,
        { intent: "save", bankCode: "004", accountNumber: "123-456-789012", holderName: "Kim Minji" },
        { cookie },
      )
    ).status,
  ).toBe(302);
  expect((await upload(`/applications/${draft}/documents`, cookie)).status).toBe(302);
  return draft;
}

async function latestLink(email: string): Promise<string> {
  const mail = await db.selectFrom("outbox").select("body_text").where("to_address", "=", email).orderBy("id", "desc").executeTakeFirstOrThrow();
  return new URL(mail.body_text.match(/https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]{43}/)![0]).pathname;
}

describe("personal-data consent at registration", () => {
  it("asks what is collected, why and for how long, and refuses an account without the tick, the input kept", async () => {
    const form = await (await http.get("/register")).text();
    expect(form).toContain("Consent to the collection and use of personal information (개인정보 수집·이용 동의)");
    expect(form).toContain("How long we keep it");
    expect(form).toMatch(/<input type="checkbox" id="consent" name="consent" value="yes"/);
    const refused = await http.post("/register", { email: "no-consent@example.com", password: "my own long passphrase" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("To create an account, agree to the collection and use of your personal information");
    expect(html).toContain('href="#consent"');
    expect(html).toContain('value="no-consent@example.com"');
    expect(await db.selectFrom("users").select("id").where("email", "=", "no-consent@example.com").execute()).toEqual([]);
  });

  it("stores the consent with its time and text version, and sends a link to confirm the address", async () => {
    const before = new Date().toISOString();
    const res = await http.post("/register", { consent: "yes", email: "consenting@example.com", password: "my own long passphrase" });
    expect(res.status).toBe(302);
    const user = await db
      .selectFrom("users")
      .select(["id", "email_verified_at"])
      .where("email", "=", "consenting@example.com")
      .executeTakeFirstOrThrow();
    expect(user.email_verified_at).toBeNull();
    const consent = await db
      .selectFrom("privacy_consents")
      .select(["purpose", "version", "given_at"])
      .where("user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(consent).toMatchObject({ purpose: "registration", version: PRIVACY_CONSENT_VERSION });
    expect(consent.given_at >= before).toBe(true);
    const mail = await db
      .selectFrom("outbox")
      .select(["subject", "body_text"])
      .where("to_address", "=", "consenting@example.com")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe("Confirm your email address for the SME Support Portal");
    // Only the token's hash is stored.
    const token = (await latestLink("consenting@example.com")).split("/").pop()!;
    const stored = await db.selectFrom("email_verification_tokens").select("token_hash").where("user_id", "=", user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
  });
});

describe("email verification before the first submission", () => {
  it("refuses to submit until the address is confirmed, offers a new link, and then submits", async () => {
    const res = await http.post("/register", { consent: "yes", email: "unverified.owner@example.com", password: "my own long passphrase" });
    const cookie = cookieFrom(res)!;
    const user = await db.selectFrom("users").select("id").where("email", "=", "unverified.owner@example.com").executeTakeFirstOrThrow();
    const draft = await readyDraft(user.id, cookie);

    const refused = await http.post(`/applications/${draft}/check`, { declaration: "yes" }, { cookie });
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain("Confirm your email address before you submit: open the link we sent to unverified.owner@example.com");
    expect(html).toContain('action="/account/verify-email"');
    expect(html).toContain("Send the link again");
    const row = await db.selectFrom("applications").select(["status", "reference"]).where("owner_id", "=", user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "draft", reference: null });

    // A new link; the old one still works too, whichever comes first.
    const resent = await http.post("/account/verify-email", { redirectTo: `/applications/${draft}/check` }, { cookie });
    expect(resent.status).toBe(200);
    expect(await resent.text()).toContain("We have sent a new link to unverified.owner@example.com");
    const link = await latestLink("unverified.owner@example.com");
    expect(server.output()).not.toContain(link); // the request log redacts the token

    const opened = await http.get(link);
    expect(opened.status).toBe(200);
    expect(opened.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await opened.text()).toContain("Your email address is confirmed");
    const again = await http.get(link);
    expect(await again.text()).toContain("Your email address is already confirmed");

    const submitted = await http.post(`/applications/${draft}/check`, { declaration: "yes" }, { cookie });
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("location")).toMatch(/^\/applications\/SF-\d{4}-\d{6}\/confirmation$/);
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("actor_id", "=", user.id)
      .where("action", "=", "account.email_verified")
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("answers forged, expired and used links with a clear page and changes nothing", async () => {
    const res = await http.post("/register", { consent: "yes", email: "late.owner@example.com", password: "my own long passphrase" });
    expect(res.status).toBe(302);
    const user = await db.selectFrom("users").select("id").where("email", "=", "late.owner@example.com").executeTakeFirstOrThrow();
    const link = await latestLink("late.owner@example.com");

    const forged = await http.get("/verify-email/not-a-real-token");
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("This link is not valid");
    const wellFormed = await http.get(`/verify-email/${"A".repeat(43)}`);
    expect(wellFormed.status).toBe(400);

    await db
      .updateTable("email_verification_tokens")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("user_id", "=", user.id)
      .execute();
    const expired = await http.get(link);
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain("This link has expired");

    await db
      .updateTable("email_verification_tokens")
      .set({ expires_at: new Date(Date.now() + 3600_000).toISOString(), used_at: new Date().toISOString() })
      .where("user_id", "=", user.id)
      .execute();
    const used = await http.get(link);
    expect(used.status).toBe(400);
    expect(await used.text()).toContain("This link has already been used");
    expect(
      (await db.selectFrom("users").select("email_verified_at").where("id", "=", user.id).executeTakeFirstOrThrow()).email_verified_at,
    ).toBeNull();
  });

  it("sends at most three new links an hour, then says when to try again", async () => {
    const res = await http.post("/register", { consent: "yes", email: "eager.owner@example.com", password: "my own long passphrase" });
    const cookie = cookieFrom(res)!;
    const answers: number[] = [];
    let last = "";
    for (let i = 0; i < 4; i++) {
      const r = await http.post("/account/verify-email", {}, { cookie });
      answers.push(r.status);
      last = await r.text();
    }
    expect(answers).toEqual([200, 200, 200, 429]);
    expect(last).toMatch(/You have asked for several links recently. Try again in \d+ minutes/);
    const mails = await db.selectFrom("outbox").select("id").where("to_address", "=", "eager.owner@example.com").execute();
    expect(mails).toHaveLength(4); // the registration mail and three more
  });

  it("the demo owner is seeded verified", async () => {
    const demo = await db.selectFrom("users").select("email_verified_at").where("email", "=", "owner@demo.test").executeTakeFirstOrThrow();
    expect(demo.email_verified_at).not.toBeNull();
  });
});

describe("staff leftovers", () => {
  it("opening a review page is written to the audit trail", async () => {
    const owner = await addUser(db, "viewed.owner@test.example", "owner");
    const ownerSession = await addSession(db, owner.id);
    const draft = await readyDraft(owner.id, ownerSession.cookie);
    const submitted = await http.post(`/applications/${draft}/check`, { declaration: "yes" }, { cookie: ownerSession.cookie });
    const reference = submitted.headers.get("location")!.split("/")[2]!;
    const caseworker = await addUser(db, "viewer@test.example", "caseworker");
    const { cookie } = await addSession(db, caseworker.id);
    expect((await http.get(`/admin/applications/${reference}`, { cookie })).status).toBe(200);
    expect((await http.get("/admin/applications/SF-2026-999999", { cookie })).status).toBe(404);
    const rows = await db.selectFrom("audit_log").select(["action", "target_type", "target_id"]).where("actor_id", "=", caseworker.id).execute();
    expect(rows).toEqual([{ action: "application.view", target_type: "application", target_id: reference }]);
  });

  it("sends one Referrer-Policy header, the strict one where the address carries a token", async () => {
    const home = await fetch(`${server.url}/`);
    expect(home.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const reset = await fetch(`${server.url}/reset-password/${"x".repeat(43)}`);
    expect(reset.headers.get("referrer-policy")).toBe("no-referrer");
  });
});
