import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { migrateToLatest, migrations } from "../../db/migrations";
import { prepareDatabase } from "../../db/prepare";
import { seedProgrammes } from "../../db/seed";
import { PROGRAMME_SEEDS } from "../../db/seed-programmes";
import { freshDatabase, onPostgres } from "../helpers/db";
import { ROOT } from "../helpers/server";
import { getProgramme, listProgrammes } from "../../app/modules/catalogue/programmes.server";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe("migrations", () => {
  it("registers every file in migrations/ and nothing else", () => {
    const files = fs
      .readdirSync(path.join(ROOT, "migrations"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(migrations).sort()).toEqual(files);
  });

  it("apply to a brand-new database, and a second run does nothing", async () => {
    const fresh = await freshDatabase({ migrated: false });
    cleanups.push(fresh.cleanup);
    const lines: string[] = [];
    await migrateToLatest(fresh.db, (l) => lines.push(l));
    expect(lines.some((l) => /programmes: Success/.test(l))).toBe(true);
    const tables = await fresh.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toContain("programmes");

    const again: string[] = [];
    await migrateToLatest(fresh.db, (l) => again.push(l));
    expect(again).toEqual(["migrations: database already up to date"]);
  });

  it.skipIf(onPostgres)("open SQLite with WAL, foreign keys and a busy timeout", async () => {
    const fresh = await freshDatabase();
    cleanups.push(fresh.cleanup);
    const pragma = async (name: string) => Object.values((await sql.raw(`PRAGMA ${name}`).execute(fresh.db)).rows[0] as object)[0];
    expect(await pragma("journal_mode")).toBe("wal");
    expect(await pragma("foreign_keys")).toBe(1);
    expect(await pragma("busy_timeout")).toBe(5000);
  });
});

describe("seeding", () => {
  const now = new Date("2026-11-26T03:00:00Z");

  it("adds the plan's five programmes, open from today for a year, money as integers", async () => {
    const fresh = await freshDatabase();
    cleanups.push(fresh.cleanup);
    await seedProgrammes(fresh.db, { now });
    const rows = await fresh.db.selectFrom("programmes").selectAll().orderBy("sort_order").execute();
    expect(rows.map((r) => r.slug)).toEqual(PROGRAMME_SEEDS.map((p) => p.slug));
    const fund = rows.find((r) => r.slug === "support-fund")!;
    expect(fund.budget_krw).toBe(4_100_000_000_000);
    expect(Number.isInteger(fund.budget_krw)).toBe(true);
    expect(fund.opens_on).toBe("2026-11-26");
    expect(fund.closes_on).toBe("2027-11-26");
    expect(rows.find((r) => r.slug === "smart-store")!.capacity).toBe(20_000);
    expect(rows.find((r) => r.slug === "tax-legal-advice")!.capacity).toBe(4_000);
  });

  it("is idempotent: a second run changes nothing, not even a supervisor's edit", async () => {
    const fresh = await freshDatabase();
    cleanups.push(fresh.cleanup);
    await seedProgrammes(fresh.db, { now });
    await fresh.db.updateTable("programmes").set({ name_en: "Edited" }).where("slug", "=", "rent-loan").execute();
    const before = await fresh.db.selectFrom("programmes").selectAll().orderBy("id").execute();
    const result = await seedProgrammes(fresh.db, { now: new Date("2027-03-01T00:00:00Z") });
    const after = await fresh.db.selectFrom("programmes").selectAll().orderBy("id").execute();
    expect(result.inserted).toBe(0);
    expect(after).toEqual(before);
  });

  it("start-up preparation seeds only an empty database", async () => {
    const fresh = await freshDatabase({ migrated: false });
    cleanups.push(fresh.cleanup);
    await prepareDatabase(fresh.db, { demo: false, now });
    await fresh.db.deleteFrom("programmes").where("slug", "=", "smart-supermarket").execute();
    await prepareDatabase(fresh.db, { demo: false, now });
    const count = await fresh.db.selectFrom("programmes").select(fresh.db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(4);
  });
});

describe("catalogue service", () => {
  it("lists the seeded programmes in order with their window state, and hides unpublished ones", async () => {
    const db = getDb();
    await seedProgrammes(db, { now: new Date("2026-11-26T03:00:00Z") });
    await db.updateTable("programmes").set({ status: "draft" }).where("slug", "=", "smart-supermarket").execute();

    const list = await listProgrammes({ now: new Date("2026-12-01T03:00:00Z") });
    expect(list.map((p) => p.slug)).toEqual(["support-fund", "rent-loan", "tax-legal-advice", "smart-store"]);
    expect(list.every((p) => p.window === "open")).toBe(true);

    const late = await listProgrammes({ now: new Date("2027-11-20T03:00:00Z") });
    expect(late[0]!.window).toBe("closing_soon");
    const after = await listProgrammes({ now: new Date("2027-11-27T03:00:00Z") });
    expect(after[0]!.window).toBe("closed");
  });

  it("returns one programme with its rules parsed, and null for an unknown or unpublished slug", async () => {
    const programme = await getProgramme("rent-loan");
    expect(programme?.rules.support).toMatchObject({ kind: "loan", maxKrw: 10_000_000 });
    expect(programme?.documents.map((d) => d.code)).toEqual(["business-registration", "lease-contract"]);
    expect(await getProgramme("no-such-programme")).toBeNull();
    expect(await getProgramme("smart-supermarket")).toBeNull();
  });
});
