// `npm run db:backup -- FILE`: an online backup of the SQLite database at DATABASE_PATH while the portal serves.
import "../app/shared/test-clock.server"; // first: a test's pinned clock, before anything reads the time
import { BackupError, backupDatabase, describeSummary } from "./backup";

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error("Usage: npm run db:backup -- FILE   (copies the database at DATABASE_PATH to FILE, a new file)");
  process.exit(2);
}
if (process.env.DATABASE_URL) {
  console.error("DATABASE_URL is set: back up PostgreSQL with pg_dump or continuous archiving (see docs/backups.md).");
  process.exit(2);
}
const source = process.env.DATABASE_PATH || "data/portal.db";
try {
  const summary = await backupDatabase(source, file, { log: (line) => console.log(line) });
  console.log(`backup written to ${file}: ${describeSummary(summary)}`);
} catch (error) {
  console.error(error instanceof BackupError ? error.message : `db:backup failed: ${(error as Error).message}`);
  process.exit(1);
}
