import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { addSession, addUser, client, serverDb } from "../helpers/accounts";
import { startServer, type RunningServer } from "../helpers/server";

/** The queue over HTTP: who may see it, garbage in the address, the CSV download. */
let server: RunningServer;
let db: Kysely<Database>;
let http: ReturnType<typeof client>;
let caseworker: string;
let owner: string;

beforeAll(async () => {
  server = await startServer({ LOG_REQUESTS: "0" });
  db = serverDb(server);
  http = client(server);
  const cw = await addUser(db, `queue-cw-${process.pid}@test.example`, "caseworker");
  const ow = await addUser(db, `queue-owner-${process.pid}@test.example`, "owner");
  caseworker = (await addSession(db, cw.id)).cookie;
  owner = (await addSession(db, ow.id)).cookie;
  // One submitted application whose business name is a spreadsheet formula.
  const stamp = new Date(Date.now() - 20 * 86_400_000).toISOString();
  const business = await db
    .insertInto("businesses")
    .values({
      owner_id: ow.id,
      trade_name: '=HYPERLINK("http://evil.example","Click")',
      registration_number: "1234567891",
      representative_name: "Kim",
      phone: "010-0000-0000",
      address: "Seoul",
      region: "seoul",
      sector: "retail",
      employees: 2,
      opened_on: "2019-01-01",
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const programme = await db.selectFrom("programmes").select("id").where("slug", "=", "support-fund").executeTakeFirstOrThrow();
  await db
    .insertInto("applications")
    .values({
      public_id: "httpqueue0000001",
      reference: "SF-2026-900001",
      programme_id: programme.id,
      business_id: business.id,
      owner_id: ow.id,
      status: "submitted",
      requested_amount_krw: 2_000_000,
      submitted_at: stamp,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
});

afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

describe("the review queue over HTTP", () => {
  it("is not there for owners (404) and sends anonymous visitors to sign in", async () => {
    expect((await http.get("/admin/applications", { cookie: owner })).status).toBe(404);
    expect((await http.get("/admin/applications/export.csv", { cookie: owner })).status).toBe(404);
    const anonymous = await http.get("/admin/applications");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("shows the queue to a caseworker with the application, its SLA flag and a CSV link", async () => {
    const res = await http.get("/admin/applications", { cookie: caseworker });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("SF-2026-900001");
    expect(html).toContain('href="/admin/applications/SF-2026-900001"');
    expect(html).toContain("Over 14 days");
    expect(html).toContain("/admin/applications/export.csv");
  });

  it("names garbage filter values and ignores them instead of failing", async () => {
    const res = await http.get(
      "/admin/applications?status=banana&waiting=-3&from=2026-02-30&assignee=%3Cscript%3E&sort=sideways&cursor=!!!&programme=nope&region=atlantis",
      { cookie: caseworker },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("have been ignored");
    for (const name of ["status", "waiting longer than", "submitted from", "assigned to", "sort order", "page", "programme", "region"])
      expect(html).toContain(name);
    expect(html).not.toContain("<script>");
  });

  it("downloads the filtered queue as CSV: BOM, headers, formula defused", async () => {
    const res = await http.get("/admin/applications/export.csv?assignee=anyone&q=SF-2026-9", { cookie: caseworker });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="applications-\d{8}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("SF-2026-900001");
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    const audit = await db.selectFrom("audit_log").select(["action", "actor_label"]).where("action", "=", "queue.export").execute();
    expect(audit).toEqual([{ action: "queue.export", actor_label: `queue-cw-${process.pid}@test.example` }]);
  });
});
