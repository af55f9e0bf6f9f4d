// Run in its own process by tests: one node's outbox deliverer, running until nothing is left to
// claim, against DATABASE_PATH / DATABASE_URL and SMTP_URL. Prints {"sent":n,"failed":n}.
import { closeDb } from "../../db/client";
import { deliverOutbox } from "../../app/modules/notifications/email.server";

// A barrier, not a start time: say we are ready, then wait for the test's "go" on stdin.
console.log("ready");
await new Promise<void>((resolve) => process.stdin.once("data", () => (process.stdin.destroy(), resolve())));

let sent = 0;
let failed = 0;
try {
  for (;;) {
    const round = await deliverOutbox({ limit: 10 });
    if (process.env.OUTBOX_DEBUG) console.error(`round ${JSON.stringify(round)} at ${Date.now()}`);
    sent += round.sent;
    failed += round.failed;
    if (round.sent + round.failed === 0) break;
  }
  console.log(JSON.stringify({ sent, failed }));
} catch (error) {
  console.log(JSON.stringify({ error: (error as Error).message, sent, failed }));
} finally {
  await closeDb();
}
