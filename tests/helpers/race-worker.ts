// Run in its own process by tests/helpers/race.ts: one app instance doing one thing against
// DATABASE_PATH. It opens the database, says "ready", and waits at the barrier (a line on stdin)
// so that every worker's transaction starts at the same moment, whatever each one's start-up took.
import readline from "node:readline";
import { closeDb, getDb } from "../../db/client";
import { submitApplication, withdrawApplication } from "../../app/modules/applications/applications.server";
import { decide, type Staff } from "../../app/modules/review/review.server";

export type RaceJob =
  | { op: "claim"; ref: string; staff: Staff }
  | { op: "reject"; ref: string; staff: Staff; version: number }
  | { op: "approve"; ref: string; staff: Staff; version: number; awardKrw: number }
  | { op: "submit"; key: string; ownerId: number; at: string }
  | { op: "withdraw"; key: string; ownerId: number; reason: string };

const job = JSON.parse(process.argv[2]!) as RaceJob;
const lines = readline.createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.once("line", () => resolve()));

function run(job: RaceJob) {
  switch (job.op) {
    case "claim":
      return decide({ ref: job.ref, intent: "claim", staff: job.staff });
    case "reject":
      return decide({
        ref: job.ref,
        intent: "reject",
        version: job.version,
        staff: job.staff,
        reasonCode: "other",
        reasonText: `by ${job.staff.email}`,
      });
    case "approve":
      return decide({ ref: job.ref, intent: "approve", version: job.version, staff: job.staff, awardKrw: job.awardKrw });
    case "submit":
      return submitApplication({ key: job.key, ownerId: job.ownerId, declared: true }, { now: new Date(job.at) });
    case "withdraw":
      return withdrawApplication({ key: job.key, ownerId: job.ownerId, reason: job.reason });
  }
}

try {
  // Open the database and load everything before the barrier, so only the work itself races.
  await getDb().selectFrom("applications").select("id").limit(1).execute();
  console.log("ready");
  await go;
  console.log(JSON.stringify(await run(job)));
} catch (error) {
  console.log(JSON.stringify({ error: (error as Error).message }));
} finally {
  lines.close();
  await closeDb();
}
