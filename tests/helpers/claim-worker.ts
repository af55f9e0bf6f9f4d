// Run in its own process by tests: one staff member claims (or decides) against DATABASE_PATH, like another app instance.
import { closeDb } from "../../db/client";
import { decide } from "~/services/review.server";

const [ref, staffJson, intent, version, startAt] = process.argv.slice(2);
// All workers fire at the same instant, so their transactions really overlap.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
try {
  const staff = JSON.parse(staffJson!) as { id: number; email: string; role: "caseworker" | "supervisor" | "admin" };
  const result = await decide(
    intent === "claim"
      ? { ref: ref!, intent: "claim", staff }
      : { ref: ref!, intent: "reject", version: Number(version), staff, reasonCode: "other", reasonText: `by ${staff.email}` },
  );
  console.log(JSON.stringify(result));
} catch (error) {
  console.log(JSON.stringify({ error: (error as Error).message }));
} finally {
  await closeDb();
}
