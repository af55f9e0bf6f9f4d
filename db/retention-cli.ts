// `npm run retention [-- --dry-run] [--batch-size N]`: deletes idle drafts and purges old documents of
// rejected or withdrawn applications (RETENTION_DOCUMENT_YEARS), each deletion audited.
import "../app/shared/test-clock.server"; // first: a test's pinned clock, before anything reads the time
import { runRetention, DRAFT_IDLE_DAYS, type RetentionReport } from "../app/modules/administration/retention.server";
import { getEnv } from "../app/shared/env.server";
import { closeDb, getDb } from "./client";

const args = process.argv.slice(2);
const dryRun = args.includes("--dry-run");
const sizeAt = args.indexOf("--batch-size");
const batchSize = sizeAt >= 0 ? Number(args[sizeAt + 1]) : 100;
const unknown = args.filter((a, i) => a !== "--dry-run" && a !== "--batch-size" && !(sizeAt >= 0 && i === sizeAt + 1));
if (unknown.length || !Number.isInteger(batchSize) || batchSize < 1) {
  console.error("Usage: npm run retention -- [--dry-run] [--batch-size N]");
  process.exit(2);
}

function show(title: string, bucket: RetentionReport["drafts"], verb: string) {
  const mb = (bucket.bytes / 1024 / 1024).toFixed(1);
  console.log(`${title}: ${bucket.applications} application(s), ${bucket.documents} document(s), ${mb} MB ${verb}`);
  for (const item of bucket.items.slice(0, 20)) console.log(`  ${item.label}: ${item.documents} document(s), ${item.bytes} bytes`);
  if (bucket.items.length > 20) console.log(`  … and ${bucket.items.length - 20} more`);
}

try {
  const env = getEnv();
  const report = await runRetention({ db: getDb(), dryRun, batchSize, documentYears: env.RETENTION_DOCUMENT_YEARS, log: (l) => console.log(l) });
  const verb = dryRun ? "would go" : "deleted";
  console.log(dryRun ? "retention dry run: nothing is deleted" : "retention run");
  show(`drafts idle ${DRAFT_IDLE_DAYS} days (since before ${report.draftCutoff})`, report.drafts, verb);
  show(
    `documents of applications rejected or withdrawn ${env.RETENTION_DOCUMENT_YEARS} year(s) ago (before ${report.documentCutoff})`,
    report.documentPurges,
    verb,
  );
  await closeDb();
} catch (error) {
  console.error(`retention failed: ${(error as Error).message}`);
  await closeDb().catch(() => {});
  process.exit(1);
}
