// `npm run audit:verify`: checks the audit trail's hash chain; exit 1 and the first broken row if not intact.
import "../app/shared/test-clock.server"; // first: a test's pinned clock, before anything reads the time
import { closeDb, getDb } from "./client";
import { verifyAuditChain } from "../app/modules/audit/audit.server";

try {
  const result = await verifyAuditChain(getDb());
  if (result.ok) {
    console.log(`audit chain intact: ${result.rows} row(s) verified`);
  } else {
    console.error(`audit chain BROKEN at row id ${result.brokenId}: ${result.reason}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`audit:verify failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await closeDb().catch(() => {});
}
