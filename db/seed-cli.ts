// `npm run db:seed`: migrate, then add any of the plan's programmes that are missing (idempotent).
import "../app/shared/test-clock.server"; // first: a test's pinned clock, before anything reads the time
import { closeDb, getDb } from "./client";
import { migrateToLatest } from "./migrations";
import { seedProgrammes } from "./seed";

try {
  const db = getDb();
  await migrateToLatest(db, (line) => console.log(line));
  await seedProgrammes(db, { log: (line) => console.log(line) });
  await closeDb();
} catch (error) {
  console.error(`db:seed failed: ${(error as Error).message}`);
  await closeDb().catch(() => {});
  process.exit(1);
}
