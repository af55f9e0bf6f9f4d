import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import type { ApplicationStatusColumn, Database } from "../../db/schema";
import { recountCounters } from "../../app/modules/statistics/counters.server";
import { getStatistics, statisticsCsv } from "../../app/modules/statistics/statistics.server";
import { serverDb } from "../helpers/accounts";
import { createBusiness, createUser, seedCatalogue } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../helpers/server";

const stamp = "2026-11-20T01:00:00Z";
let serial = 0;

/** Applications written directly (then counted by db:recount's logic), `n` of a status in a region. */
async function seed(db: Kysely<Database>, slug: string, rows: [ApplicationStatusColumn, string, number][]) {
  await seedCatalogue(db);
  const programme = await db.selectFrom("programmes").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
  const owner = await createUser(db);
  for (const [status, region, n] of rows) {
    for (let i = 0; i < n; i++) {
      const business = await createBusiness(db, owner.id, { region, sector: "retail" });
      await db
        .insertInto("applications")
        .values({
          public_id: `s${String(++serial).padStart(12, "0")}${process.pid}`.slice(0, 16),
          programme_id: programme.id,
          business_id: business,
          owner_id: owner.id,
          status,
          requested_amount_krw: 2_000_000,
          award_amount_krw: ["approved", "paid"].includes(status) ? 1_000_000 : null,
          submitted_at: status === "draft" ? null : stamp,
          decided_at: ["approved", "paid", "rejected"].includes(status) ? stamp : null,
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();
    }
  }
  await recountCounters(db);
}

describe("public statistics from the counters", () => {
  it("counts applications, approvals and payments and suppresses cells under 5", async () => {
    const db = getDb();
    await seed(db, "support-fund", [
      ["submitted", "seoul", 3],
      ["approved", "seoul", 2],
      ["paid", "seoul", 5],
      ["rejected", "jeju", 2],
      ["draft", "busan", 7],
    ]);
    const stats = await getStatistics({ db });
    const fund = stats.find((p) => p.slug === "support-fund")!;
    expect(fund.total).toEqual({ applications: 12, approvals: 7, paid: 5, approvedKrw: 7_000_000, paidKrw: 5_000_000 });
    const seoul = fund.byRegion.find((r) => r.region === "seoul")!;
    expect(seoul).toMatchObject({ applications: 10, approvals: 7, paid: 5 });
    // Jeju has 2 applications: withheld, approvals (0) too; drafts are not applications.
    expect(fund.byRegion.find((r) => r.region === "jeju")).toEqual({
      region: "jeju",
      applications: null,
      approvals: null,
      paid: null,
      approvedKrw: null,
      paidKrw: null,
    });
    expect(fund.byRegion.find((r) => r.region === "busan")).toBeUndefined();
    const csv = statisticsCsv(stats);
    expect(csv.startsWith("\ufeffprogramme,")).toBe(true);
    expect(csv).toContain("support-fund,Small Business Support Fund,");
    expect(csv).toMatch(/,region,jeju,,,,,,/);
  });
});

describe("/statistics over HTTP", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    const db = serverDb(server);
    await seed(db, "smart-store", [["submitted", "daegu", 6]]);
    await db.destroy();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("serves the page in both languages without JavaScript, and CSV and JSON", async () => {
    const en = await fetch(`${server.url}/statistics`, { headers: { "Accept-Language": "en" } });
    expect(en.status).toBe(200);
    const html = await en.text();
    expect(html).toContain("Statistics");
    expect(html).toContain("Daegu");
    expect(html).toMatch(/<table/);
    const ko = await (await fetch(`${server.url}/statistics`, { headers: { "Accept-Language": "ko" } })).text();
    expect(ko).toContain("통계");
    const csv = await fetch(`${server.url}/statistics.csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toContain("smart-store");
    const json = (await (await fetch(`${server.url}/statistics.json`)).json()) as {
      suppressedBelow: number;
      programmes: { slug: string; total: { applications: number } }[];
    };
    expect(json.suppressedBelow).toBe(5);
    expect(json.programmes.find((p) => p.slug === "smart-store")!.total.applications).toBe(6);
  });
});
