// `npm run db:migrate`: bring the database at DATABASE_PATH (or DATABASE_URL) to the latest schema.
import "../app/shared/test-clock.server"; // first: a test's pinned clock, before anything reads the time
import { closeDb, getDb } from "./client";
import { migrateToLatest } from "./migrations";

try {
  await migrateToLatest(getDb(), (line) => console.log(line));
  await closeDb();
} catch (error) {
  console.error(`db:migrate failed: ${(error as Error).message}`);
  await closeDb().catch(() => {});
  process.exit(1);
}
