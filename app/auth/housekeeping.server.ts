import { getDb } from "../../db/client";
import { RATE_LIMIT_WINDOW_MS } from "./rate-limit.server";
import { deleteExpiredSessions } from "./session.server";

/**
 * Removes what can no longer matter: expired sessions (and staff sessions past 12 hours), rate-limit
 * attempts older than the window, and reset tokens a day after they expired. Run at start and hourly.
 */
export async function pruneAuthData(now = new Date()): Promise<void> {
  await deleteExpiredSessions(now);
  await getDb()
    .deleteFrom("rate_limit_events")
    .where("at", "<", new Date(now.getTime() - RATE_LIMIT_WINDOW_MS).toISOString())
    .execute();
  await getDb()
    .deleteFrom("password_reset_tokens")
    .where("expires_at", "<", new Date(now.getTime() - 24 * 3600 * 1000).toISOString())
    .execute();
}
