/**
 * Accounts: registration (owners only), sign-in with brute-force limits, password changes and staff
 * creation. Passwords go in, never come out: nothing here returns or logs a password or its hash.
 */
import { getDb } from "../../../db/client";
import { checkNewPassword, hashPassword, verifyAgainstDummy, verifyPassword } from "~/modules/accounts/password.server";
import { clearAttempts, consumeAttempt, refundAttempt, type LimitKey } from "~/shared/rate-limit.server";
import { createSession, invalidateOtherSessions } from "~/modules/accounts/session.server";
import type { PasswordProblem } from "~/modules/accounts/password-policy";
import type { Role, StaffRole } from "~/modules/accounts/roles";
import type { Locale } from "~/shared/i18n";
import { ACCOUNT_MAIL } from "./account-mail";
import { recordAudit } from "~/modules/audit/index.server";
import { sendEmail } from "~/modules/notifications/index.server";
import { secondStepAfterPassword } from "./staff-mfa.server";
import { issueVerificationEmail } from "./email-verification.server";
import { PRIVACY_CONSENT_PURPOSE } from "~/modules/accounts/privacy-consent";
import { withTransaction } from "../../../db/transaction";

export interface PublicUser {
  id: number;
  email: string;
  role: Role;
}

export async function getUserByEmail(email: string): Promise<PublicUser | undefined> {
  return getDb().selectFrom("users").select(["id", "email", "role"]).where("email", "=", email).executeTakeFirst();
}

export async function getUser(id: number): Promise<(PublicUser & { created_at: string }) | undefined> {
  return getDb().selectFrom("users").select(["id", "email", "role", "created_at"]).where("id", "=", id).executeTakeFirst();
}

async function insertUser(email: string, passwordHash: string, role: Role, now: Date): Promise<PublicUser | null> {
  const stamp = now.toISOString();
  const row = await getDb()
    .insertInto("users")
    .values({ email, password_hash: passwordHash, role, created_at: stamp, updated_at: stamp, password_changed_at: stamp })
    .onConflict((oc) => oc.column("email").doNothing())
    .returning(["id", "email", "role"])
    .executeTakeFirst();
  return row ?? null;
}

export type RegisterResult =
  | { ok: true; user: PublicUser; cookie: string }
  | { ok: false; reason: "taken" }
  | { ok: false; reason: "password"; problem: PasswordProblem }
  | { ok: false; reason: "limited"; retryAfterMinutes: number };

/**
 * An owner account (staff cannot self-register), signed in at once. `email` is already normalised.
 * The personal-data consent (`consentVersion`, the text version agreed to) is stored with the account
 * in one transaction, and a link to confirm the address is written to the outbox with them.
 */
export async function registerOwner(
  input: { email: string; password: string; ip: string; consentVersion: string; locale?: Locale },
  { now = new Date() } = {},
): Promise<RegisterResult> {
  const keys: LimitKey[] = [{ scope: "register:ip", key: input.ip }];
  const limit = await consumeAttempt(keys, { now });
  if (limit.limited) return { ok: false, reason: "limited", retryAfterMinutes: limit.retryAfterMinutes };
  const problem = checkNewPassword(input.password, input.email);
  if (problem) return { ok: false, reason: "password", problem };
  if (await getUserByEmail(input.email)) return { ok: false, reason: "taken" };
  const passwordHash = await hashPassword(input.password);
  const stamp = now.toISOString();
  const user = await withTransaction(getDb(), async (trx) => {
    const row = await trx
      .insertInto("users")
      .values({ email: input.email, password_hash: passwordHash, role: "owner", created_at: stamp, updated_at: stamp, password_changed_at: stamp })
      .onConflict((oc) => oc.column("email").doNothing())
      .returning(["id", "email", "role"])
      .executeTakeFirst();
    if (!row) return null;
    await trx
      .insertInto("privacy_consents")
      .values({ user_id: row.id, purpose: PRIVACY_CONSENT_PURPOSE, version: input.consentVersion, given_at: stamp })
      .execute();
    await issueVerificationEmail(trx, row, input.locale ?? "ko", now);
    return row;
  });
  if (!user) return { ok: false, reason: "taken" };
  const { cookie } = await createSession(user, { now });
  return { ok: true, user, cookie };
}

export type SignInResult =
  /** `secondStep`: "code" and "enrol" sessions are half-way until /two-factor (or its setup) is passed. */
  | { ok: true; user: PublicUser; cookie: string; secondStep: "none" | "code" | "enrol" }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "limited"; retryAfterMinutes: number };

/**
 * Checks the password and opens a new session. Whatever is wrong (no such account, wrong password,
 * over-long input) the answer is the same "invalid", after the same Argon2 work. At most 10 failures
 * per account and per IP in 15 minutes; past that even the right password waits.
 */
export async function signIn(input: { email: string; password: string; ip: string }, { now = new Date() } = {}): Promise<SignInResult> {
  const keys: LimitKey[] = [
    { scope: "login:account", key: input.email },
    { scope: "login:ip", key: input.ip },
  ];
  // Counted as a failure up front (atomically with the check), refunded if the password is right.
  const limit = await consumeAttempt(keys, { now });
  if (limit.limited) return { ok: false, reason: "limited", retryAfterMinutes: limit.retryAfterMinutes };

  const row = await getDb()
    .selectFrom("users")
    .select(["id", "email", "role", "password_hash", "deactivated_at"])
    .where("email", "=", input.email)
    .executeTakeFirst();
  const valid = row ? await verifyPassword(row.password_hash, input.password) : await verifyAgainstDummy(input.password);
  // A deactivated account gets the same answer as a wrong password (after the same work).
  if (!row || !valid || row.deactivated_at !== null) {
    await recordAudit(getDb(), {
      actor: { id: row?.id ?? null, label: row?.email ?? "anonymous" },
      action: "auth.sign_in_failed",
      target: { type: "user", id: row?.id ?? input.email },
      details: { email: input.email, ip: input.ip, reason: !row ? "unknown_account" : !valid ? "wrong_password" : "deactivated" },
      at: now,
    });
    return { ok: false, reason: "invalid" };
  }
  await refundAttempt(limit.ids);
  await clearAttempts(keys[0]!);
  const user: PublicUser = { id: row.id, email: row.email, role: row.role };
  const secondStep = await secondStepAfterPassword(user);
  const { cookie } = await createSession(user, { now, mfaPending: secondStep !== "none" });
  await recordAudit(getDb(), {
    actor: { id: user.id, label: user.email },
    action: "auth.sign_in",
    target: { type: "user", id: user.id },
    details: { ip: input.ip, ...(secondStep !== "none" ? { secondStep } : {}) },
    at: now,
  });
  return { ok: true, user, cookie, secondStep };
}

export type ChangePasswordResult =
  { ok: true; signedOut: number } | { ok: false; field: "currentPassword" | "newPassword"; problem: PasswordProblem | "wrong" };

/**
 * Needs the current password; signs out every other session, since a changed password often means a
 * worry, and tells the owner of the mailbox (ASVS 2.2.3) in case it was not them.
 */
export async function changePassword(
  input: { userId: number; sessionId: string; currentPassword: string; newPassword: string; locale?: Locale },
  { now = new Date() } = {},
): Promise<ChangePasswordResult> {
  const row = await getDb().selectFrom("users").select(["email", "password_hash"]).where("id", "=", input.userId).executeTakeFirst();
  if (!row || !(await verifyPassword(row.password_hash, input.currentPassword))) {
    return { ok: false, field: "currentPassword", problem: "wrong" };
  }
  const problem = checkNewPassword(input.newPassword, row.email);
  if (problem) return { ok: false, field: "newPassword", problem };
  const stamp = now.toISOString();
  await getDb()
    .updateTable("users")
    .set({ password_hash: await hashPassword(input.newPassword), updated_at: stamp, password_changed_at: stamp, must_change_password: 0 })
    .where("id", "=", input.userId)
    .execute();
  const signedOut = await invalidateOtherSessions(input.userId, input.sessionId);
  const mail = ACCOUNT_MAIL.changed[input.locale ?? "ko"];
  await sendEmail({ to: row.email, subject: mail.subject, text: mail.text() }, { now });
  return { ok: true, signedOut };
}

export type CreateStaffResult =
  { ok: true; user: PublicUser } | { ok: false; reason: "taken" } | { ok: false; reason: "password"; problem: PasswordProblem };

/** Staff accounts are made by an operator (npm run staff:create), never through the website. */
export async function createStaff(
  input: { email: string; role: StaffRole; password: string },
  { now = new Date() } = {},
): Promise<CreateStaffResult> {
  const problem = checkNewPassword(input.password, input.email);
  if (problem) return { ok: false, reason: "password", problem };
  const user = await insertUser(input.email, await hashPassword(input.password), input.role, now);
  return user ? { ok: true, user } : { ok: false, reason: "taken" };
}

export async function countUsers(): Promise<number> {
  const { n } = await getDb()
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n);
}
