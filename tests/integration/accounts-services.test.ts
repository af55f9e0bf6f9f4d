import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { prepareDatabase } from "../../db/prepare";
import { DEMO_ACCOUNTS } from "../../db/seed-demo";
import { freshDatabase } from "../helpers/db";
import { confirmOwnershipFixture } from "../helpers/fixtures";
import { pruneAuthData } from "../../app/modules/accounts/housekeeping.server";
import { hashPassword, verifyPassword } from "../../app/modules/accounts/password.server";
import { checkRateLimit, recordAttempt, RATE_LIMIT_MAX } from "../../app/shared/rate-limit.server";
import {
  authenticate,
  createSession,
  sessionRowId,
  STAFF_ABSOLUTE_MS,
  STAFF_IDLE_MS,
  validateSession,
} from "../../app/modules/accounts/session.server";
import { businessProfileSchema } from "../../app/modules/businesses/business-profile";
import type { Role } from "../../app/modules/accounts/roles";
import { createBusiness, getBusiness, listBusinesses, updateBusiness } from "../../app/modules/businesses/businesses.server";
import { readOutbox } from "../../app/modules/notifications/email.server";
import { isResetTokenUsable, requestPasswordReset, resetPassword } from "../../app/modules/accounts/password-reset.server";
import { changePassword, createStaff, registerOwner, signIn } from "../../app/modules/accounts/users.server";

const PASSWORD = "a long enough passphrase";
let sharedHash: string | undefined;
let counter = 0;

/** A user straight into the database (one Argon2 hash for the whole file). */
async function makeUser(role: Role = "owner", email = `user${++counter}@test.example`) {
  sharedHash ??= await hashPassword(PASSWORD);
  const stamp = new Date().toISOString();
  const row = await getDb()
    .insertInto("users")
    .values({ email, password_hash: sharedHash, role, created_at: stamp, updated_at: stamp, password_changed_at: stamp, email_verified_at: stamp })
    .returning(["id", "email", "role"])
    .executeTakeFirstOrThrow();
  return row;
}

const minutes = (m: number) => m * 60 * 1000;

describe("passwords", () => {
  it("are hashed with Argon2id at OWASP's parameters and verified", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapler")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
});

describe("sessions", () => {
  it("validate from the database and end when deleted", async () => {
    const user = await makeUser();
    const { sessionId, cookie } = await createSession(user);
    expect(cookie).toMatch(/^portal_session=[a-z0-9]+; HttpOnly; Max-Age=2592000; Path=\/; SameSite=Lax$/);
    // Only the hash of the id is stored.
    const stored = await getDb().selectFrom("auth_session").select("id").where("user_id", "=", user.id).execute();
    expect(stored).toEqual([{ id: sessionRowId(sessionId) }]);
    expect(stored[0]!.id).not.toBe(sessionId);
    const { auth } = await authenticate(`other=1; ${cookie.split(";")[0]}`);
    expect(auth?.user).toEqual({ id: user.id, email: user.email, role: "owner" });
    await getDb().deleteFrom("auth_session").where("id", "=", sessionRowId(sessionId)).execute();
    expect((await validateSession(sessionId)).auth).toBeNull();
  });

  it("get a new random id at every sign-in", async () => {
    const user = await makeUser();
    const a = await createSession(user);
    const b = await createSession(user);
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(a.sessionId).toMatch(/^[a-z0-9]{40}$/);
  });

  it("refuse garbage ids without a query and tell the browser to forget them", async () => {
    const result = await validateSession("../../etc/passwd");
    expect(result.auth).toBeNull();
    expect(result.setCookie).toMatch(/^portal_session=; .*Max-Age=0/);
  });

  it("end a staff session after 30 idle minutes (fake clock)", async () => {
    const staff = await makeUser("caseworker");
    const t0 = new Date();
    const { sessionId, cookie } = await createSession(staff, { now: t0 });
    expect(cookie).not.toContain("Max-Age"); // a browser-session cookie for staff
    // Active at 29 minutes: still valid, and the activity is recorded.
    const at29 = new Date(t0.getTime() + minutes(29));
    expect((await validateSession(sessionId, { now: at29 })).auth?.user.role).toBe("caseworker");
    // 29 more minutes of activity later it is still alive: the timeout is idle time, not age.
    const at58 = new Date(at29.getTime() + minutes(29));
    expect((await validateSession(sessionId, { now: at58 })).auth).not.toBeNull();
    // Then 31 minutes of nothing.
    const result = await validateSession(sessionId, { now: new Date(at58.getTime() + STAFF_IDLE_MS + minutes(1)) });
    expect(result).toMatchObject({ auth: null, ended: "idle" });
    expect(await getDb().selectFrom("auth_session").select("id").where("id", "=", sessionRowId(sessionId)).executeTakeFirst()).toBeUndefined();
  });

  it("end a staff session after 12 hours however active", async () => {
    const staff = await makeUser("admin");
    const t0 = new Date();
    const { sessionId } = await createSession(staff, { now: t0 });
    for (let m = 20; m < 12 * 60; m += 20) {
      expect((await validateSession(sessionId, { now: new Date(t0.getTime() + minutes(m)) })).auth, `at ${m} minutes`).not.toBeNull();
    }
    const result = await validateSession(sessionId, { now: new Date(t0.getTime() + STAFF_ABSOLUTE_MS + minutes(1)) });
    expect(result).toMatchObject({ auth: null, ended: "absolute" });
  });

  it("let an owner stay signed in for days without activity", async () => {
    const owner = await makeUser("owner");
    const t0 = new Date();
    const { sessionId } = await createSession(owner, { now: t0 });
    expect((await validateSession(sessionId, { now: new Date(t0.getTime() + minutes(60 * 24 * 3)) })).auth).not.toBeNull();
  });

  it("slide an owner's 30 days: past half-life lucia extends it and the cookie is renewed", async () => {
    const owner = await makeUser("owner");
    const { sessionId } = await createSession(owner);
    const soon = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString();
    await getDb().updateTable("auth_session").set({ expires_at: soon }).where("id", "=", sessionRowId(sessionId)).execute();
    const result = await validateSession(sessionId);
    expect(result.setCookie).toContain("Max-Age=2592000");
    const row = await getDb().selectFrom("auth_session").select("expires_at").where("id", "=", sessionRowId(sessionId)).executeTakeFirstOrThrow();
    expect(Date.parse(row.expires_at)).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
  });
});

describe("rate limits", () => {
  it("allow 10 attempts in 15 minutes, refuse the 11th with the minutes to wait, then free up", async () => {
    const key = [{ scope: "login:ip" as const, key: "198.51.100.7" }];
    const t0 = new Date("2026-11-26T10:00:00Z");
    for (let i = 0; i < RATE_LIMIT_MAX; i++) {
      expect((await checkRateLimit(key, { now: t0 })).limited).toBe(false);
      await recordAttempt(key, { now: new Date(t0.getTime() + i * 1000) });
    }
    expect(await checkRateLimit(key, { now: new Date(t0.getTime() + minutes(1)) })).toEqual({ limited: true, retryAfterMinutes: 14 });
    expect(await checkRateLimit(key, { now: new Date(t0.getTime() + minutes(15) - 1000) })).toEqual({
      limited: true,
      retryAfterMinutes: 1,
    });
    // Once the oldest failure leaves the window, one more attempt is allowed: never a long lockout.
    expect((await checkRateLimit(key, { now: new Date(t0.getTime() + minutes(15) + 1) })).limited).toBe(false);
  });

  it("count per account too, whichever IP the guesses come from, and refuse even the right password", async () => {
    const user = await makeUser();
    for (let i = 0; i < 10; i++) {
      expect(await signIn({ email: user.email, password: `wrong password ${i}`, ip: `203.0.113.${i}` })).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    const eleventh = await signIn({ email: user.email, password: PASSWORD, ip: "203.0.113.99" });
    expect(eleventh).toEqual({ ok: false, reason: "limited", retryAfterMinutes: 15 });
  });

  it("hold under a burst of parallel guesses: exactly 10 are tried", async () => {
    const user = await makeUser();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => signIn({ email: user.email, password: `parallel guess ${i}`, ip: `203.0.114.${i}` })),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(10);
    expect(results.filter((r) => !r.ok && r.reason === "limited")).toHaveLength(15);
  });

  it("do not count a successful sign-in", async () => {
    const user = await makeUser();
    for (let i = 0; i < 9; i++) await signIn({ email: user.email, password: `wrong ${i} password`, ip: "203.0.115.1" });
    expect(await signIn({ email: user.email, password: PASSWORD, ip: "203.0.115.1" })).toMatchObject({ ok: true });
    // The account's failures are forgotten on success; the IP keeps its 9 failures, not 10.
    expect(await signIn({ email: user.email, password: "one more wrong one", ip: "203.0.115.1" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signIn({ email: user.email, password: PASSWORD, ip: "203.0.115.1" })).toMatchObject({ ok: false, reason: "limited" });
  });

  it("answer an unknown email exactly like a wrong password", async () => {
    const user = await makeUser();
    const unknown = await signIn({ email: "nobody@test.example", password: PASSWORD, ip: "192.0.2.1" });
    const wrong = await signIn({ email: user.email, password: "not the password", ip: "192.0.2.1" });
    expect(unknown).toEqual(wrong);
  });
});

describe("registration and password change", () => {
  it("registers owners only, refuses common passwords and a taken email", async () => {
    const ok = await registerOwner({ email: "new-owner@test.example", password: PASSWORD, ip: "192.0.2.50", consentVersion: "test" });
    expect(ok).toMatchObject({ ok: true, user: { role: "owner" } });
    expect(await registerOwner({ email: "other@test.example", password: "password1234", ip: "192.0.2.50", consentVersion: "test" })).toEqual({
      ok: false,
      reason: "password",
      problem: "common",
    });
    expect(await registerOwner({ email: "new-owner@test.example", password: PASSWORD, ip: "192.0.2.50", consentVersion: "test" })).toEqual({
      ok: false,
      reason: "taken",
    });
  });

  it("creates staff with a role only through createStaff", async () => {
    expect(await createStaff({ email: "cw@test.example", role: "caseworker", password: PASSWORD })).toMatchObject({
      ok: true,
      user: { role: "caseworker" },
    });
  });

  it("changes a password only with the current one, and signs out the other sessions", async () => {
    const user = await makeUser();
    const here = await createSession(user);
    const elsewhere = await createSession(user);
    expect(
      await changePassword({
        userId: user.id,
        sessionId: here.sessionId,
        currentPassword: "wrong",
        newPassword: "another long passphrase",
      }),
    ).toEqual({
      ok: false,
      field: "currentPassword",
      problem: "wrong",
    });
    expect(
      await changePassword({
        userId: user.id,
        sessionId: here.sessionId,
        currentPassword: PASSWORD,
        newPassword: "another long passphrase",
      }),
    ).toEqual({
      ok: true,
      signedOut: 1,
    });
    expect((await validateSession(here.sessionId)).auth).not.toBeNull();
    expect((await validateSession(elsewhere.sessionId)).auth).toBeNull();
    const [notice] = await readOutbox(user.email);
    expect(notice!.subject).toBe("소상공인 지원 포털 비밀번호가 변경되었습니다");
    expect(notice!.body_text).not.toContain("another long passphrase");
    sharedHash = undefined; // this user's hash changed; later users get a fresh one
  });
});

describe("password reset", () => {
  const tokenFrom = (text: string) => text.match(/\/reset-password\/([A-Za-z0-9_-]+)/)![1]!;

  it("mails a single-use link, stores only its hash, and revokes every session when used", async () => {
    const user = await makeUser();
    const session = await createSession(user);
    expect(await requestPasswordReset({ email: user.email, ip: "192.0.2.60", locale: "en" })).toEqual({ ok: true });
    const [mail] = await readOutbox(user.email);
    expect(mail!.subject).toContain("Reset your");
    expect(mail!.body_text).toContain("http://localhost:3000/reset-password/");
    const token = tokenFrom(mail!.body_text);
    const stored = await getDb().selectFrom("password_reset_tokens").select("token_hash").where("user_id", "=", user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]!.token_hash).not.toContain(token);

    expect(await resetPassword({ token, password: "password1234" })).toEqual({ ok: false, reason: "password", problem: "common" });
    expect(await resetPassword({ token, password: "a brand new passphrase" })).toEqual({ ok: true, email: user.email });
    expect((await validateSession(session.sessionId)).auth).toBeNull();
    expect((await readOutbox(user.email))[0]!.subject).toBe("소상공인 지원 포털 비밀번호가 변경되었습니다"); // the owner is told
    expect(await signIn({ email: user.email, password: "a brand new passphrase", ip: "192.0.2.61" })).toMatchObject({ ok: true });
    // Single use.
    expect(await resetPassword({ token, password: "yet another passphrase" })).toEqual({ ok: false, reason: "token" });
    sharedHash = undefined;
  });

  it("looks the same for an unknown email, and sends nothing", async () => {
    expect(await requestPasswordReset({ email: "ghost@test.example", ip: "192.0.2.62", locale: "ko" })).toEqual({ ok: true });
    expect(await readOutbox("ghost@test.example")).toEqual([]);
  });

  it("refuses forged and expired tokens", async () => {
    const user = await makeUser();
    const t0 = new Date(Date.now() - minutes(61));
    await requestPasswordReset({ email: user.email, ip: "192.0.2.63", locale: "en" }, { now: t0 });
    const token = tokenFrom((await readOutbox(user.email))[0]!.body_text);
    expect(await isResetTokenUsable(token)).toBe(false);
    expect(await resetPassword({ token, password: "a brand new passphrase" })).toEqual({ ok: false, reason: "token" });
    expect(await resetPassword({ token: "A".repeat(43), password: "a brand new passphrase" })).toEqual({ ok: false, reason: "token" });
    expect(await resetPassword({ token: "'; DROP TABLE users; --", password: "a brand new passphrase" })).toEqual({
      ok: false,
      reason: "token",
    });
  });

  it("is rate limited per account as well as per IP", async () => {
    const user = await makeUser();
    for (let i = 0; i < 10; i++) await requestPasswordReset({ email: user.email, ip: `198.51.100.${i}`, locale: "en" });
    expect(await requestPasswordReset({ email: user.email, ip: "198.51.100.200", locale: "en" })).toMatchObject({
      ok: false,
      reason: "limited",
    });
  });
});

describe("businesses", () => {
  const profile = (number: string) =>
    businessProfileSchema("2026-11-26").parse({
      tradeName: "Test Shop",
      registrationNumber: number,
      representativeName: "Lee",
      phone: "010-1234-5678",
      address: "Busan",
      region: "busan",
      sector: "retail",
      employees: "2",
      openedOn: "2020-01-01",
    });

  it("are scoped by owner: another owner's business is not found and cannot be changed", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const created = await createBusiness(a.id, profile("314-15-92650"));
    expect(created.ok).toBe(true);
    const id = (created as { id: number }).id;
    expect(await getBusiness({ id, ownerId: a.id })).toMatchObject({ trade_name: "Test Shop", registration_number: "3141592650" });
    expect(await getBusiness({ id, ownerId: b.id })).toBeUndefined();
    expect(await listBusinesses(b.id)).toEqual([]);
    expect(await updateBusiness({ id, ownerId: b.id }, profile("105-87-00121"))).toEqual({ ok: false, reason: "notFound" });
  });

  it("keep a number unique across the portal and record a second account's claim for staff", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const first = await createBusiness(a.id, profile("211-87-65434"));
    expect(first.ok).toBe(true);
    expect(await createBusiness(a.id, profile("2118765434"))).toEqual({ ok: false, reason: "ownDuplicate" });
    // Not yet proven a's: no lockout, b's representative may take it over (number-release.test.ts).
    expect(await createBusiness(b.id, profile("211-87-65434"))).toEqual({ ok: false, reason: "heldUnproven" });
    await confirmOwnershipFixture(getDb(), a.id, (first as { id: number }).id);
    expect(await createBusiness(b.id, profile("211-87-65434"))).toEqual({ ok: false, reason: "conflict" });
    const conflicts = await getDb().selectFrom("business_number_conflicts").selectAll().where("claimed_by", "=", b.id).execute();
    expect(conflicts).toMatchObject([{ registration_number: "2118765434", business_id: (first as { id: number }).id, resolved_at: null }]);
  });
});

describe("demo data", () => {
  it("seeds the four demo accounts and a business outside production, once", async () => {
    const fresh = await freshDatabase({ migrated: false });
    try {
      await prepareDatabase(fresh.db, { demo: true });
      await prepareDatabase(fresh.db, { demo: true });
      const users = await fresh.db.selectFrom("users").select(["email", "role"]).orderBy("id").execute();
      expect(users).toEqual(DEMO_ACCOUNTS);
      expect(await fresh.db.selectFrom("businesses").select("registration_number").execute()).toHaveLength(1);
    } finally {
      await fresh.cleanup();
    }
  });

  it("never seeds accounts in production", async () => {
    const fresh = await freshDatabase({ migrated: false });
    try {
      await prepareDatabase(fresh.db, { demo: false });
      expect(await fresh.db.selectFrom("users").select("id").execute()).toEqual([]);
    } finally {
      await fresh.cleanup();
    }
  });
});

describe("housekeeping", () => {
  it("prunes expired sessions, staff sessions past 12 hours, old attempts and old reset tokens", async () => {
    const owner = await makeUser("owner");
    const staff = await makeUser("supervisor");
    const expired = await createSession(owner);
    await getDb()
      .updateTable("auth_session")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", sessionRowId(expired.sessionId))
      .execute();
    const live = await createSession(owner);
    const oldStaff = await createSession(staff, { now: new Date(Date.now() - 13 * 3600 * 1000) });
    await recordAttempt([{ scope: "login:ip", key: "192.0.2.200" }], { now: new Date(Date.now() - minutes(16)) });
    await pruneAuthData();
    const ids = (await getDb().selectFrom("auth_session").select("id").execute()).map((r) => r.id);
    expect(ids).toContain(sessionRowId(live.sessionId));
    expect(ids).not.toContain(sessionRowId(expired.sessionId));
    expect(ids).not.toContain(sessionRowId(oldStaff.sessionId));
    expect(await getDb().selectFrom("rate_limit_events").select("id").where("key", "=", "192.0.2.200").execute()).toEqual([]);
  });
});
