import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSession, addUser, client } from "../helpers/accounts";
import { adminUrl } from "../helpers/pg-admin";
import { registrationNumber } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../helpers/server";

/**
 * The database going away under a serving portal. A real restart of the shared test cluster would
 * break the other test files running beside this one, so the outage is made for this server's
 * database alone: its connections are cut (as a restart does, SQLSTATE 57P01) and new ones refused
 * until it is "back". docs/deploy.md describes the same behaviour for a whole-cluster restart.
 */
async function admin(sql: string) {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

function databaseName(server: RunningServer) {
  return new URL(server.databaseEnv.DATABASE_URL!).pathname.slice(1);
}

describe("the database goes away and comes back", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ LOG_REQUESTS: "0" });
  }, 30_000);
  afterAll(async () => {
    await admin(`ALTER DATABASE "${databaseName(server)}" ALLOW_CONNECTIONS true`).catch(() => {});
    await server?.stop();
  });

  it("answers 503 with a friendly page while it is away, stays up, and serves again once it is back; nothing acknowledged is lost", async () => {
    const http = client(server);
    const db = server.openDb();
    const owner = await addUser(db, "outage-owner@test.example", "owner");
    const { cookie } = await addSession(db, owner.id);
    await db.destroy();
    // Acknowledged before the outage: a business saved (302).
    const saved = await http.post(
      "/account/businesses/new",
      {
        tradeName: "Outage Noodles",
        registrationNumber: registrationNumber(4242),
        representativeName: "Lee Outage",
        phone: "010-2222-3333",
        address: "2 Sejong-daero",
        region: "seoul",
        sector: "food_service",
        employees: "2",
        openedOn: "2019-01-01",
      },
      { cookie },
    );
    expect([302, 303]).toContain(saved.status);
    expect((await http.get("/healthz")).status).toBe(200);

    const name = databaseName(server);
    await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    await admin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid() AND usename = current_user`,
    );

    const page = await http.get("/programmes");
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toMatch(/^\d+$/);
    const html = await page.text();
    expect(html).toContain("잠시 후 다시 시도해 주세요");
    expect(html).toContain("Please try again shortly");
    // The helpline number of this request, as on every error page.
    expect(html).toContain(`<strong id="request-id">${page.headers.get("x-request-id")}</strong>`);
    expect((await http.get("/healthz")).status).toBe(503);
    const signedIn = await http.get("/account/businesses", { cookie });
    expect(signedIn.status).toBe(503);

    await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      health = (await http.get("/healthz")).status;
      if (health !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health).toBe(200);
    expect((await http.get("/programmes")).status).toBe(200);
    const list = await http.get("/account/businesses", { cookie });
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("Outage Noodles");
    expect(server.output()).not.toMatch(/server exited|Unhandled|uncaught/i);
  }, 60_000);
});

describe("an exhausted pool", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ LOG_REQUESTS: "0", DATABASE_POOL_SIZE: "1", DATABASE_POOL_TIMEOUT_MS: "300" });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("waits a bounded time for a connection, then answers 503 — never hangs", async () => {
    const http = client(server);
    expect((await http.get("/programmes")).status).toBe(200);
    // Hold a lock the catalogue needs, so the node's only connection is stuck behind it.
    const blocker = new pg.Client({ connectionString: server.databaseEnv.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE programmes IN ACCESS EXCLUSIVE MODE");
      const stuck = http.get("/programmes");
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      const waiting = await http.get("/healthz");
      expect(waiting.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(3_000);
      await blocker.query("ROLLBACK");
      expect((await stuck).status).toBe(200);
    } finally {
      await blocker.end();
    }
    expect((await http.get("/programmes")).status).toBe(200);
  }, 30_000);
});
