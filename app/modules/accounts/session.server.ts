/**
 * Sessions. The only module (besides the CSRF check) that imports lucia: lucia v3 is in maintenance,
 * so everything else talks to the small API below and a replacement touches this file alone.
 *
 * lucia gives us random session ids, database-backed validation, 30-day sliding expiry and the cookie.
 * Our Kysely adapter stores sessions in `auth_session`, so they can be listed and revoked. lucia has one
 * expiry for everybody and extends a session only after half its life, which cannot say "staff: 30
 * minutes idle, 12 hours in all" (ASVS 3.3.2); `created_at` and `last_seen_at` on each session let us
 * enforce that here, on top of lucia's own check.
 */
import { STAFF_ROLES } from "~/modules/accounts/roles";
import crypto from "node:crypto";
import { Cookie, Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { getDb } from "../../../db/client";
import { isStaff, type Role } from "~/modules/accounts/roles";
import { getEnv } from "~/shared/env.server";

export const OWNER_SESSION_DAYS = 30;
export const STAFF_IDLE_MS = 30 * 60 * 1000;
export const STAFF_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** A session that has proved the password only has this long to give its second factor (or enrol). */
export const MFA_PENDING_MS = 10 * 60 * 1000;
/** last_seen_at is written at most this often, so a page with many requests costs one write. */
const TOUCH_EVERY_MS = 60 * 1000;

const iso = (d: Date) => d.toISOString();

/**
 * The database keeps the SHA-256 of each session id, never the id itself: a leaked backup or a
 * read-only SQL injection does not hand out live sessions. The cookie carries the id.
 */
export function sessionRowId(sessionId: string): string {
  return crypto.createHash("sha256").update(sessionId).digest("hex");
}

/** lucia's storage, on our typed Kysely database (ids hashed at this boundary). */
export const kyselyAdapter: Adapter = {
  async getSessionAndUser(sessionId) {
    const row = await getDb()
      .selectFrom("auth_session as s")
      .innerJoin("users as u", "u.id", "s.user_id")
      .select(["s.id", "s.user_id", "s.expires_at", "s.created_at", "s.last_seen_at", "s.mfa_pending", "u.email", "u.role", "u.must_change_password"])
      .where("s.id", "=", sessionRowId(sessionId))
      // A deactivated account's sessions are deleted when it is deactivated; this makes sure a
      // cookie stops working even if one was missed (or made in the same instant).
      .where("u.deactivated_at", "is", null)
      .executeTakeFirst();
    if (!row) return [null, null];
    const session: DatabaseSession = {
      // lucia hands this id back to us and to the cookie: the browser's id, not the stored hash.
      id: sessionId,
      userId: row.user_id,
      expiresAt: new Date(row.expires_at),
      attributes: { created_at: row.created_at, last_seen_at: row.last_seen_at, mfa_pending: row.mfa_pending },
    };
    const user: DatabaseUser = {
      id: row.user_id,
      attributes: { email: row.email, role: row.role, must_change_password: row.must_change_password },
    };
    return [session, user];
  },
  async getUserSessions(userId) {
    const rows = await getDb()
      .selectFrom("auth_session")
      .select(["id", "user_id", "expires_at", "created_at", "last_seen_at", "mfa_pending"])
      .where("user_id", "=", userId)
      .execute();
    // Only the hashes are known here; callers use these to count, never to build a cookie.
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      expiresAt: new Date(r.expires_at),
      attributes: { created_at: r.created_at, last_seen_at: r.last_seen_at, mfa_pending: r.mfa_pending },
    }));
  },
  async setSession(session) {
    await getDb()
      .insertInto("auth_session")
      .values({
        id: sessionRowId(session.id),
        user_id: session.userId,
        expires_at: iso(session.expiresAt),
        created_at: session.attributes.created_at,
        last_seen_at: session.attributes.last_seen_at,
        mfa_pending: session.attributes.mfa_pending,
      })
      .execute();
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    await getDb()
      .updateTable("auth_session")
      .set({ expires_at: iso(expiresAt) })
      .where("id", "=", sessionRowId(sessionId))
      .execute();
  },
  async deleteSession(sessionId) {
    await getDb().deleteFrom("auth_session").where("id", "=", sessionRowId(sessionId)).execute();
  },
  async deleteUserSessions(userId) {
    await getDb().deleteFrom("auth_session").where("user_id", "=", userId).execute();
  },
  async deleteExpiredSessions() {
    await getDb().deleteFrom("auth_session").where("expires_at", "<=", iso(new Date())).execute();
  },
};

function createLucia() {
  const secure = getEnv().PORTAL_ENV === "production";
  return new Lucia(kyselyAdapter, {
    sessionExpiresIn: new TimeSpan(OWNER_SESSION_DAYS, "d"),
    sessionCookie: {
      // __Host- makes the browser refuse the cookie unless it is Secure, Path=/ and host-only.
      name: secure ? "__Host-portal_session" : "portal_session",
      attributes: { secure, sameSite: "lax", path: "/" },
    },
    getSessionAttributes: (a) => ({ createdAt: a.created_at, lastSeenAt: a.last_seen_at, mfaPending: a.mfa_pending === 1 }),
    getUserAttributes: (a) => ({ email: a.email, role: a.role, mustChangePassword: a.must_change_password === 1 }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: number;
    DatabaseSessionAttributes: { created_at: string; last_seen_at: string; mfa_pending: number };
    DatabaseUserAttributes: { email: string; role: Role; must_change_password: number };
  }
}

let lucia: ReturnType<typeof createLucia> | undefined;
function getLucia() {
  lucia ??= createLucia();
  return lucia;
}

export interface AuthUser {
  id: number;
  email: string;
  role: Role;
  /** An administrator set a one-time password: staff pages ask for a new one first (guards). */
  mustChangePassword?: boolean;
}
export interface AuthSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
}
export interface Auth {
  user: AuthUser;
  session: AuthSession;
}

/**
 * A session that has proved the password but still owes its second factor (or, for staff who must
 * have one, its enrolment). It is not an Auth: no guard lets it in anywhere; only the two-factor
 * pages read it, and sign-out ends it.
 */
export interface PendingMfa {
  user: { id: number; email: string; role: Role };
  sessionId: string;
}

export function sessionCookieName(): string {
  return getLucia().sessionCookieName;
}

/**
 * Staff get a browser-session cookie (gone when the browser closes); owners get lucia's 30-day one.
 * Either way the database decides: the cookie only carries the id.
 */
function cookieFor(sessionId: string, role: Role): string {
  const cookie = getLucia().createSessionCookie(sessionId);
  if (!isStaff(role)) return cookie.serialize();
  const { maxAge: _maxAge, expires: _expires, ...attributes } = cookie.attributes;
  return new Cookie(cookie.name, cookie.value, attributes).serialize();
}

export function blankSessionCookie(): string {
  return getLucia().createBlankSessionCookie().serialize();
}

/**
 * A brand-new session (new random id: never one the browser brought) and its Set-Cookie value.
 * `mfaPending`: the person proved the password only and must still pass (or set up) a second factor.
 */
export async function createSession(user: { id: number; role: Role }, { now = new Date(), mfaPending = false } = {}) {
  const session = await getLucia().createSession(user.id, { created_at: iso(now), last_seen_at: iso(now), mfa_pending: mfaPending ? 1 : 0 });
  return { sessionId: session.id, cookie: cookieFor(session.id, user.role) };
}

/**
 * The second factor passed: the half-way session ends and a full one with a new id takes its place
 * (ASVS 3.2.1: a new session token on authentication), so an id seen before the code is worthless.
 */
export async function completeMfaSession(pending: PendingMfa, { now = new Date() } = {}) {
  await getLucia().invalidateSession(pending.sessionId);
  return createSession(pending.user, { now });
}

export type SessionEnd = "none" | "unknown" | "idle" | "absolute";

/**
 * Validates a session id: lucia's check (exists, user exists, not expired; slides owners' expiry),
 * then ours for staff (30 minutes idle, 12 hours in all). `now` is injectable for tests.
 * Returns the auth, and a Set-Cookie value when the browser's cookie must change.
 */
export async function validateSession(
  sessionId: string | null,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ auth: Auth | null; setCookie?: string; ended?: SessionEnd; pendingMfa?: PendingMfa }> {
  if (!sessionId) return { auth: null, ended: "none" };
  // lucia ids are lower-case base32; anything else is not worth a query.
  if (!/^[a-z0-9]{20,64}$/.test(sessionId)) return { auth: null, setCookie: blankSessionCookie(), ended: "unknown" };
  const l = getLucia();
  const { session, user } = await l.validateSession(sessionId);
  if (!session || !user) return { auth: null, setCookie: blankSessionCookie(), ended: "unknown" };

  const nowMs = now.getTime();
  if (session.mfaPending) {
    if (nowMs - Date.parse(session.createdAt) > MFA_PENDING_MS) {
      await l.invalidateSession(session.id);
      return { auth: null, setCookie: blankSessionCookie(), ended: "idle" };
    }
    return { auth: null, pendingMfa: { user: { id: user.id, email: user.email, role: user.role }, sessionId: session.id } };
  }
  if (isStaff(user.role)) {
    const idle = nowMs - Date.parse(session.lastSeenAt) > STAFF_IDLE_MS;
    const absolute = nowMs - Date.parse(session.createdAt) > STAFF_ABSOLUTE_MS;
    if (idle || absolute) {
      await l.invalidateSession(session.id);
      return { auth: null, setCookie: blankSessionCookie(), ended: absolute ? "absolute" : "idle" };
    }
  }
  let lastSeenAt = session.lastSeenAt;
  if (nowMs - Date.parse(lastSeenAt) > TOUCH_EVERY_MS) {
    lastSeenAt = iso(now);
    await getDb().updateTable("auth_session").set({ last_seen_at: lastSeenAt }).where("id", "=", sessionRowId(session.id)).execute();
  }
  return {
    auth: {
      user: { id: user.id, email: user.email, role: user.role, ...(user.mustChangePassword ? { mustChangePassword: true } : {}) },
      session: { id: session.id, createdAt: session.createdAt, lastSeenAt },
    },
    // lucia moved an owner's expiry forward: give the browser the new Max-Age too.
    setCookie: session.fresh ? cookieFor(session.id, user.role) : undefined,
  };
}

/** Reads our cookie from a Cookie header and validates it. */
export async function authenticate(cookieHeader: string | undefined, options: { now?: Date } = {}) {
  const id = cookieHeader ? getLucia().readSessionCookie(cookieHeader) : null;
  return validateSession(id, options);
}

export async function invalidateSession(sessionId: string): Promise<void> {
  await getLucia().invalidateSession(sessionId);
}

/** Signs the user out everywhere (password reset, account compromise). */
export async function invalidateUserSessions(userId: number): Promise<void> {
  await getLucia().invalidateUserSessions(userId);
}

/** Signs the user out of every session but this one. */
export async function invalidateOtherSessions(userId: number, keepSessionId: string): Promise<number> {
  const result = await getDb()
    .deleteFrom("auth_session")
    .where("user_id", "=", userId)
    .where("id", "!=", sessionRowId(keepSessionId))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countUserSessions(userId: number): Promise<number> {
  return (await getLucia().getUserSessions(userId)).length;
}

/** Housekeeping: expired owner sessions and staff sessions past their 12 hours. */
export async function deleteExpiredSessions(now = new Date()): Promise<void> {
  await getLucia().deleteExpiredSessions();
  const staffCutoff = iso(new Date(now.getTime() - STAFF_ABSOLUTE_MS));
  await getDb()
    .deleteFrom("auth_session")
    .where("created_at", "<", staffCutoff)
    .where("user_id", "in", (eb) => eb.selectFrom("users").select("users.id").where("users.role", "in", STAFF_ROLES))
    .execute();
}
