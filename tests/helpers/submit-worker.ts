// Run in its own process by tests: submits one draft against DATABASE_PATH, like another app instance.
import { closeDb } from "../../db/client";
import { submitApplication } from "~/services/applications.server";

const [key, ownerId, at, startAt] = process.argv.slice(2);
// All workers fire at the same instant, so their transactions really overlap.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
try {
  const result = await submitApplication({ key: key!, ownerId: Number(ownerId), declared: true }, { now: new Date(at!) });
  console.log(JSON.stringify(result));
} catch (error) {
  console.log(JSON.stringify({ error: (error as Error).message }));
} finally {
  await closeDb();
}
