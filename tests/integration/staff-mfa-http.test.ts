import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { hashPassword } from "../../app/modules/accounts/password.server";
import { totpCode } from "../../app/modules/accounts/totp.server";
import { addUser, client, cookieFrom, serverDb } from "../helpers/accounts";
import { runServerExpectingFailure, startServer, type RunningServer } from "../helpers/server";

const PASSWORD = "a supervisor's long passphrase";
let server: RunningServer;
let db: Kysely<Database>;
let http: ReturnType<typeof client>;
let passwordHash: string;

beforeAll(async () => {
  server = await startServer();
  db = serverDb(server);
  http = client(server);
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

let n = 0;
async function staff(role: "caseworker" | "supervisor" | "admin") {
  n++;
  return addUser(db, `mfa-${role}-${n}@test.example`, role, passwordHash);
}

async function passwordStep(email: string, redirectTo?: string) {
  const res = await http.post("/login", { email, password: PASSWORD, ...(redirectTo ? { redirectTo } : {}) });
  expect(res.status, `sign in as ${email}`).toBe(302);
  return { location: res.headers.get("location"), cookie: cookieFrom(res)! };
}

/** Enrols through the pages, as a person would: returns the key read from the page and the full cookie. */
async function enrol(email: string) {
  const { location, cookie } = await passwordStep(email);
  expect(location).toBe("/two-factor/setup?redirectTo=%2Fadmin");
  const page = await http.get(location!, { cookie });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("Set up two-step verification");
  expect(html).toMatch(/<img[^>]+src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"[^>]+alt="QR code that adds SME Support Portal/);
  const key = html.match(/data-testid="setup-key">([A-Z2-7 ]+)</)![1]!.replace(/ /g, "");
  const done = await http.post(location!, { code: totpCode(key) }, { cookie });
  expect(done.status).toBe(200);
  const doneHtml = await done.text();
  const codes = [...doneHtml.matchAll(/<li><code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/code><\/li>/g)].map((m) => m[1]!);
  expect(codes).toHaveLength(10);
  const full = cookieFrom(done)!;
  expect(full).not.toBe(cookie); // a new session id once the second factor is proved
  return { key, codes, cookie: full };
}

const inFuture = (s: number) => new Date(Date.now() + s * 1000);

describe("staff two-step verification", () => {
  it("a supervisor without a second factor must set one up before any staff page; then the code signs them in", async () => {
    const user = await staff("supervisor");
    const { location, cookie } = await passwordStep(user.email);
    expect(location).toBe("/two-factor/setup?redirectTo=%2Fadmin");
    // The half-way session opens no staff page and is not signed in anywhere.
    const admin = await http.get("/admin", { cookie });
    expect(admin.status).toBe(302);
    expect(admin.headers.get("location")).toBe("/login?redirectTo=%2Fadmin");
    const login = await http.get("/login?redirectTo=%2Fadmin", { cookie });
    expect(login.headers.get("location")).toBe("/two-factor?redirectTo=%2Fadmin");

    // A wrong code at setup is refused and nothing is turned on.
    expect((await http.get("/two-factor/setup", { cookie })).status).toBe(200);
    const wrong = await http.post("/two-factor/setup", { code: "000000" }, { cookie });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("The security code is not correct");
    expect(
      (await db.selectFrom("users").select("totp_confirmed_at").where("id", "=", user.id).executeTakeFirstOrThrow()).totp_confirmed_at,
    ).toBeNull();
    await db.deleteFrom("rate_limit_events").execute();

    const first = await enrol(user.email);
    expect((await http.get("/admin", { cookie: first.cookie })).status).toBe(200);
    // Codes are stored hashed, never as shown.
    const stored = await db.selectFrom("mfa_recovery_codes").select("code_hash").where("user_id", "=", user.id).execute();
    expect(stored).toHaveLength(10);
    for (const c of first.codes) expect(stored.map((s) => s.code_hash).join()).not.toContain(c);

    // Next sign-in: password, then the code. The code just used cannot be played again.
    const again = await passwordStep(user.email, "/admin/audit");
    expect(again.location).toBe("/two-factor?redirectTo=%2Fadmin%2Faudit");
    const form = await http.get(again.location!, { cookie: again.cookie });
    expect(form.status).toBe(200);
    expect(await form.text()).toMatch(/autocomplete="one-time-code"/i);
    const replay = await http.post(again.location!, { code: totpCode(first.key) }, { cookie: again.cookie });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("This code has already been used");
    const ok = await http.post(again.location!, { code: totpCode(first.key, inFuture(30)) }, { cookie: again.cookie });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/admin/audit");
    const full = cookieFrom(ok)!;
    expect((await http.get("/admin/audit", { cookie: full })).status).toBe(200);
    // The half-way session is gone.
    expect((await http.get("/two-factor", { cookie: again.cookie })).headers.get("location")).toBe("/login");

    const actions = await db.selectFrom("audit_log").select(["action", "details"]).where("actor_id", "=", user.id).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["auth.sign_in", "auth.mfa_failed", "auth.mfa_enrolled", "auth.mfa_passed"]));
  });

  it("a recovery code works once; a reused one is refused with a clear message and changes nothing", async () => {
    const user = await staff("admin");
    const { codes } = await enrol(user.email);
    const a = await passwordStep(user.email);
    const used = await http.post("/two-factor", { code: codes[3]!.toUpperCase() }, { cookie: a.cookie });
    expect(used.status).toBe(302);
    expect(used.headers.get("location")).toBe("/admin");

    const b = await passwordStep(user.email);
    const before = await db.selectFrom("mfa_recovery_codes").select(["id", "used_at"]).where("user_id", "=", user.id).orderBy("id").execute();
    const reused = await http.post("/two-factor", { code: codes[3]! }, { cookie: b.cookie });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain("This recovery code has already been used");
    expect(await db.selectFrom("mfa_recovery_codes").select(["id", "used_at"]).where("user_id", "=", user.id).orderBy("id").execute()).toEqual(
      before,
    );
    expect(before.filter((c) => c.used_at)).toHaveLength(1);
    // Still half-way: no staff page.
    expect((await http.get("/admin", { cookie: b.cookie })).status).toBe(302);
  });

  it("six wrong codes lock the second step for a while, with a message that says so; the right code then waits too", async () => {
    const user = await staff("supervisor");
    const { key } = await enrol(user.email);
    const { cookie } = await passwordStep(user.email);
    const answers: number[] = [];
    let last = "";
    for (let i = 0; i < 6; i++) {
      const res = await http.post("/two-factor", { code: String(100000 + i) }, { cookie });
      answers.push(res.status);
      last = await res.text();
    }
    expect(answers).toEqual([400, 400, 400, 400, 400, 429]);
    expect(last).toContain("Too many wrong codes. For your security, the code cannot be entered for 15 minutes");
    const right = await http.post("/two-factor", { code: totpCode(key, inFuture(30)) }, { cookie });
    expect(right.status).toBe(429);
    expect(cookieFrom(right)).toBeUndefined();
    const audit = await db.selectFrom("audit_log").select("action").where("actor_id", "=", user.id).where("action", "like", "auth.mfa_%").execute();
    expect(audit.filter((a) => a.action === "auth.mfa_failed")).toHaveLength(6);
    expect(audit.filter((a) => a.action === "auth.mfa_locked")).toHaveLength(1);
  });

  it("caseworkers may choose (STAFF_MFA unset outside production); the demo supervisor signs in with the published password", async () => {
    const caseworker = await staff("caseworker");
    expect((await passwordStep(caseworker.email)).location).toBe("/admin/applications");
    const demo = await http.post("/login", { email: "supervisor@demo.test", password: "demo-password-2021" });
    expect(demo.headers.get("location")).toBe("/admin");
    // A caseworker can still turn it on from their security page, and is then asked for the code.
    const signedIn = cookieFrom(demo)!;
    const security = await http.get("/account/security", { cookie: signedIn });
    expect(await security.text()).toContain("Two-step verification is off.");
  });

  it("the setup and code pages work for keyboard and screen-reader users: labelled field and an error summary", async () => {
    const user = await staff("supervisor");
    const { cookie } = await passwordStep(user.email);
    const empty = await http.post("/two-factor/setup", { code: "" }, { cookie });
    expect(empty.status).toBe(400);
    const html = await empty.text();
    expect(html).toContain("<title>Error: Set up two-step verification");
    expect(html).toMatch(/<label for="code">Security code<\/label>/);
    expect(html).toContain('href="#code"');
    expect(html).toContain("Enter the security code");
  });

  it("STAFF_MFA and MFA_ENCRYPTION_KEY are checked at start", async () => {
    const bad = await runServerExpectingFailure({ PORT: "0", DATABASE_PATH: ":memory:", STAFF_MFA: "sometimes" });
    expect(bad.code).toBe(1);
    expect(bad.output).toContain("STAFF_MFA must be required or optional");
    const key = await runServerExpectingFailure({ PORT: "0", DATABASE_PATH: ":memory:", MFA_ENCRYPTION_KEY: "short" });
    expect(key.output).toContain("MFA_ENCRYPTION_KEY must be 32 bytes");
  });
});

describe("STAFF_MFA=required with an encryption key", () => {
  let strict: RunningServer;
  let strictDb: Kysely<Database>;
  beforeAll(async () => {
    strict = await startServer({ STAFF_MFA: "required", MFA_ENCRYPTION_KEY: "a".repeat(64) });
    strictDb = serverDb(strict);
  });
  afterAll(async () => {
    await strictDb?.destroy();
    await strict?.stop();
  });

  it("sends a caseworker to set up a second factor, and keeps the key sealed in the database", async () => {
    const user = await addUser(strictDb, "strict-caseworker@test.example", "caseworker", passwordHash);
    const c = client(strict);
    const res = await c.post("/login", { email: user.email, password: PASSWORD });
    expect(res.headers.get("location")).toBe("/two-factor/setup?redirectTo=%2Fadmin%2Fapplications");
    const page = await (await c.get("/two-factor/setup", { cookie: cookieFrom(res)! })).text();
    const key = page.match(/data-testid="setup-key">([A-Z2-7 ]+)</)![1]!.replace(/ /g, "");
    const row = await strictDb.selectFrom("users").select("totp_secret").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.totp_secret).toMatch(/^v1:/);
    expect(row.totp_secret).not.toContain(key);
  });
});
