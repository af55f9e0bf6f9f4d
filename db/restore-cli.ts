// `npm run db:restore -- FILE`: puts a backup in place of the database at DATABASE_PATH; the portal must be stopped.
import "../app/shared/test-clock.server"; // first: a test's pinned clock, before anything reads the time
import { BackupError, describeSummary, restoreDatabase } from "./backup";

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error("Usage: npm run db:restore -- FILE   (replaces the database at DATABASE_PATH with the backup FILE; stop the portal first)");
  process.exit(2);
}
if (process.env.DATABASE_URL) {
  console.error("DATABASE_URL is set: restore PostgreSQL with pg_restore or point-in-time recovery (see docs/backups.md).");
  process.exit(2);
}
const target = process.env.DATABASE_PATH || "data/portal.db";
try {
  const { summary, previous } = await restoreDatabase(file, target);
  console.log(`restored ${file} to ${target}: ${describeSummary(summary)}`);
  if (previous) console.log(`the database it replaced is kept as ${previous}`);
} catch (error) {
  console.error(error instanceof BackupError ? error.message : `db:restore failed: ${(error as Error).message}`);
  process.exit(1);
}
