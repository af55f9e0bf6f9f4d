import { sql, type Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../db/client";
import { startsWith, containsText } from "../../db/dialect";
import { adminUrl, databaseUrl, dropDatabaseNamed, uniqueName } from "../helpers/pg-admin";

/**
 * Prefix searches (references, registration numbers, emails) must be right whatever collation the
 * operator's database was created with. A Korean ICU collation sorts text linguistically (case and
 * some punctuation weigh less), where a plain range comparison finds the wrong rows.
 */
describe("prefix and contains search on a database with a Korean ICU collation", () => {
  const name = uniqueName("portal_icu");
  let db: Kysely<any>;

  beforeAll(async () => {
    const c = new pg.Client({ connectionString: adminUrl() });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE "${name}" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'ko-KR' LOCALE 'C.UTF-8'`);
    } finally {
      await c.end();
    }
    db = createDatabase({ path: "", url: databaseUrl(name), poolSize: 2 });
    await sql`create table refs (r varchar(40) not null)`.execute(db);
    await sql`create index refs_r_c on refs (r collate "C")`.execute(db);
    const values = [
      "SF-2026-000009",
      "SF-2026-000010",
      "SF-2026-000011",
      "SF-2026-000100",
      "sf-2026-000012",
      "SF2026-000013",
      "SF-2027-000001",
      "SF-2026",
      "SFX",
      "사업-2026",
      "Demo Kimchi House",
      "DEMO KIMCHI 2",
    ];
    for (const r of values) await sql`insert into refs (r) values (${r})`.execute(db);
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    await dropDatabaseNamed(name);
  });

  const find = async (where: ReturnType<typeof startsWith>) =>
    (await db.selectFrom("refs").select("r").where(where).execute()).map((x: { r: string }) => x.r).sort();

  it("finds exactly the texts that start with the prefix, byte for byte", async () => {
    expect(await find(startsWith(db, "r", "SF-2026-00001"))).toEqual(["SF-2026-000010", "SF-2026-000011"]);
    expect(await find(startsWith(db, "r", "SF-2026"))).toEqual(["SF-2026", "SF-2026-000009", "SF-2026-000010", "SF-2026-000011", "SF-2026-000100"]);
    expect(await find(startsWith(db, "r", "사업"))).toEqual(["사업-2026"]);
  });

  it("where a plain range in the database's collation would not", async () => {
    // The naive form the queue used before: linguistic order puts other rows inside the range.
    const naive = (await sql<{ r: string }>`select r from refs where r >= ${"SF-2026-00001"} and r < ${"SF-2026-00001\uffff"}`.execute(db)).rows
      .map((x) => x.r)
      .sort();
    expect(naive).not.toEqual(["SF-2026-000010", "SF-2026-000011"]);
  });

  it("matches a business name anywhere in it, ignoring the case of Latin letters", async () => {
    const rows = await db
      .selectFrom("refs")
      .select("r")
      .where(containsText(db, "r", "kimchi"))
      .execute();
    expect(rows.map((x: { r: string }) => x.r).sort()).toEqual(["DEMO KIMCHI 2", "Demo Kimchi House"]);
    const none = await db
      .selectFrom("refs")
      .select("r")
      .where(containsText(db, "r", "%"))
      .execute();
    expect(none).toEqual([]);
  });
});
