import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../db/client";
import type { Database } from "../../db/schema";
import { parseQueueFilters } from "../../app/modules/review/queue";
import { exportQueueCsv } from "../../app/modules/review/queue-export.server";
import { seedQueueDatabase, SEED_NOW, type SeededQueue } from "../bench/seed-queue";
import { addSession } from "../helpers/accounts";
import { onPostgres } from "../helpers/db";
import { startServer, type RunningServer } from "../helpers/server";

/**
 * Long work never holds the thread: a CSV export of 100,000 applications yields to the event loop
 * between batches, so other requests keep being answered while it runs.
 */
let seeded: SeededQueue;
let db: Kysely<Database>;

beforeAll(async () => {
  if (onPostgres) return;
  seeded = await seedQueueDatabase({ applications: 100_000 });
  db = createDatabase({ path: seeded.file });
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  seeded?.cleanup();
});

async function drain(stream: ReadableStream<Uint8Array>): Promise<{ bytes: number; lines: number }> {
  const reader = stream.getReader();
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes, lines };
    bytes += value.byteLength;
    for (const b of value) if (b === 10) lines++;
  }
}

describe.skipIf(onPostgres)("CSV export of 100,000 rows and the event loop", () => {
  it("keeps event-loop delay low while the export runs (in process)", async () => {
    const staff = { id: seeded.caseworkerIds[0]!, email: "cw@bench.test" };
    const filters = parseQueueFilters(new URLSearchParams("assignee=anyone")).filters;
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    // A timer that should fire every 10 ms: its worst lateness is what a waiting request would feel.
    // Wall-clock lateness also counts the time the OS gave our process no core (the machine is shared),
    // so the test holds the CPU time spent between two turns of the timer: work that did not yield.
    let worstLateness = 0;
    let worstCpuSlice = 0;
    let expected = performance.now() + 10;
    let cpu = process.cpuUsage();
    let turns = 0;
    const probe = setInterval(() => {
      turns++;
      const t = performance.now();
      worstLateness = Math.max(worstLateness, t - expected);
      expected = t + 10;
      const used = process.cpuUsage(cpu);
      worstCpuSlice = Math.max(worstCpuSlice, (used.user + used.system) / 1000);
      cpu = process.cpuUsage();
    }, 10);
    histogram.enable();
    const started = performance.now();
    const { lines } = await drain(await exportQueueCsv(filters, staff, { db, now: SEED_NOW }));
    const took = performance.now() - started;
    // The stretch since the timer last ran counts too (without yielding, the timer never runs at all).
    const tail = process.cpuUsage(cpu);
    worstCpuSlice = Math.max(worstCpuSlice, (tail.user + tail.system) / 1000);
    histogram.disable();
    clearInterval(probe);
    const p99 = histogram.percentile(99) / 1e6;
    const max = histogram.max / 1e6;
    console.log(
      `export of ${lines - 1} rows took ${took.toFixed(0)} ms; event-loop delay p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms; worst timer lateness ${worstLateness.toFixed(1)} ms; longest CPU slice without yielding ${worstCpuSlice.toFixed(1)} ms`,
    );
    expect(lines).toBe(100_001); // header + every row
    expect(turns).toBeGreaterThan(10);
    expect(worstCpuSlice).toBeLessThan(100);
  }, 60_000);

  describe("over HTTP", () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ DATABASE_PATH: seeded.file, LOG_REQUESTS: "0" });
    }, 30_000);
    afterAll(async () => {
      await server?.stop();
    });

    it("answers pages while a caseworker downloads the export (and the export adds little to them)", async () => {
      const { cookie } = await addSession(db, seeded.caseworkerIds[0]!);
      const page = async () => {
        const t = performance.now();
        const res = await fetch(`${server.url}/programmes`, { headers: { "Accept-Language": "en" } });
        await res.text();
        expect(res.status).toBe(200);
        return performance.now() - t;
      };
      await page(); // warm
      const quiet = [await page(), await page(), await page(), await page(), await page()];

      const exportStarted = performance.now();
      const download = fetch(`${server.url}/admin/applications/export.csv?assignee=anyone`, {
        headers: { Cookie: cookie, "Accept-Language": "en" },
      }).then(async (res) => {
        expect(res.status).toBe(200);
        return { ...(await drain(res.body!)), ms: performance.now() - exportStarted };
      });
      let finished = false;
      void download.finally(() => (finished = true));
      await new Promise((r) => setTimeout(r, 150)); // the export is under way
      const during: number[] = [];
      let answeredDuring = 0;
      while (!finished && during.length < 20) {
        during.push(await page());
        if (!finished) answeredDuring++;
        await new Promise((r) => setTimeout(r, 50));
      }
      const result = await download;
      console.log(
        `export over HTTP: ${result.lines - 1} rows, ${(result.bytes / 1e6).toFixed(1)} MB in ${result.ms.toFixed(0)} ms; /programmes quiet ${quiet.map((m) => m.toFixed(0)).join("/")} ms, during export ${during.map((m) => m.toFixed(0)).join("/")} ms`,
      );
      expect(result.lines).toBe(100_001);
      expect(during.length).toBeGreaterThanOrEqual(3);
      // The precise bound (100 ms) is the in-process test above, on CPU time. Over HTTP the wall clock
      // of this shared machine is noisy (the same page takes 40–500 ms with no export at all), so this
      // test holds what blocking would break: pages are answered while the export streams (each one
      // before it ends), and the median page during it stays far below the export's own duration.
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      expect(answeredDuring).toBeGreaterThanOrEqual(3);
      expect(median(during)).toBeLessThan(Math.max(1_000, median(quiet) * 3));
    }, 60_000);
  });
});
