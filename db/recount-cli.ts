// `npm run db:recount`: rebuild the counters (app/modules/statistics/counters.server.ts) from the applications,
// in slices, logging progress. Safe to run while the portal serves: see recountCounters.
import "../app/shared/test-clock.server"; // first: a test's pinned clock, before anything reads the time
import { closeDb, getDb } from "./client";
import { migrateToLatest } from "./migrations";
import { recountCounters } from "../app/modules/statistics/counters.server";

try {
  const db = getDb();
  await migrateToLatest(db);
  const started = Date.now();
  const total = await recountCounters(db, {
    onProgress: (done) => {
      if (done % 100_000 < 5_000) console.log(`db:recount: ${done.toLocaleString("en")} applications`);
    },
  });
  console.log(`db:recount: ${total.toLocaleString("en")} applications counted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await closeDb();
} catch (error) {
  console.error(`db:recount failed: ${(error as Error).message}`);
  await closeDb().catch(() => {});
  process.exit(1);
}
