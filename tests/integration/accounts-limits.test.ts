import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestDatabase, type TestDatabase } from "../helpers/db";
import { client, cookieFrom } from "../helpers/accounts";
import { ROOT, startServer, type RunningServer } from "../helpers/server";
import { PRODUCTION_IDENTITY_ENV } from "../helpers/identity-provider";

const DEMO_PASSWORD = "demo-password-2021";

describe("brute-force limits over HTTP (behind a trusted proxy, so X-Forwarded-For names the client)", () => {
  let server: RunningServer;
  let http: ReturnType<typeof client>;
  beforeAll(async () => {
    server = await startServer({ TRUST_PROXY: "1" });
    http = client(server);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const from = (ip: string) => ({ headers: { "X-Forwarded-For": ip } });

  it("refuses the 11th failed sign-in on an account, from any IP, even with the right password", async () => {
    for (let i = 1; i <= 10; i++) {
      const res = await http.post("/login", { email: "owner@demo.test", password: `wrong password ${i}` }, from(`10.0.0.${i}`));
      expect(res.status, `attempt ${i}`).toBe(400);
    }
    const res = await http.post("/login", { email: "owner@demo.test", password: DEMO_PASSWORD }, from("10.0.1.1"));
    expect(res.status).toBe(429);
    const html = await res.text();
    expect(html).toContain("Too many attempts. Try again in 15 minutes");
    expect(html).toContain("<title>Error: Sign in");
    expect(cookieFrom(res)).toBeUndefined();
    // Another account is not affected.
    expect((await http.post("/login", { email: "admin@demo.test", password: DEMO_PASSWORD }, from("10.0.1.2"))).status).toBe(302);
  });

  it("refuses an IP after 10 failures across different accounts; other IPs still sign in", async () => {
    for (let i = 1; i <= 10; i++) {
      await http.post("/login", { email: `guess${i}@demo.test`, password: "some guess or other" }, from("10.9.9.9"));
    }
    expect((await http.post("/login", { email: "supervisor@demo.test", password: DEMO_PASSWORD }, from("10.9.9.9"))).status).toBe(429);
    expect((await http.post("/login", { email: "supervisor@demo.test", password: DEMO_PASSWORD }, from("10.9.9.10"))).status).toBe(302);
  });

  it("limits registration and reset requests per IP with the same limiter", async () => {
    for (let i = 1; i <= 10; i++) {
      await http.post("/register", { consent: "yes", email: `bulk${i}@example.com`, password: "a long enough passphrase" }, from("10.7.7.7"));
    }
    const eleventh = await http.post(
      "/register",
      { consent: "yes", email: "bulk11@example.com", password: "a long enough passphrase" },
      from("10.7.7.7"),
    );
    expect(eleventh.status).toBe(429);
    expect(await eleventh.text()).toMatch(/Try again in \d+ minutes?/);

    for (let i = 1; i <= 10; i++) await http.post("/forgot-password", { email: `who${i}@example.com` }, from("10.6.6.6"));
    expect((await http.post("/forgot-password", { email: "who11@example.com" }, from("10.6.6.6"))).status).toBe(429);
  });

  it("keeps the limits in the database, so a restart does not reset them", async () => {
    const db = server.openDb();
    try {
      const rows = await db.selectFrom("rate_limit_events").select(["scope"]).where("key", "=", "owner@demo.test").execute();
      expect(rows.length).toBeGreaterThanOrEqual(10);
    } finally {
      await db.destroy();
    }
    const before = server.pid;
    server = await server.restart();
    http = client(server);
    expect(server.pid).not.toBe(before);
    // The new process still refuses the account and the IP limited before the restart.
    expect((await http.post("/login", { email: "owner@demo.test", password: DEMO_PASSWORD }, from("10.0.2.1"))).status).toBe(429);
    expect((await http.post("/login", { email: "supervisor@demo.test", password: DEMO_PASSWORD }, from("10.9.9.9"))).status).toBe(429);
    expect((await http.post("/login", { email: "supervisor@demo.test", password: DEMO_PASSWORD }, from("10.9.9.11"))).status).toBe(302);
  });
});

describe("production mode", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ PORTAL_ENV: "production", PUBLIC_ORIGIN: "https://portal.example.kr", ...PRODUCTION_IDENTITY_ENV });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("sends HSTS on every answer (pages, assets, health, refusals)", async () => {
    const http = client(server);
    for (const path of ["/", "/programmes", "/healthz", "/no-such-page", "/admin"]) {
      const res = await http.get(path);
      expect(res.headers.get("strict-transport-security"), path).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    }
    const forged = await http.post("/login", { email: "x@example.kr", password: "whatever it is" }, { origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("strict-transport-security")).toMatch(/^max-age=/);
  });

  it("seeds no demo accounts and sets a Secure __Host- cookie", async () => {
    const http = client(server);
    const db = server.openDb();
    try {
      expect(await db.selectFrom("users").select("email").execute()).toEqual([]);
      expect((await db.selectFrom("programmes").select("id").execute()).length).toBe(5); // the plan's programmes are not demo data
    } finally {
      await db.destroy();
    }
    expect((await http.post("/login", { email: "owner@demo.test", password: DEMO_PASSWORD })).status).toBe(400);
    const res = await http.post("/register", { consent: "yes", email: "real@example.kr", password: "a long enough passphrase" });
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().join()).toMatch(
      /^__Host-portal_session=[a-z0-9]{40}; HttpOnly; Max-Age=2592000; Path=\/; SameSite=Lax; Secure$/,
    );
    // Signing in (a new session) and signing out (the blank cookie) use the same name and flags.
    const signIn = await http.post("/login", { email: "real@example.kr", password: "a long enough passphrase" });
    expect(signIn.status).toBe(302);
    const cookie = cookieFrom(signIn)!;
    expect(cookie).toMatch(/^__Host-portal_session=/);
    expect(signIn.headers.getSetCookie().join()).toMatch(/; Secure/);
    expect((await http.get("/account", { cookie })).status).toBe(200);
    const out = await http.post("/logout", {}, { cookie });
    expect(out.headers.getSetCookie().join()).toMatch(/^__Host-portal_session=; .*Secure/);
    // A cookie without the prefix is not read in production.
    expect((await http.get("/account", { cookie: cookie.replace("__Host-", "") })).status).toBe(302);
  });
});

describe("npm run staff:create", () => {
  let target: TestDatabase;
  beforeAll(async () => {
    target = await newTestDatabase({ migrated: false });
  });
  afterAll(() => target.remove());

  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "db/staff-create-cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...target.env, PORTAL_ENV: "test" },
      encoding: "utf8",
      input: "",
      timeout: 60_000,
    });

  it("creates a staff account with a generated password printed once", async () => {
    const result = run("--email", "Case.Worker@Ministry.go.kr", "--role", "supervisor");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Created supervisor account case.worker@ministry.go.kr.");
    const password = result.stdout.match(/Password \(shown once[^)]*\): (\S+)/)![1]!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    const db = target.open();
    try {
      const user = await db
        .selectFrom("users")
        .select(["role", "password_hash"])
        .where("email", "=", "case.worker@ministry.go.kr")
        .executeTakeFirstOrThrow();
      expect(user.role).toBe("supervisor");
      expect(user.password_hash).toMatch(/^\$argon2id\$/);
      expect(user.password_hash).not.toContain(password);
    } finally {
      await db.destroy();
    }
  });

  it.each([
    [["--email", "case.worker@ministry.go.kr", "--role", "admin"], "already exists"],
    [["--email", "x@ministry.go.kr", "--role", "owner"], 'Unknown role "owner"'],
    [["--email", "not-an-email", "--role", "admin"], "Not a usable email address"],
    [["--role", "admin"], "Usage: npm run staff:create"],
    [["--email", "x@ministry.go.kr", "--role", "admin", "--bogus"], "Usage"],
  ])("refuses %j with a clear message and exit code 1", (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
  });
});
