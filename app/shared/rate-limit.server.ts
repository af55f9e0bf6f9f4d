/**
 * Brute-force limits kept in the database (so they hold across restarts and across instances that
 * share it): at most MAX counted attempts per key in a sliding window of WINDOW_MS. One row per
 * attempt; old rows are pruned as new ones arrive.
 *
 * Sign-in counts failures per account and per IP; registration and reset requests count every request
 * per IP (and reset requests per account too, so nobody is mail-bombed). A limited key says how many
 * minutes remain, and the window is short, so a real owner is never locked out for long.
 */
import { lockFor } from "../../db/dialect";
import { getDb } from "../../db/client";
import { withTransaction } from "../../db/transaction";

export const RATE_LIMIT_MAX = 10;
export const RATE_LIMIT_WINDOW_MS = 15 * 60 * 1000;

export type LimitScope =
  | "login:account"
  | "login:ip"
  | "register:ip"
  | "reset:account"
  | "reset:ip"
  /** Wrong second-factor codes (TOTP or recovery) per account. */
  | "mfa:account"
  /** Verification emails sent again, per account. */
  | "verify:account"
  /** Public recommendations, per IP. */
  | "recommend:ip"
  /** Business ownership checks against the register, per account and per IP. */
  | "ownership:account"
  | "ownership:ip";

/**
 * Scopes with their own limit: six wrong second-factor codes lock the account's second step for the
 * window (a six-digit code leaves no room for more guesses), and at most three verification emails
 * are re-sent an hour, so nobody is mail-bombed through the portal.
 */
export const SCOPE_LIMITS: Partial<Record<LimitScope, { max: number; windowMs: number }>> = {
  "mfa:account": { max: 6, windowMs: RATE_LIMIT_WINDOW_MS },
  "verify:account": { max: 3, windowMs: 60 * 60 * 1000 },
  // An owner mistypes an opening date a few times; nobody needs more to confirm their own business,
  // and trying dates or numbers one after another is exactly what the limit stops.
  "ownership:account": { max: 10, windowMs: 60 * 60 * 1000 },
  "ownership:ip": { max: 30, windowMs: 60 * 60 * 1000 },
};
const limitFor = (scope: LimitScope) => SCOPE_LIMITS[scope] ?? { max: RATE_LIMIT_MAX, windowMs: RATE_LIMIT_WINDOW_MS };
export interface LimitKey {
  scope: LimitScope;
  key: string;
}

export type LimitResult = { limited: false } | { limited: true; retryAfterMinutes: number };

type Db = ReturnType<typeof getDb>;
type Trx = Parameters<Parameters<ReturnType<Db["transaction"]>["execute"]>[0]>[0];

/** Whether any of the keys has used up its attempts; if so, when the earliest of them frees up. */
export async function checkRateLimit(keys: LimitKey[], { now = new Date() } = {}, db: Db | Trx = getDb()): Promise<LimitResult> {
  let waitMs = 0;
  for (const { scope, key } of keys) {
    const { max, windowMs } = limitFor(scope);
    const since = new Date(now.getTime() - windowMs).toISOString();
    const rows = await db
      .selectFrom("rate_limit_events")
      .select("at")
      .where("scope", "=", scope)
      .where("key", "=", key.slice(0, 300))
      .where("at", ">", since)
      .orderBy("at", "desc")
      .limit(max)
      .execute();
    if (rows.length >= max) {
      // The key frees up when the oldest of its last MAX attempts leaves the window.
      const oldest = Date.parse(rows[rows.length - 1]!.at);
      waitMs = Math.max(waitMs, oldest + windowMs - now.getTime());
    }
  }
  if (waitMs <= 0) return { limited: false };
  return { limited: true, retryAfterMinutes: Math.max(1, Math.ceil(waitMs / 60_000)) };
}

export async function recordAttempt(keys: LimitKey[], { now = new Date() } = {}): Promise<void> {
  const at = now.toISOString();
  await withTransaction(getDb(), async (trx) => {
    for (const { scope, key } of keys) {
      const prune = new Date(now.getTime() - limitFor(scope).windowMs).toISOString();
      await trx.deleteFrom("rate_limit_events").where("scope", "=", scope).where("key", "=", key.slice(0, 300)).where("at", "<=", prune).execute();
      await trx
        .insertInto("rate_limit_events")
        .values({ scope, key: key.slice(0, 300), at })
        .execute();
    }
  });
}

/** Forget an account's failures after it signs in successfully (IP failures stay). */
export async function clearAttempts(key: LimitKey): Promise<void> {
  await getDb().deleteFrom("rate_limit_events").where("scope", "=", key.scope).where("key", "=", key.key.slice(0, 300)).execute();
}

/**
 * Check and count in one transaction, so a burst of parallel requests cannot all pass the check
 * before any of them is counted. Returns the ids of the rows written, for `refundAttempt` when the
 * attempt turns out not to count (a successful sign-in).
 */
export async function consumeAttempt(
  keys: LimitKey[],
  { now = new Date() } = {},
): Promise<{ limited: false; ids: number[] } | { limited: true; retryAfterMinutes: number }> {
  const at = now.toISOString();
  return withTransaction(getDb(), async (trx) => {
    // Other processes counting the same keys wait here (PostgreSQL), so a burst across nodes
    // cannot all pass the check before any of them is counted. Sorted, so two never deadlock.
    for (const name of keys.map(({ scope, key }) => `rate:${scope}:${key.slice(0, 300)}`).sort()) await lockFor(trx, name);
    const limit = await checkRateLimit(keys, { now }, trx);
    if (limit.limited) return limit;
    const ids: number[] = [];
    for (const { scope, key } of keys) {
      const prune = new Date(now.getTime() - limitFor(scope).windowMs).toISOString();
      await trx.deleteFrom("rate_limit_events").where("scope", "=", scope).where("key", "=", key.slice(0, 300)).where("at", "<=", prune).execute();
      const row = await trx
        .insertInto("rate_limit_events")
        .values({ scope, key: key.slice(0, 300), at })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    return { limited: false as const, ids };
  });
}

export async function refundAttempt(ids: number[]): Promise<void> {
  if (ids.length) await getDb().deleteFrom("rate_limit_events").where("id", "in", ids).execute();
}
