// Run in its own process by tests: one supervisor builds or releases a payment batch against
// DATABASE_PATH, like another app instance, so the transactions of several really overlap.
import { closeDb } from "../../db/client";
import { installClockFromEnv } from "../../app/shared/clock";
import { buildBatch, releaseBatch } from "../../app/modules/payments/payments.server";

// The harness's pinned clock, as every server the tests start uses it.
installClockFromEnv({ ...process.env, PORTAL_ENV: "test" });
const [op, argsJson, startAt] = process.argv.slice(2);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
try {
  const args = JSON.parse(argsJson!);
  const result = op === "build" ? await buildBatch(args) : await releaseBatch(args);
  console.log(JSON.stringify(result));
} catch (error) {
  console.log(JSON.stringify({ error: (error as Error).message }));
} finally {
  await closeDb();
}
