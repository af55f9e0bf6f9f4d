import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { addSession, addUser, client, cookieFrom, serverDb } from "../helpers/accounts";
import { restrictedRestaurantForm } from "../helpers/facts";
import { confirmOwnershipFixture, pdfBytes, registrationNumber } from "../helpers/fixtures";
import { onPostgres } from "../helpers/pg-admin";
import { startServer, type RunningServer } from "../helpers/server";

/**
 * Launch-day observability over real HTTP against the built server: /metrics behind its token,
 * metric families that move, request ids, JSON log lines, and no personal data in either.
 */
const TOKEN = "metrics-token-for-tests-0123456789";
const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

type LogLine = Record<string, unknown>;
function logLines(server: RunningServer): LogLine[] {
  return server
    .output()
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LogLine);
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

/** The value of one sample of the exposition text, 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

let server: RunningServer; // METRICS_TOKEN set, TRUST_PROXY off
let db: Kysely<Database>;
let http: ReturnType<typeof client>;
const scrape = async () => {
  const res = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
};

beforeAll(async () => {
  server = await startServer({ METRICS_TOKEN: TOKEN, TRUST_PROXY: "0" });
  db = serverDb(server);
  http = client(server);
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

describe("/metrics", () => {
  it("answers a scrape without the token, or with a wrong one, with 401 and nothing else", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { Authorization: "Bearer wrong-token-of-some-length" },
      { Authorization: `Basic ${TOKEN}` },
      { Authorization: `Bearer ${TOKEN}x` },
    ]) {
      const res = await fetch(`${server.url}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await res.text()).toBe("");
    }
  });

  it("has every family the runbook names", async () => {
    const text = await scrape();
    for (const family of [
      "portal_http_requests_total",
      "portal_http_request_duration_seconds",
      "portal_http_requests_in_flight",
      "nodejs_eventloop_lag_p99_seconds",
      "nodejs_heap_size_used_bytes",
      "process_resident_memory_bytes",
      "portal_db_pool_connections",
      "portal_db_transaction_retries_total",
      "portal_db_slow_queries_total",
      "portal_admission_total",
      "portal_admission_current",
      "portal_queue_backlog",
      "portal_queue_oldest_age_seconds",
      "portal_applications_submitted_total",
      "portal_applications_auto_approved_total",
      "portal_payments_released_total",
    ]) {
      expect(text, family).toContain(`# TYPE ${family} `);
    }
    expect(text).toContain('portal_queue_backlog{queue="email"}');
    expect(text).toContain('portal_applications_submitted_total{programme="support-fund"} 0');
    // The pool exists on PostgreSQL only; SQLite has one connection and no pool.
    if (onPostgres) expect(text).toMatch(/portal_db_pool_connections\{state="in_use"\} \d+/);
    else expect(text).not.toContain("portal_db_pool_connections{");
  });

  it("counts requests by route pattern and status, never by raw URL", async () => {
    const notFound = 'portal_http_requests_total{route="unmatched",method="GET",status="404"}';
    const programme = 'portal_http_requests_total{route="/programmes/:slug",method="GET",status="200"}';
    const before = await scrape();
    expect((await http.get("/no/such/page/at-all")).status).toBe(404);
    expect((await http.get("/another-missing-page")).status).toBe(404);
    expect((await http.get("/programmes/support-fund")).status).toBe(200);
    await settle();
    const after = await scrape();
    expect(sample(after, notFound) - sample(before, notFound)).toBe(2);
    expect(sample(after, programme) - sample(before, programme)).toBe(1);
    expect(after).toMatch(/portal_http_request_duration_seconds_bucket\{le="\+Inf",route="\/programmes\/:slug",method="GET",status="200"\} \d+/);
    expect(after).not.toContain("/no/such/page");
    expect(after).not.toContain("another-missing-page");
    expect(after).not.toContain('route="/programmes/support-fund"');
  });
});

describe("request ids", () => {
  it("gives every response one, shows it on error pages, and logs it", async () => {
    const res = await http.get("/does-not-exist", { headers: { "Accept-Language": "ko" } });
    const id = res.headers.get("x-request-id")!;
    expect(id).toMatch(ID_PATTERN);
    const html = await res.text();
    expect(html).toContain("고객센터에 문의하실 때 이 번호를 알려 주세요:");
    expect(html).toContain(`<strong id="request-id">${id}</strong>`);
    const en = await http.get("/does-not-exist");
    expect(await en.text()).toContain(
      `If you call the helpline, quote this number:<!-- --> <strong id="request-id">${en.headers.get("x-request-id")}</strong>`,
    );
    await settle();
    const line = logLines(server).find((l) => l.reqId === id && l.msg === "request");
    expect(line).toMatchObject({ route: "unmatched", method: "GET", status: 404, path: "/does-not-exist" });
  });

  it("replaces an id forged by a client it does not trust", async () => {
    const res = await http.get("/programmes", { headers: { "X-Request-Id": "forged-by-client" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toMatch(ID_PATTERN);
    await settle();
    expect(server.output()).not.toContain("forged-by-client");
    expect(logLines(server).find((l) => l.reqId === res.headers.get("x-request-id"))).toMatchObject({ reqIdRefused: true });
  });
});

describe("request ids behind a trusted proxy, a separate metrics port and slow-query lines", () => {
  let proxied: RunningServer;
  beforeAll(async () => {
    proxied = await startServer({ TRUST_PROXY: "1", METRICS_PORT: "0", SLOW_QUERY_MS: "0", SLOW_REQUEST_MS: "0" });
  });
  afterAll(async () => {
    await proxied?.stop();
  });

  it("honours a sane id from the proxy and refuses a 10,000-character one", async () => {
    const sane = await fetch(`${proxied.url}/programmes`, { headers: { "X-Request-Id": "lb-2f9c.0a_7" } });
    expect(sane.headers.get("x-request-id")).toBe("lb-2f9c.0a_7");
    const huge = await fetch(`${proxied.url}/programmes`, { headers: { "X-Request-Id": "a".repeat(10_000) } });
    expect(huge.status).toBe(200);
    expect(huge.headers.get("x-request-id")).toMatch(ID_PATTERN);
    const odd = await fetch(`${proxied.url}/programmes`, { headers: { "X-Request-Id": "two words" } });
    expect(odd.headers.get("x-request-id")).toMatch(ID_PATTERN);
    await settle();
    expect(proxied.output()).not.toContain("a".repeat(200));
    expect(logLines(proxied).find((l) => l.reqId === "lb-2f9c.0a_7" && l.msg === "request")).toMatchObject({ route: "/programmes", status: 200 });
  });

  it("writes one JSON line per request with the fields, a slow-request warning and slow queries with their route and SQL shape", async () => {
    await fetch(`${proxied.url}/programmes/support-fund?utm=secret-query`, { headers: { "X-Request-Id": "trace-slow-1" } });
    await settle();
    const lines = logLines(proxied).filter((l) => l.reqId === "trace-slow-1");
    const request = lines.find((l) => l.msg === "request")!;
    expect(Object.keys(request).sort()).toEqual(
      ["durationMs", "hostname", "level", "method", "msg", "path", "pid", "reqId", "route", "status", "time"].sort(),
    );
    expect(request).toMatchObject({ level: "info", route: "/programmes/:slug", method: "GET", status: 200, path: "/programmes/support-fund" });
    expect(new Date(request.time as string).toISOString()).toBe(request.time);
    expect(typeof request.durationMs).toBe("number");
    expect(lines.find((l) => l.msg === "slow request")).toMatchObject({ level: "warn", route: "/programmes/:slug" });
    const queries = lines.filter((l) => l.msg === "slow query");
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      expect(q).toMatchObject({ level: "warn", route: "/programmes/:slug" });
      // The shape, never the values: the slug is a bound parameter.
      expect(q.sql).not.toContain("support-fund");
    }
    // Placeholders: ? on SQLite, $1 on PostgreSQL.
    expect(queries.some((q) => /from "programmes"/.test(q.sql as string) && /\?|\$1/.test(q.sql as string))).toBe(true);
    expect(proxied.output()).not.toContain("secret-query");
  });

  it("serves /metrics only on METRICS_PORT", async () => {
    expect((await fetch(`${proxied.url}/metrics`)).status).toBe(404);
    const url = proxied
      .output()
      .match(/metrics on (http:\/\/localhost:\d+\/metrics)/)![1]!
      .replace("localhost", "127.0.0.1");
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain('portal_http_requests_total{route="/programmes",method="GET",status="200"}');
    expect((await fetch(url.replace("/metrics", "/"))).status).toBe(404);
  });
});

describe("no token and no metrics port; a failing database", () => {
  let plain: RunningServer;
  let plainDb: Kysely<Database>;
  beforeAll(async () => {
    plain = await startServer({ LOG_REQUESTS: "0" });
    plainDb = serverDb(plain);
  });
  afterAll(async () => {
    await plainDb?.destroy();
    await plain?.stop();
  });

  it("has no /metrics at all", async () => {
    const res = await fetch(`${plain.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("portal_http_requests_total");
  });

  it("shows the request number on a 500, even when the root loader itself failed, and logs the error under it", async () => {
    const owner = await addUser(plainDb, "failing.owner@test.example", "owner");
    const { cookie } = await addSession(plainDb, owner.id);
    // The signed-in owner's root loader counts unread notifications: take the table away.
    await sql`alter table notifications rename to notifications_gone`.execute(plainDb);
    const res = await client(plain).get("/programmes", { cookie });
    expect(res.status).toBe(500);
    const id = res.headers.get("x-request-id")!;
    expect(id).toMatch(ID_PATTERN);
    const html = await res.text();
    expect(html).toContain("Sorry, there is a problem with the service");
    expect(html).toContain(`<strong id="request-id">${id}</strong>`);
    await settle();
    const error = logLines(plain).find((l) => l.reqId === id && l.level === "error");
    expect(error).toMatchObject({ msg: "error in a loader or action" });
    expect((error!.err as { message: string }).message).toMatch(/notifications/);
    expect(plain.output()).not.toContain("failing.owner@test.example");
  });
});

describe("personal data", () => {
  it("never reaches the log or /metrics: email, password, reset token, business number", async () => {
    const email = "privacy.owner@test.example";
    const password = "correct horse battery staple 42";
    const digits = registrationNumber(4242);
    const hyphenated = `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;

    expect((await http.post("/register", { email, password, confirmPassword: password, consent: "yes" })).status).toBe(302);
    const signIn = await http.post("/login", { email, password });
    expect(signIn.status).toBe(302);
    const cookie = cookieFrom(signIn)!;
    // Submitting needs a verified email: open the link the registration mailed (from the outbox).
    const verifyMail = await db.selectFrom("outbox").select("body_text").where("to_address", "=", email).orderBy("id", "desc").execute();
    const verifyPath = verifyMail.map((m) => m.body_text.match(/\/verify-email\/[A-Za-z0-9_-]+/)?.[0]).find(Boolean)!;
    expect(verifyPath).toBeTruthy();
    expect([200, 302, 303]).toContain((await http.get(verifyPath, { cookie })).status);
    const added = await http.post(
      "/account/businesses/new",
      {
        tradeName: "Privacy Kitchen",
        registrationNumber: hyphenated,
        representativeName: "Kim",
        phone: "010-1234-5678",
        address: "1 Sejong-daero",
        region: "seoul",
        sector: "food_service",
        employees: "3",
        openedOn: "2019-05-01",
      },
      { cookie },
    );
    expect(added.status).toBe(302);
    const business = await db.selectFrom("businesses").select(["id", "owner_id"]).where("registration_number", "=", digits).executeTakeFirstOrThrow();
    // As if the owner had verified and proven the business theirs (the ownership tests do it through the provider).
    await confirmOwnershipFixture(db, business.owner_id, business.id);

    const before = sample(await scrape(), 'portal_applications_submitted_total{programme="support-fund"}');
    const start = await http.post(
      "/applications/new?programme=support-fund",
      { programme: "support-fund", businessId: String(business.id) },
      { cookie },
    );
    expect(start.status).toBe(302);
    const draft = start.headers.get("location")!.split("/").pop()!.split("?")[0]!;
    expect((await http.post(`/applications/${draft}/facts`, Object.fromEntries(restrictedRestaurantForm()), { cookie })).status).toBe(302);
    expect(
      (
        await http.post(
          `/applications/${draft}/account`,
          { intent: "save", bankCode: "004", accountNumber: "123-456-789012", holderName: "Kim Minji" },
          { cookie },
        )
      ).status,
    ).toBe(302);
    const form = new FormData();
    form.set("requirementCode", "business-registration");
    form.set("file", new Blob([Buffer.from(pdfBytes())], { type: "application/pdf" }), "registration.pdf");
    const upload = await fetch(`${server.url}/applications/${draft}/documents`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, Cookie: cookie },
      body: form,
    });
    expect(upload.status).toBe(302);
    const submit = await http.post(`/applications/${draft}/check`, { declaration: "yes" }, { cookie });
    expect(submit.status).toBe(302);
    const reference = submit.headers.get("location")!.split("/")[2]!;

    // A signed-in request is logged with a hash of the user id, not the person.
    await http.get("/applications", { cookie });
    expect((await http.post("/login", { email, password: "not the password at all" })).status).toBe(400);
    expect((await http.post("/forgot-password", { email })).status).toBe(200);
    const mail = await db.selectFrom("outbox").select("body_text").where("to_address", "=", email).orderBy("id", "desc").executeTakeFirstOrThrow();
    const token = mail.body_text.match(/\/reset-password\/([A-Za-z0-9_-]{43})/)![1]!;
    expect((await http.get(`/reset-password/${token}`)).status).toBe(200);
    await settle();

    const metrics = await scrape();
    expect(sample(metrics, 'portal_applications_submitted_total{programme="support-fund"}') - before).toBe(1);
    const output = server.output();
    for (const secret of [email, password, token, verifyPath.split("/").pop()!, digits, hyphenated, reference, "privacy.owner"]) {
      expect(output, `log contains ${secret}`).not.toContain(secret);
      expect(metrics, `metrics contain ${secret}`).not.toContain(secret);
    }
    const lines = logLines(server);
    const signedIn = lines.find((l) => l.msg === "request" && l.path === "/applications" && l.userHash);
    expect(signedIn?.userHash).toMatch(/^[0-9a-f]{16}$/);
    expect(lines.find((l) => l.msg === "request" && typeof l.path === "string" && l.path.startsWith("/reset-password/"))?.path).toBe(
      "/reset-password/[redacted]",
    );
  });
});
