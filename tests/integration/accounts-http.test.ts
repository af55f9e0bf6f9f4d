import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { addSession, addUser, client, cookieFrom, serverDb } from "../helpers/accounts";
import { sessionRowId } from "../../app/modules/accounts/session.server";
import { startServer, type RunningServer } from "../helpers/server";

const DEMO_PASSWORD = "demo-password-2021";
const VALID_BUSINESS = {
  tradeName: "Second Shop",
  registrationNumber: "123-45-67891",
  representativeName: "Park",
  phone: "010-2222-3333",
  address: "Daegu",
  region: "daegu",
  sector: "retail",
  employees: "1",
  openedOn: "2019-06-01",
};

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

/** A page without what differs on every request: the CSP nonce and the request id (in the root data). */
const perRequest = (html: string) =>
  html.replace(/nonce="[^"]+"/g, "").replace(/[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/g, "ID");

async function signInAs(email: string, password = DEMO_PASSWORD) {
  const res = await http.post("/login", { email, password });
  expect(res.status, `sign in as ${email}`).toBe(302);
  return cookieFrom(res)!;
}

async function newOwner(email: string) {
  const user = await addUser(db, email, "owner");
  return { user, ...(await addSession(db, user.id)) };
}

describe("registration", () => {
  it("shows an accessible form: labels, autocomplete, no composition rules", async () => {
    const html = await (await http.get("/register")).text();
    expect(html).toMatch(/autocomplete="email"/i);
    expect(html).toMatch(/<label for="email">Email address<\/label>/);
    expect(html).toMatch(/autocomplete="new-password"/i);
    expect(html).toContain("12 to 128 characters");
  });

  it("creates an owner, signs them in with a safe cookie and lands on their home", async () => {
    const res = await http.post("/register", { consent: "yes", email: "  New.Owner@Example.com ", password: "my own long passphrase" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/applications");
    const setCookie = res.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/portal_session=[a-z0-9]{40}; HttpOnly; Max-Age=2592000; Path=\/; SameSite=Lax/);
    expect(setCookie).not.toContain("Secure"); // only with PORTAL_ENV=production
    const account = await (await http.get("/account", { cookie: cookieFrom(res) })).text();
    expect(account).toContain("new.owner@example.com");
    expect(account).toContain("Business owner");
    const row = await db.selectFrom("users").select(["role", "password_hash"]).where("email", "=", "new.owner@example.com").executeTakeFirstOrThrow();
    expect(row.role).toBe("owner");
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it("cannot be used to create staff", async () => {
    const res = await http.post("/register", { consent: "yes", email: "sneaky@example.com", password: "my own long passphrase", role: "admin" });
    expect(res.status).toBe(302);
    expect((await db.selectFrom("users").select("role").where("email", "=", "sneaky@example.com").executeTakeFirstOrThrow()).role).toBe("owner");
  });

  it.each([
    [{ email: "owner@demo.test", password: "my own long passphrase" }, 400, "An account with this email address already exists"],
    [{ email: "someone@example.com", password: "password1234" }, 400, "one of the most common"],
    [{ email: "someone@example.com", password: "short" }, 400, "Password must be 12 characters or more"],
    [{ email: "someone@example.com", password: "x".repeat(129) }, 400, "Password must be 128 characters or fewer"],
    [{ email: "\u043ewner@demo.test", password: "my own long passphrase" }, 400, "only Latin letters"],
    [{ email: "not an email", password: "my own long passphrase" }, 400, "correct format"],
    [{}, 400, "Enter your email address"],
  ])("answers bad input %j with a clear message, the input kept and no password echoed", async (form, status, message) => {
    const res = await http.post("/register", { consent: "yes", ...(form as Record<string, string>) });
    expect(res.status).toBe(status);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain("<title>Error: Create an account");
    expect(html).toContain("There is a problem");
    if ("password" in form) expect(html).not.toContain(`value="${form.password}"`);
  });

  it("refuses a 10 MB password without reading it all, never a 500", async () => {
    const res = await fetch(`${server.url}/register`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
      body: `email=big%40example.com&password=${"a".repeat(10 * 1024 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("A password can have at most 128 characters");
  });
});

describe("sign-in and sign-out", () => {
  it("lands on a same-origin redirectTo, and on the home for anything else", async () => {
    const cases: Array<[string | undefined, string]> = [
      ["/account/businesses", "/account/businesses"],
      ["https://evil.example/", "/applications"],
      ["//evil.example/", "/applications"],
      ["/\\evil.example", "/applications"],
      [undefined, "/applications"],
    ];
    for (const [redirectTo, expected] of cases) {
      const res = await http.post("/login", { email: "owner@demo.test", password: DEMO_PASSWORD, ...(redirectTo ? { redirectTo } : {}) });
      expect(res.headers.get("location"), String(redirectTo)).toBe(expected);
    }
    const staff = await http.post("/login", { email: "caseworker@demo.test", password: DEMO_PASSWORD });
    // Caseworkers land on their queue.
    expect(staff.headers.get("location")).toBe("/admin/applications");
  });

  it("starts a new session with a new id at every sign-in", async () => {
    const a = await signInAs("supervisor@demo.test");
    const b = await signInAs("supervisor@demo.test");
    expect(a).not.toBe(b);
    // Signing in with an existing session ends it.
    const c = cookieFrom(await http.post("/login", { email: "supervisor@demo.test", password: DEMO_PASSWORD }, { cookie: b }));
    expect(c).not.toBe(b);
    expect((await http.get("/admin", { cookie: b })).status).toBe(302);
  });

  it("says the same thing whether the email or the password was wrong", async () => {
    const wrongPassword = await http.post("/login", { email: "owner@demo.test", password: "not-the-password-123" });
    const unknownEmail = await http.post("/login", { email: "nobody@demo.test", password: DEMO_PASSWORD });
    expect(wrongPassword.status).toBe(400);
    expect(unknownEmail.status).toBe(400);
    const [a, b] = [await wrongPassword.text(), await unknownEmail.text()];
    for (const html of [a, b]) {
      expect(html).toContain("Email or password is incorrect");
      expect(html).not.toContain("not-the-password-123");
      expect(html).not.toContain(DEMO_PASSWORD);
    }
    expect(perRequest(a).replace(/owner@demo\.test/g, "X")).toBe(perRequest(b).replace(/nobody@demo\.test/g, "X"));
  });

  it("signs out only by POST, and the session is gone from the database", async () => {
    const cookie = await signInAs("owner@demo.test");
    const get = await http.get("/logout", { cookie });
    expect(get.status).toBe(302);
    expect((await http.get("/account", { cookie })).status).toBe(200);
    const res = await http.post("/logout", {}, { cookie });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?notice=signedOut");
    expect(res.headers.getSetCookie().join()).toMatch(/portal_session=; .*Max-Age=0/);
    const id = cookie.split("=")[1]!;
    expect(await db.selectFrom("auth_session").select("id").where("id", "=", sessionRowId(id)).executeTakeFirst()).toBeUndefined();
    expect((await http.get("/account", { cookie })).headers.get("location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("shows sign-in links to visitors and the account links and a sign-out form to the signed in", async () => {
    const visitor = await (await http.get("/programmes")).text();
    expect(visitor).toContain('href="/login?redirectTo=%2Fprogrammes"');
    expect(visitor).toContain('href="/register?redirectTo=%2Fprogrammes"');
    const owner = await (await http.get("/programmes", { cookie: await signInAs("owner@demo.test") })).text();
    expect(owner).toContain("Signed in as owner@demo.test");
    expect(owner).toMatch(/<form method="post" action="\/logout"/);
    expect(owner).toContain('href="/account/businesses"');
    const admin = await (await http.get("/", { cookie: await signInAs("admin@demo.test") })).text();
    expect(admin).toContain('href="/admin"');
  });

  it("keeps signed-in pages out of shared caches", async () => {
    const res = await http.get("/account", { cookie: await signInAs("owner@demo.test") });
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("guards and roles", () => {
  it("send visitors to sign in and back", async () => {
    for (const path of ["/account", "/account/businesses", "/account/businesses/new", "/applications", "/admin"]) {
      const res = await http.get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
    const post = await http.post("/account/businesses/new", VALID_BUSINESS);
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("answer owners in the staff area with 404 (its pages are not theirs to know) and staff in the owners' area with 403", async () => {
    const owner = await signInAs("owner@demo.test");
    const admin = await http.get("/admin", { cookie: owner });
    expect(admin.status).toBe(404);
    expect(await admin.text()).toContain("Page not found");
    const caseworker = await signInAs("caseworker@demo.test");
    expect((await http.get("/admin", { cookie: caseworker })).status).toBe(200);
    expect((await http.get("/account/businesses", { cookie: caseworker })).status).toBe(403);
    expect((await http.post("/account/businesses/new", VALID_BUSINESS, { cookie: caseworker })).status).toBe(403);
    expect((await http.get("/account", { cookie: caseworker })).status).toBe(200);
  });

  it("end a staff session after 30 idle minutes, and after 12 hours in all", async () => {
    const staff = await addUser(db, "idle.caseworker@demo.test", "caseworker");
    const now = Date.now();
    const active = await addSession(db, staff.id, { lastSeenAt: new Date(now - 29 * 60_000), createdAt: new Date(now - 60 * 60_000) });
    expect((await http.get("/admin", { cookie: active.cookie })).status).toBe(200);

    const idle = await addSession(db, staff.id, { createdAt: new Date(now - 31 * 60_000) });
    const res = await http.get("/admin", { cookie: idle.cookie });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fadmin&notice=timedOut");
    expect(res.headers.getSetCookie().join()).toMatch(/portal_session=; .*Max-Age=0/);
    expect(await (await http.get("/login?redirectTo=%2Fadmin&notice=timedOut")).text()).toContain("staff sessions end after 30 minutes");
    expect(await db.selectFrom("auth_session").select("id").where("id", "=", idle.rowId).executeTakeFirst()).toBeUndefined();

    const old = await addSession(db, staff.id, { createdAt: new Date(now - 12 * 3600_000 - 60_000), lastSeenAt: new Date(now - 60_000) });
    expect((await http.get("/admin", { cookie: old.cookie })).status).toBe(302);

    // An owner's session does not idle out.
    const owner = await addUser(db, "idle.owner@demo.test", "owner");
    const ownerSession = await addSession(db, owner.id, { createdAt: new Date(now - 5 * 24 * 3600_000) });
    expect((await http.get("/account", { cookie: ownerSession.cookie })).status).toBe(200);
  });

  it("ignore a forged session cookie", async () => {
    const res = await http.get("/account", { cookie: "portal_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" });
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().join()).toMatch(/Max-Age=0/);
  });
});

describe("business profile", () => {
  it("lets an owner add a business: a bad check digit first, then a valid number", async () => {
    const { cookie } = await newOwner("biz.owner@example.com");
    const form = await (await http.get("/account/businesses/new", { cookie })).text();
    expect(form).toMatch(/<label for="registrationNumber">Business registration number<\/label>/);
    expect(form).toContain("Seoul");

    const bad = await http.post("/account/businesses/new", { ...VALID_BUSINESS, registrationNumber: "123-45-67890" }, { cookie });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("<title>Error: Add a business");
    expect(html).toContain('href="#registrationNumber"');
    expect(html).toContain("This is not a valid business registration number");
    expect(html).toContain('value="Second Shop"'); // the input is kept

    const good = await http.post("/account/businesses/new", VALID_BUSINESS, { cookie });
    expect(good.status).toBe(302);
    expect(good.headers.get("location")).toBe("/account/businesses?notice=created");
    const list = await (await http.get("/account/businesses?notice=created", { cookie })).text();
    expect(list).toContain("Your business has been added.");
    expect(list).toContain("123-45-67891");
    expect(list).toContain("Second Shop");
    expect(list).toContain("Retail");
  });

  it("refuses a number already registered by another account, and flags it for staff", async () => {
    const { user, cookie } = await newOwner("claimant@example.com");
    const res = await http.post("/account/businesses/new", { ...VALID_BUSINESS, registrationNumber: "2208123455" }, { cookie });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("already registered to another account");
    const conflict = await db.selectFrom("business_number_conflicts").selectAll().where("claimed_by", "=", user.id).executeTakeFirstOrThrow();
    expect(conflict.registration_number).toBe("2208123455");
    expect(await db.selectFrom("businesses").select("id").where("owner_id", "=", user.id).execute()).toEqual([]);
  });

  it("never lets user A's session read or change user B's business", async () => {
    const demoBusiness = await db.selectFrom("businesses").select("id").where("registration_number", "=", "2208123455").executeTakeFirstOrThrow();
    const { cookie } = await newOwner("stranger@example.com");
    const read = await http.get(`/account/businesses/${demoBusiness.id}`, { cookie });
    expect(read.status).toBe(404);
    expect(await read.text()).not.toContain("Demo Kimchi House");
    const write = await http.post(`/account/businesses/${demoBusiness.id}`, { ...VALID_BUSINESS, registrationNumber: "2208123455" }, { cookie });
    expect(write.status).toBe(404);
    expect(await (await http.get("/account/businesses", { cookie })).text()).not.toContain("Demo Kimchi House");
    const after = await db.selectFrom("businesses").select("trade_name").where("id", "=", demoBusiness.id).executeTakeFirstOrThrow();
    expect(after.trade_name).toBe("Demo Kimchi House");
    for (const bad of ["abc", "0", "-1", "1.5", "99999999999"]) {
      expect((await http.get(`/account/businesses/${bad}`, { cookie })).status, bad).toBe(404);
    }
  });

  it("lets the owner change their own business", async () => {
    const owner = await signInAs("owner@demo.test");
    const demoBusiness = await db.selectFrom("businesses").select("id").where("registration_number", "=", "2208123455").executeTakeFirstOrThrow();
    const page = await (await http.get(`/account/businesses/${demoBusiness.id}`, { cookie: owner })).text();
    expect(page).toContain('value="220-81-23455"');
    const res = await http.post(
      `/account/businesses/${demoBusiness.id}`,
      { ...VALID_BUSINESS, tradeName: "Demo Kimchi House", registrationNumber: "220-81-23455", employees: "4" },
      { cookie: owner },
    );
    expect(res.headers.get("location")).toBe("/account/businesses?notice=updated");
    expect((await db.selectFrom("businesses").select("employees").where("id", "=", demoBusiness.id).executeTakeFirstOrThrow()).employees).toBe(4);
  });

  it("speaks Korean", async () => {
    const { cookie } = await newOwner("korean.owner@example.com");
    const res = await http.post(
      "/account/businesses/new",
      { ...VALID_BUSINESS, registrationNumber: "1234567890" },
      { cookie, headers: { "Accept-Language": "ko" } },
    );
    const html = await res.text();
    expect(html).toContain("올바른 사업자등록번호가 아닙니다");
    expect(html).toContain("<title>오류: 사업체 추가");
  });
});

describe("account page", () => {
  it("changes the password with the current one and signs out the other sessions", async () => {
    await http.post("/register", { consent: "yes", email: "changer@example.com", password: "first long passphrase" });
    const here = await signInAs("changer@example.com", "first long passphrase");
    const there = await signInAs("changer@example.com", "first long passphrase");
    const page = await (await http.get("/account", { cookie: here })).text();
    expect(page).toMatch(/signed in on \d+ devices/);

    const wrong = await http.post(
      "/account",
      { intent: "changePassword", currentPassword: "nope", newPassword: "second long passphrase" },
      { cookie: here },
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Current password is incorrect");

    const ok = await http.post(
      "/account",
      { intent: "changePassword", currentPassword: "first long passphrase", newPassword: "second long passphrase" },
      { cookie: here },
    );
    expect(ok.headers.get("location")).toBe("/account?notice=passwordChanged");
    expect((await http.get("/account", { cookie: here })).status).toBe(200);
    expect((await http.get("/account", { cookie: there })).status).toBe(302);
    await signInAs("changer@example.com", "second long passphrase");
  });

  it("signs out every other session on request", async () => {
    const here = await signInAs("supervisor@demo.test");
    const there = await signInAs("supervisor@demo.test");
    const res = await http.post("/account", { intent: "signOutOthers" }, { cookie: here });
    expect(res.headers.get("location")).toBe("/account?notice=signedOutOthers");
    expect((await http.get("/account", { cookie: here })).status).toBe(200);
    expect((await http.get("/account", { cookie: there })).status).toBe(302);
  });
});

describe("password reset over HTTP", () => {
  const tokenIn = (text: string) => text.match(/\/reset-password\/([A-Za-z0-9_-]{43})/)![1]!;

  it("answers a known and an unknown email with the same page", async () => {
    const known = await http.post("/forgot-password", { email: "admin@demo.test" });
    const unknown = await http.post("/forgot-password", { email: "nobody@demo.test" });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const strip = (html: string, email: string) => perRequest(html).replaceAll(email, "X");
    expect(strip(await known.text(), "admin@demo.test")).toBe(strip(await unknown.text(), "nobody@demo.test"));
  });

  it("resets through the outbox link, signs out every session, and the link works once", async () => {
    await http.post("/register", { consent: "yes", email: "forgetful@example.com", password: "original passphrase" });
    const before = await signInAs("forgetful@example.com", "original passphrase");
    expect((await http.post("/forgot-password", { email: "Forgetful@Example.com" })).status).toBe(200);
    const mail = await db
      .selectFrom("outbox")
      .selectAll()
      .where("to_address", "=", "forgetful@example.com")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    const token = tokenIn(mail.body_text);
    expect(server.output()).not.toContain(`/reset-password/${token} `); // the request log redacts it

    const page = await http.get(`/reset-password/${token}`);
    expect(page.status).toBe(200);
    // Browsers apply the last policy given: the token in the address is never sent as a Referer.
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await page.text()).toContain("Choose a new password");

    const weak = await http.post(`/reset-password/${token}`, { password: "password1234" });
    expect(weak.status).toBe(400);

    const res = await http.post(`/reset-password/${token}`, { password: "replacement passphrase" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?notice=passwordReset");
    expect((await http.get("/account", { cookie: before })).status).toBe(302);
    await signInAs("forgetful@example.com", "replacement passphrase");

    const reused = await http.post(`/reset-password/${token}`, { password: "attacker passphrase!" });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain("This link does not work");
    expect((await http.get(`/reset-password/${token}`)).status).toBe(400);
  });

  it.each(["forged", "A".repeat(43), "%00", "..%2F..%2Fetc"])("answers a forged token %s with a clear page, not a 500", async (token) => {
    const res = await http.get(`/reset-password/${token}`);
    expect([400, 404]).toContain(res.status);
    const post = await http.post(`/reset-password/${token}`, { password: "attacker passphrase!" });
    expect([400, 404]).toContain(post.status);
  });
});

describe("cross-site requests", () => {
  const routes: Array<[string, Record<string, string>]> = [
    ["/login", { email: "owner@demo.test", password: DEMO_PASSWORD }],
    ["/register", { consent: "yes", email: "csrf@example.com", password: "my own long passphrase" }],
    ["/logout", {}],
    ["/forgot-password", { email: "owner@demo.test" }],
    ["/reset-password/" + "A".repeat(43), { password: "attacker passphrase!" }],
    ["/account", { intent: "signOutOthers" }],
    ["/account/businesses/new", VALID_BUSINESS],
    ["/account/businesses/1", VALID_BUSINESS],
  ];

  it.each(routes)("refuses POST %s from another site with 403 before the action runs", async (path, form) => {
    const owner = await signInAs("owner@demo.test");
    for (const origin of ["https://evil.example", "null", null]) {
      const res = await http.post(path, form, { cookie: owner, origin });
      expect(res.status, `Origin: ${origin}`).toBe(403);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    const viaReferer = await http.post(path, form, { cookie: owner, origin: null, headers: { Referer: "https://evil.example/page" } });
    expect(viaReferer.status).toBe(403);
    // Still signed in: the forged sign-out did nothing.
    expect((await http.get("/account", { cookie: owner })).status).toBe(200);
    expect(await db.selectFrom("users").select("id").where("email", "=", "csrf@example.com").executeTakeFirst()).toBeUndefined();
  });

  it("accepts a same-site Referer when the browser sends no Origin", async () => {
    const res = await http.post(
      "/login",
      { email: "owner@demo.test", password: DEMO_PASSWORD },
      { origin: null, headers: { Referer: `${server.url}/login` } },
    );
    expect(res.status).toBe(302);
  });
});
