import { getDb } from "../../db/client";
import { RATE_LIMIT_WINDOW_MS, SCOPE_LIMITS } from "./rate-limit.server";
import { deleteExpiredSessions } from "./session.server";

/**
 * Removes what can no longer matter: expired sessions (and staff sessions past 12 hours), rate-limit
 * attempts older than the window, and reset tokens a day after they expired. Run at start and hourly.
 */
export async function pruneAuthData(now = new Date()): Promise<void> {
  await deleteExpiredSessions(now);
  await getDb()
    .deleteFrom("rate_limit_events")
    // The longest window of any scope: a shorter one would forget attempts a longer limit still counts.
    .where("at", "<", new Date(now.getTime() - Math.max(RATE_LIMIT_WINDOW_MS, ...Object.values(SCOPE_LIMITS).map((l) => l.windowMs))).toISOString())
    .execute();
  await getDb()
    .deleteFrom("email_verification_tokens")
    .where("expires_at", "<", new Date(now.getTime() - 24 * 3600 * 1000).toISOString())
    .execute();
  await getDb()
    .deleteFrom("password_reset_tokens")
    .where("expires_at", "<", new Date(now.getTime() - 24 * 3600 * 1000).toISOString())
    .execute();
}
