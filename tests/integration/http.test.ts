import fs from "node:fs";
import { onPostgres } from "../helpers/pg-admin";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runServerExpectingFailure, startServer, type RunningServer } from "../helpers/server";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const get = (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, { redirect: "manual", ...init });

describe("pages over HTTP (built server)", () => {
  it("serves the home page with the open programmes", async () => {
    const res = await get("/", { headers: { "Accept-Language": "en-GB,en;q=0.9" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain("Small Business Support Fund");
    expect(html).toContain('href="/eligibility"');
  });

  it("lists every programme with budget or capacity and a window badge", async () => {
    const html = await (await get("/programmes", { headers: { "Accept-Language": "en" } })).text();
    for (const name of ["Small Business Support Fund", "Special Rent Loan", "Tax and Legal Advice", "Smart Store", "Smart Supermarket"]) {
      expect(html).toContain(name);
    }
    expect(html).toContain("KRW 4.1 trillion");
    expect(html).toContain("20,000 places");
    expect(html).toMatch(/krds-badge[^"]*">Open</);
  });

  it("renders a programme's criteria from its rules", async () => {
    const html = await (await get("/programmes/smart-supermarket", { headers: { "Accept-Language": "en" } })).text();
    expect(html).toContain("Floor area under 165 m²");
    expect(html).toContain("Supplier quote for the equipment");
  });

  it.each(["/programmes/no-such-thing", "/programmes/%2e%2e%2fetc", "/programmes/UPPER_case", "/no/such/page"])(
    "answers %s with a friendly 404 inside the layout",
    async (p) => {
      const res = await get(p, { headers: { "Accept-Language": "en" } });
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toMatch(/not found/i);
      expect(html).toContain("SME Support Portal");
      expect(html).not.toMatch(/at .*\.js:\d+/); // no stack trace
    },
  );

  it("picks Korean from Accept-Language and remembers a chosen language", async () => {
    expect(await (await get("/", { headers: { "Accept-Language": "ko-KR,ko;q=0.9" } })).text()).toContain('<html lang="ko"');
    const res = await get("/language", {
      method: "POST",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
      body: "lng=ko&redirectTo=%2Fprogrammes",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/programmes");
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const html = await (await get("/programmes", { headers: { Cookie: cookie, "Accept-Language": "en" } })).text();
    expect(html).toContain('<html lang="ko"');
    expect(html).toContain("지원사업");
  });

  it("never redirects the language switch to another site", async () => {
    const res = await get("/language", {
      method: "POST",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: "lng=en&redirectTo=https%3A%2F%2Fevil.example%2F",
    });
    expect(res.headers.get("location")).toBe("/");
  });

  it("ignores a spoofed X-Forwarded-Host when no proxy is trusted (no 500 from Remix's own check)", async () => {
    // /language.data is the single-fetch POST a hydrated page sends; that is where Remix checks.
    const res = await get("/language.data", {
      method: "POST",
      headers: { Origin: server.url, "X-Forwarded-Host": "evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "lng=en&redirectTo=%2F",
    });
    expect(res.status).toBeLessThan(500);
  });

  it("refuses a cross-site POST with 403 before any action runs", async () => {
    const res = await get("/language", {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "lng=en",
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie")).toBeNull();
    const body = await res.text();
    expect(body).toContain("sent from another site");
    expect(body).toContain("다른 사이트에서 보낸 요청");
  });
});

describe("server behaviour", () => {
  it("answers /healthz with proof that the database answered", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok", programmes: 5 });
  });

  it("sends security headers with a nonce-based CSP and no inline script allowance", async () => {
    const res = await get("/");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    // Forms go to the portal, and on to the identity provider it redirects to (the local one here).
    expect(csp).toContain("form-action 'self' http://localhost:3100;");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const nonce = csp.match(/'nonce-([^']+)'/)![1]!;
    const html = await res.text();
    // Every inline script carries this response's nonce.
    const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs] of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
  });

  it("compresses pages and caches fingerprinted assets for a year", async () => {
    const page = await get("/programmes", { headers: { "Accept-Encoding": "gzip" } });
    expect(page.headers.get("content-encoding")).toBe("gzip");
    const html = await page.text();
    const asset = html.match(/\/build\/[^"]+\.js/)![0];
    const res = await get(asset);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const krds = await get(html.match(/\/krds\/[^"]+\.css/)![0]);
    expect(krds.status).toBe(200);
  });

  it("logs requests without query strings", async () => {
    await (await get("/programmes?token=secret-value")).text();
    // The line is written when the response has finished: wait for it rather than for a fixed time.
    await server.waitForOutput(/"method":"GET","path":"\/programmes","status":200/);
    const line = server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((entry) => entry.msg === "request" && entry.path === "/programmes");
    expect(line).toMatchObject({ method: "GET", route: "/programmes", status: 200 });
    expect(server.output()).not.toContain("secret-value");
  });
});

describe("start-up failures are one clear line, not a crash loop", () => {
  it("refuses a bad PORT", async () => {
    const { code, output } = await runServerExpectingFailure({ PORT: "eighty", DATABASE_PATH: path.join(os.tmpdir(), "unused.db") });
    expect(code).toBe(1);
    expect(output).toContain("PORT must be a whole number from 0 to 65535");
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("names an unreachable PostgreSQL server in one line, without the password", async () => {
    const { code, output } = await runServerExpectingFailure({ PORT: "0", DATABASE_URL: "postgres://portal:hunter2-secret@127.0.0.1:1/portal" });
    expect(code).toBe(1);
    expect(output.trim().split("\n")).toHaveLength(1);
    expect(output).toContain("Cannot connect to the PostgreSQL database at postgres://portal:***@127.0.0.1:1/portal: nothing is listening there.");
    expect(output).not.toContain("hunter2");
  });

  it("refuses a DATABASE_URL that is not PostgreSQL", async () => {
    const { code, output } = await runServerExpectingFailure({ PORT: "0", DATABASE_URL: "mysql://root:pw@localhost/portal" });
    expect(code).toBe(1);
    expect(output).toContain("DATABASE_URL must start with postgres:// or postgresql://");
    expect(output).not.toContain("pw@");
  });

  it.skipIf(!onPostgres)("names a refused password and a missing database on a real PostgreSQL server", async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.password = "wrong-password-xyz";
    const refused = await runServerExpectingFailure({ PORT: "0", DATABASE_URL: url.toString() });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("the user name or password was refused");
    expect(refused.output).not.toContain("wrong-password-xyz");
    const missing = new URL(process.env.TEST_DATABASE_URL!);
    missing.pathname = "/no_such_database_here";
    const absent = await runServerExpectingFailure({ PORT: "0", DATABASE_URL: missing.toString() });
    expect(absent.code).toBe(1);
    expect(absent.output).toContain("that database does not exist");
  });

  it("explains a database location it cannot write", async () => {
    // /proc refuses new files even to root, so this holds on any Linux machine, CI included.
    const { code, output } = await runServerExpectingFailure({ PORT: "0", DATABASE_PATH: "/proc/portal.db", DATABASE_URL: "" });
    expect(code).toBe(1);
    expect(output).toMatch(/Cannot open the database \/proc\/portal\.db for writing/);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("explains a database path whose folder cannot be created", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-nofolder-"));
    const blocker = path.join(dir, "not-a-folder");
    fs.writeFileSync(blocker, "a file where a folder should be");
    try {
      const { code, output } = await runServerExpectingFailure({ PORT: "0", DATABASE_PATH: path.join(blocker, "portal.db"), DATABASE_URL: "" });
      expect(code).toBe(1);
      expect(output).toContain("Cannot create the database folder");
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finishes cleanly on SIGTERM", async () => {
    const other = await startServer();
    const code = await other.stop("SIGTERM");
    expect(code).toBe(0);
    expect(other.output()).toContain("shut down cleanly");
  });
});
