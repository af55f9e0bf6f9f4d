import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabase, openSqlite } from "../../db/client";
import { migrateToLatest } from "../../db/migrations";
import { seedProgrammes } from "../../db/seed";
import { recountCounters } from "../../app/modules/statistics/counters.server";

/**
 * A temp SQLite file holding `applications` submitted applications (default 100,000) with their
 * owners, businesses and 20 caseworkers: prepared statements in one transaction per 50,000 rows
 * (a few seconds per 100,000). Decided applications get a decision time and an award; then the
 * counters are built with db:recount's own code (recountCounters). Deterministic (seeded PRNG), so
 * runs compare.
 */
export const SEED_NOW = new Date("2026-11-26T03:00:00Z");
const STATUSES: [string, number][] = [
  ["submitted", 0.3],
  ["under_review", 0.2],
  ["info_requested", 0.1],
  ["approved", 0.15],
  ["rejected", 0.15],
  ["withdrawn", 0.05],
  ["paid", 0.05],
];
const REGIONS = [
  "seoul",
  "busan",
  "daegu",
  "incheon",
  "gwangju",
  "daejeon",
  "ulsan",
  "sejong",
  "gyeonggi",
  "gangwon",
  "chungbuk",
  "chungnam",
  "jeonbuk",
  "jeonnam",
  "gyeongbuk",
  "gyeongnam",
  "jeju",
];
const SECTORS = ["food_service", "retail", "personal_services", "wholesale", "manufacturing", "construction", "transport", "other_services"];

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface SeededQueue {
  file: string;
  dir: string;
  caseworkerIds: number[];
  cleanup: () => void;
}

export async function seedQueueDatabase({ applications = 100_000, counters = true, log = (_line: string) => {} } = {}): Promise<SeededQueue> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
  const file = path.join(dir, "portal.db");
  const kdb = createDatabase({ path: file });
  await migrateToLatest(kdb);
  await seedProgrammes(kdb, { now: SEED_NOW });
  await kdb.destroy();

  const sqlite = openSqlite(file);
  const random = prng(20261126);
  const stamp = SEED_NOW.toISOString();
  const programmes = sqlite.prepare("select id, ref_prefix from programmes order by id").all() as { id: number; ref_prefix: string }[];
  const insertUser = sqlite.prepare(
    "insert into users (email, password_hash, role, created_at, updated_at, password_changed_at) values (?, 'x', ?, ?, ?, ?)",
  );
  const insertBusiness = sqlite.prepare(
    "insert into businesses (owner_id, trade_name, registration_number, representative_name, phone, address, region, sector, employees, opened_on, created_at, updated_at) values (?, ?, ?, 'Kim', '010-0000-0000', 'Seoul', ?, ?, 3, '2018-01-01', ?, ?)",
  );
  const insertApplication = sqlite.prepare(
    "insert into applications (public_id, reference, programme_id, business_id, owner_id, status, requested_amount_krw, submitted_at, created_at, updated_at, assigned_to, decided_at, award_amount_krw) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const caseworkerIds: number[] = [];
  const perBusiness = programmes.length - 1;
  const sequence = new Map<string, number>();
  sqlite.pragma("synchronous = OFF");
  sqlite.transaction(() => {
    for (let i = 0; i < 20; i++) {
      caseworkerIds.push(Number(insertUser.run(`caseworker${i}@bench.test`, "caseworker", stamp, stamp, stamp).lastInsertRowid));
    }
  })();
  let made = 0;
  let b = 0;
  // One transaction per ~50,000 applications: bulk speed without one huge journal.
  const batch = sqlite.transaction((limit: number) => {
    for (; made < limit; b++) {
      const ownerId = Number(insertUser.run(`owner${b}@bench.test`, "owner", stamp, stamp, stamp).lastInsertRowid);
      const region = REGIONS[Math.floor(random() * REGIONS.length)]!;
      const sector = SECTORS[Math.floor(random() * SECTORS.length)]!;
      const registration = String(1_000_000_000 + b);
      const businessId = Number(insertBusiness.run(ownerId, `상호 ${b} Shop`, registration, region, sector, stamp, stamp).lastInsertRowid);
      // One application per programme at most (the one-active-per-business index).
      for (let k = 0; k < perBusiness && made < limit; k++, made++) {
        const programme = programmes[(b + k) % programmes.length]!;
        let roll = random();
        let status = "submitted";
        for (const [s, share] of STATUSES) {
          if (roll < share) {
            status = s;
            break;
          }
          roll -= share;
        }
        const submitted = new Date(SEED_NOW.getTime() - Math.floor(random() * 365 * 86_400_000)).toISOString();
        const assigned =
          status === "submitted" ? (random() < 0.1 ? caseworkerIds[Math.floor(random() * 20)]! : null) : caseworkerIds[Math.floor(random() * 20)]!;
        const amount = random() < 0.2 ? null : Math.round(random() * 200) * 100_000;
        const decided = status === "approved" || status === "rejected" || status === "paid";
        const decidedAt = decided
          ? new Date(Math.min(SEED_NOW.getTime(), Date.parse(submitted) + Math.floor(random() * 40 * 86_400_000))).toISOString()
          : null;
        const award = status === "approved" || status === "paid" ? (amount === null ? null : Math.round(amount * 0.8)) : null;
        const year = submitted.slice(0, 4);
        const seqKey = `${programme.ref_prefix}-${year}`;
        const n = (sequence.get(seqKey) ?? 0) + 1;
        sequence.set(seqKey, n);
        insertApplication.run(
          `bench${String(made).padStart(11, "0")}`,
          `${seqKey}-${String(n).padStart(6, "0")}`,
          programme.id,
          businessId,
          ownerId,
          status,
          amount,
          submitted,
          submitted,
          submitted,
          assigned,
          decidedAt,
          award,
        );
      }
    }
  });
  while (made < applications) {
    batch(Math.min(applications, made + 50_000));
    log(`seed: ${made.toLocaleString("en")} applications`);
  }
  sqlite.pragma("synchronous = NORMAL");
  sqlite.close();
  if (counters) {
    const kdb2 = createDatabase({ path: file });
    await recountCounters(kdb2, { sliceSize: 20_000, onProgress: (done) => done % 200_000 < 20_000 && log(`recount: ${done.toLocaleString("en")}`) });
    await kdb2.destroy();
  }
  return { file, dir, caseworkerIds, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The same shape of data on PostgreSQL, generated by the server itself (generate_series and a hash
 * for the pseudo-random choices): a million applications in well under a minute. A fresh database
 * named after the run, cloned from nothing, on the server of `adminUrl`.
 */
export async function seedQueuePostgres({
  applications = 100_000,
  adminUrl,
  counters = true,
  log = (_line: string) => {},
}: {
  applications?: number;
  adminUrl: string;
  counters?: boolean;
  log?: (line: string) => void;
}) {
  const { default: pg } = await import("pg");
  const name = `portal_bench_${process.pid}_${Date.now()}`;
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const kdb = createDatabase({ path: "", url: url.toString(), poolSize: 2 });
  await migrateToLatest(kdb);
  await seedProgrammes(kdb, { now: SEED_NOW });
  await kdb.destroy();

  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  const stamp = SEED_NOW.toISOString();
  const programmes = (await c.query("select id, ref_prefix from programmes order by id")).rows as { id: number; ref_prefix: string }[];
  const perBusiness = programmes.length - 1;
  const businesses = Math.ceil(applications / perBusiness);
  const regions = `array[${REGIONS.map((r) => `'${r}'`).join(",")}]`;
  const sectors = `array[${SECTORS.map((s) => `'${s}'`).join(",")}]`;
  const ids = `array[${programmes.map((p) => p.id).join(",")}]`;
  const prefixes = `array[${programmes.map((p) => `'${p.ref_prefix}'`).join(",")}]`;
  // Share of each status, as cumulative percentages of a hash: the same mix as the SQLite seeder.
  const statusCase = `case when h1 < 30 then 'submitted' when h1 < 50 then 'under_review' when h1 < 60 then 'info_requested'
    when h1 < 75 then 'approved' when h1 < 90 then 'rejected' when h1 < 95 then 'withdrawn' else 'paid' end`;
  await c.query("begin");
  await c.query(
    `insert into users (email, password_hash, role, created_at, updated_at, password_changed_at)
     select 'caseworker' || i || '@bench.test', 'x', 'caseworker', $1, $1, $1 from generate_series(0, 19) i order by i`,
    [stamp],
  );
  const first = (await c.query("select min(id) as id from users where role = 'caseworker'")).rows[0].id as number;
  await c.query(
    `insert into users (email, password_hash, role, created_at, updated_at, password_changed_at)
     select 'owner' || b || '@bench.test', 'x', 'owner', $1, $1, $1 from generate_series(0, $2::int - 1) b order by b`,
    [stamp, businesses],
  );
  await c.query(
    `insert into businesses (owner_id, trade_name, registration_number, representative_name, phone, address, region, sector, employees, opened_on, created_at, updated_at)
     select $2::int + 20 + b, '상호 ' || b || ' Shop', (1000000000 + b)::text, 'Kim', '010-0000-0000', 'Seoul',
            (${regions})[1 + (hashint4(b) & 2147483647) % ${REGIONS.length}], (${sectors})[1 + (hashint4(b + 7) & 2147483647) % ${SECTORS.length}],
            3, '2018-01-01', $1, $1
     from generate_series(0, $3::int - 1) b order by b`,
    [stamp, first, businesses],
  );
  const firstBusiness = (await c.query("select min(id) as id from businesses")).rows[0].id as number;
  await c.query(
    `with made as (
       select m, m / ${perBusiness} as b, m % ${perBusiness} as k,
              (hashint4(m) & 2147483647) % 100 as h1,
              (hashint4(m + 1000003) & 2147483647) % (365 * 86400) as age,
              (hashint4(m + 2000003) & 2147483647) % 100 as h2,
              (hashint4(m + 3000017) & 2147483647) % 201 as h3
       from generate_series(0, $1::int - 1) m
     ), shaped as (
       select m, b, 1 + (b + k) % ${programmes.length} as p, ${statusCase} as status, h2, h3,
              to_char(($2::timestamptz - make_interval(secs => age)) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as submitted
       from made
     ), numbered as (
       select *, row_number() over (partition by p, substr(submitted, 1, 4) order by m) as n from shaped
     )
     insert into applications (public_id, reference, programme_id, business_id, owner_id, status, requested_amount_krw, submitted_at, created_at, updated_at, assigned_to)
     select 'bench' || lpad(m::text, 11, '0'),
            (${prefixes})[p] || '-' || substr(submitted, 1, 4) || '-' || lpad(n::text, 6, '0'),
            (${ids})[p], $3::int + b, $4::int + 20 + b, status,
            case when h2 < 20 then null else h3 * 100000 end,
            submitted, submitted, submitted,
            case when status = 'submitted' and h2 >= 10 then null else $4::int + (h3 % 20) end
     from numbered order by m`,
    [applications, stamp, firstBusiness, first],
  );
  await c.query(
    `insert into reference_sequences (prefix, year, last_value)
     select split_part(reference, '-', 1), split_part(reference, '-', 2)::int, count(*) from applications group by 1, 2`,
  );
  await c.query("commit");
  await c.query("analyze");
  await c.end();
  if (counters) {
    // The rows were written around the state machine: build the counters as db:recount does.
    const kdb2 = createDatabase({ path: "", url: url.toString(), poolSize: 2 });
    await recountCounters(kdb2, { sliceSize: 20_000, onProgress: (done) => done % 200_000 < 20_000 && log(`recount: ${done.toLocaleString("en")}`) });
    await kdb2.destroy();
  }
  const caseworkerIds = Array.from({ length: 20 }, (_, i) => first + i);
  return {
    url: url.toString(),
    caseworkerIds,
    // An autovacuum worker (a superuser process) may still be on the fresh database; a role that may
    // only create databases cannot end it, so a failed drop is reported rather than failing the bench.
    cleanup: () =>
      admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((error: Error) =>
        console.warn(`bench: could not drop ${name} (${error.message}); drop it as the postgres user`),
      ),
  };
}
