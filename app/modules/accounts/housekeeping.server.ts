import { getDb } from "../../../db/client";
import { RATE_LIMIT_WINDOW_MS, SCOPE_LIMITS } from "~/shared/rate-limit.server";
import { deleteExpiredSessions } from "./session.server";

/**
 * Removes what can no longer matter: expired sessions (and staff sessions past 12 hours), rate-limit
 * attempts older than the window, and reset tokens a day after they expired. Run at start and hourly.
 */
export async function pruneAuthData(now = new Date()): Promise<void> {
  await deleteExpiredSessions(now);
  // Each scope keeps its attempts for its own window; a shorter one would forget what a longer limit counts.
  const special = Object.entries(SCOPE_LIMITS);
  await getDb()
    .deleteFrom("rate_limit_events")
    .where("at", "<", new Date(now.getTime() - RATE_LIMIT_WINDOW_MS).toISOString())
    .where(
      "scope",
      "not in",
      special.map(([scope]) => scope),
    )
    .execute();
  for (const [scope, limit] of special) {
    await getDb()
      .deleteFrom("rate_limit_events")
      .where("scope", "=", scope)
      .where("at", "<", new Date(now.getTime() - limit!.windowMs).toISOString())
      .execute();
  }
  await getDb()
    .deleteFrom("email_verification_tokens")
    .where("expires_at", "<", new Date(now.getTime() - 24 * 3600 * 1000).toISOString())
    .execute();
  await getDb()
    .deleteFrom("password_reset_tokens")
    .where("expires_at", "<", new Date(now.getTime() - 24 * 3600 * 1000).toISOString())
    .execute();
}
