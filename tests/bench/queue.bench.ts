import { afterAll, bench, describe } from "vitest";
import { createDatabase } from "../../db/client";
import { parseQueueFilters, type QueueFilters } from "../../app/modules/review/queue";
import { listQueue } from "../../app/modules/review/queue.server";
import { exportQueueCsv } from "../../app/modules/review/queue-export.server";
import { seedQueueDatabase, seedQueuePostgres, SEED_NOW } from "./seed-queue";

/**
 * The review queue at BENCH_APPS submitted applications (default 100,000) on BENCH_DATABASE
 * (sqlite, or postgres on the server of BENCH_DATABASE_URL / TEST_DATABASE_URL): `npm run bench --
 * --database postgres --apps 1000000`; figures in the README. Each case is one call of listQueue as
 * the page's loader makes it: the page of 25 rows and the counts per status. Page 500 starts from the
 * cursor a caseworker would hold there.
 */
const APPS = Number(process.env.BENCH_APPS || 100_000);
const ON_POSTGRES = process.env.BENCH_DATABASE === "postgres";
const label = `${APPS.toLocaleString("en")} applications, ${ON_POSTGRES ? "PostgreSQL" : "SQLite"}`;
const seeded = ON_POSTGRES
  ? await (async () => {
      const pgSeed = await seedQueuePostgres({ applications: APPS, adminUrl: (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL)! });
      return { db: createDatabase({ path: "", url: pgSeed.url, poolSize: 4 }), caseworkerIds: pgSeed.caseworkerIds, cleanup: pgSeed.cleanup };
    })()
  : await (async () => {
      const lite = await seedQueueDatabase({ applications: APPS });
      return { db: createDatabase({ path: lite.file }), caseworkerIds: lite.caseworkerIds, cleanup: async () => lite.cleanup() };
    })();
const db = seeded.db;
const me = { id: seeded.caseworkerIds[0]! };
const now = SEED_NOW;
const f = (qs: string): QueueFilters => parseQueueFilters(new URLSearchParams(qs)).filters;

/** The cursor at the start of page `page` (25 a page): one call that reads the rows before it. */
async function cursorForPage(filters: QueueFilters, page: number): Promise<string> {
  const before = await listQueue(filters, me, { db, now, pageSize: (page - 1) * 25, counts: false });
  if (!before.nextCursor) throw new Error(`the view has no page ${page}`);
  return before.nextCursor;
}

const defaultView = f("");
const everyone = f("assignee=anyone");
const filtered = f("assignee=anyone&programme=support-fund&status=submitted&region=seoul");
const page500Everyone = { ...everyone, cursor: await cursorForPage(everyone, 500) };
const page500Default = { ...defaultView, cursor: await cursorForPage(defaultView, 500) };
const byAmount = f("assignee=anyone&sort=amount");
const page500Amount = { ...byAmount, cursor: await cursorForPage(byAmount, 500) };
const searchReference = f("assignee=anyone&q=SF-2026-0012");
const searchName = f(`assignee=anyone&q=${encodeURIComponent("상호 4242 Shop")}`);
const waiting = f("assignee=anyone&waiting=30&sort=newest");

afterAll(async () => {
  await db.destroy();
  await seeded.cleanup();
});

const run = (filters: QueueFilters) => async () => {
  const page = await listQueue(filters, me, { db, now });
  if (!page.rows.length) throw new Error("empty page: the bench would measure nothing");
};

describe(`review queue, ${label}`, () => {
  bench("first page, default view (mine, then unassigned)", run(defaultView));
  bench("first page, everyone, oldest first", run(everyone));
  bench("filtered page (programme + status + region)", run(filtered));
  bench("page 500, everyone, oldest first", run(page500Everyone));
  bench("page 500, default view", run(page500Default));
  bench("page 500, by requested amount", run(page500Amount));
  bench("waiting > 30 days, newest first", run(waiting));
  bench("search: reference prefix", run(searchReference));
  bench("search: business name contains", run(searchName));
});

describe(`review queue CSV export, ${label}`, () => {
  bench(
    "every row, streamed in batches of 1,000",
    async () => {
      const reader = (await exportQueueCsv(everyone, { id: me.id, email: "bench@bench.test" }, { db, now })).getReader();
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
      }
      if (bytes < 1_000_000) throw new Error("export too small");
    },
    { iterations: 2, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
