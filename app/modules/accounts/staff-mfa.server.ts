/**
 * Staff second factor (ASVS 2.8): enrolment with a TOTP app, the code at sign-in, ten single-use
 * recovery codes. Six wrong codes in 15 minutes lock the account's second step for the rest of the
 * window (the password alone never signs anyone in). Every success, failure and lock is audited.
 */
import { getDb } from "../../../db/client";
import { DEMO_ACCOUNTS } from "../../../db/seed-demo";
import { withTransaction } from "../../../db/transaction";
import {
  checkTotp,
  groupedKey,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normaliseCode,
  openSecret,
  qrCodeDataUri,
  RECOVERY_CODE_PATTERN,
  recoveryCodeMatches,
  sealSecret,
  totpUri,
} from "~/modules/accounts/totp.server";
import { checkRateLimit, clearAttempts, consumeAttempt, refundAttempt, type LimitKey } from "~/shared/rate-limit.server";
import { secondFactorNeed, type MfaNeed } from "~/modules/accounts/mfa-policy";
import type { Role } from "~/modules/accounts/roles";
import { getEnv, staffMfaPolicy } from "~/shared/env.server";
import { recordAudit } from "~/modules/audit/index.server";

export interface MfaUser {
  id: number;
  email: string;
  role: Role;
}

export function mfaNeedFor(user: { email: string; role: Role }): MfaNeed {
  const env = getEnv();
  const demoAccount = env.PORTAL_ENV !== "production" && DEMO_ACCOUNTS.some((a) => a.email === user.email);
  return secondFactorNeed(user.role, staffMfaPolicy(env), { demoAccount });
}

export interface MfaState {
  need: MfaNeed;
  enrolled: boolean;
  recoveryCodesLeft: number;
}

export async function getMfaState(user: MfaUser): Promise<MfaState> {
  const db = getDb();
  const row = await db.selectFrom("users").select(["totp_confirmed_at"]).where("id", "=", user.id).executeTakeFirst();
  const { n } = await db
    .selectFrom("mfa_recovery_codes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", user.id)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return { need: mfaNeedFor(user), enrolled: Boolean(row?.totp_confirmed_at), recoveryCodesLeft: Number(n) };
}

/** Where a password sign-in goes next: straight in, the code, or setting up a second factor first. */
export async function secondStepAfterPassword(user: MfaUser): Promise<"none" | "code" | "enrol"> {
  const state = await getMfaState(user);
  if (state.enrolled) return "code";
  return state.need === "required" ? "enrol" : "none";
}

export interface EnrolmentKey {
  /** The key in groups of four, for typing into an app. */
  key: string;
  uri: string;
  qr: string;
}

/**
 * The key to add to an app. Made once and kept (sealed) until confirmed, so reloading the page or
 * coming back later shows the same QR code; a confirmed key is never shown again.
 */
export async function beginEnrolment(user: MfaUser): Promise<EnrolmentKey | null> {
  const db = getDb();
  const row = await db.selectFrom("users").select(["totp_secret", "totp_confirmed_at"]).where("id", "=", user.id).executeTakeFirst();
  if (!row || row.totp_confirmed_at) return null;
  let secret = row.totp_secret ? openSecret(row.totp_secret) : null;
  if (!secret) {
    secret = newTotpSecret();
    await db
      .updateTable("users")
      .set({ totp_secret: sealSecret(secret) })
      .where("id", "=", user.id)
      .where("totp_confirmed_at", "is", null)
      .execute();
  }
  const uri = totpUri(secret, user.email);
  return { key: groupedKey(secret), uri, qr: await qrCodeDataUri(uri) };
}

export type CodeRefusal =
  { ok: false; reason: "format" | "wrong" | "reused" | "recovery_used" | "no_key" } | { ok: false; reason: "limited"; retryAfterMinutes: number };

const limitKey = (userId: number): LimitKey => ({ scope: "mfa:account", key: `user:${userId}` });
const actorOf = (user: MfaUser) => ({ id: user.id, label: user.email });

/**
 * Counts a wrong code (already consumed up front), audits it, and says "locked" when that was the
 * sixth: the person learns at once that further tries wait, rather than on a seventh.
 */
async function refuse(user: MfaUser, reason: "format" | "wrong" | "reused" | "recovery_used", ip: string, now: Date): Promise<CodeRefusal> {
  await recordAudit(getDb(), {
    actor: actorOf(user),
    action: "auth.mfa_failed",
    target: { type: "user", id: user.id },
    details: { reason, ip },
    at: now,
  });
  const limit = await checkRateLimit([limitKey(user.id)], { now });
  if (limit.limited) {
    await recordAudit(getDb(), {
      actor: actorOf(user),
      action: "auth.mfa_locked",
      target: { type: "user", id: user.id },
      details: { ip, minutes: limit.retryAfterMinutes },
      at: now,
    });
    return { ok: false, reason: "limited", retryAfterMinutes: limit.retryAfterMinutes };
  }
  return { ok: false, reason };
}

export type EnrolResult = { ok: true; recoveryCodes: string[] } | CodeRefusal;

/** Confirms the key with a code from the app; then, and only then, the second factor counts. */
export async function confirmEnrolment(input: { user: MfaUser; code: string; ip: string }, { now = new Date() } = {}): Promise<EnrolResult> {
  const { user } = input;
  const limit = await consumeAttempt([limitKey(user.id)], { now });
  if (limit.limited) return { ok: false, reason: "limited", retryAfterMinutes: limit.retryAfterMinutes };
  const row = await getDb().selectFrom("users").select(["totp_secret", "totp_confirmed_at"]).where("id", "=", user.id).executeTakeFirst();
  const secret = row?.totp_secret && !row.totp_confirmed_at ? openSecret(row.totp_secret) : null;
  if (!secret) {
    await refundAttempt(limit.ids);
    return { ok: false, reason: "no_key" };
  }
  const code = normaliseCode(input.code);
  if (!/^\d{6}$/.test(code)) return refuse(user, "format", input.ip, now);
  const check = checkTotp(secret, code, { now });
  if (!check.ok) return refuse(user, check.reason, input.ip, now);
  const recoveryCodes = newRecoveryCodes();
  const stamp = now.toISOString();
  const confirmed = await withTransaction(getDb(), async (trx) => {
    const done = await trx
      .updateTable("users")
      .set({ totp_confirmed_at: stamp, totp_last_step: check.step, updated_at: stamp })
      .where("id", "=", user.id)
      .where("totp_confirmed_at", "is", null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) return false;
    await trx.deleteFrom("mfa_recovery_codes").where("user_id", "=", user.id).execute();
    await trx
      .insertInto("mfa_recovery_codes")
      .values(recoveryCodes.map((c) => ({ user_id: user.id, code_hash: hashRecoveryCode(c), used_at: null, created_at: stamp })))
      .execute();
    await recordAudit(trx, {
      actor: actorOf(user),
      action: "auth.mfa_enrolled",
      target: { type: "user", id: user.id },
      details: { ip: input.ip },
      at: now,
    });
    return true;
  });
  if (!confirmed) return { ok: false, reason: "no_key" };
  await refundAttempt(limit.ids);
  await clearAttempts(limitKey(user.id));
  return { ok: true, recoveryCodes };
}

export type VerifyResult = { ok: true; method: "totp" | "recovery"; recoveryCodesLeft: number } | CodeRefusal;

/**
 * The code at sign-in: six digits from the app, or one of the recovery codes. A TOTP code is
 * accepted once (its step is remembered); a recovery code is spent by the same UPDATE that checks it
 * is unspent, so two simultaneous uses cannot both pass.
 */
export async function verifySecondFactor(input: { user: MfaUser; code: string; ip: string }, { now = new Date() } = {}): Promise<VerifyResult> {
  const { user } = input;
  const limit = await consumeAttempt([limitKey(user.id)], { now });
  if (limit.limited) return { ok: false, reason: "limited", retryAfterMinutes: limit.retryAfterMinutes };
  const db = getDb();
  const row = await db
    .selectFrom("users")
    .select(["totp_secret", "totp_confirmed_at", "totp_last_step"])
    .where("id", "=", user.id)
    .executeTakeFirst();
  const secret = row?.totp_secret && row.totp_confirmed_at ? openSecret(row.totp_secret) : null;
  if (!row?.totp_confirmed_at) {
    await refundAttempt(limit.ids);
    return { ok: false, reason: "no_key" };
  }
  const code = normaliseCode(input.code);
  let method: "totp" | "recovery";
  if (/^\d{6}$/.test(code)) {
    // A key that cannot be opened (MFA_ENCRYPTION_KEY changed) accepts no code: recovery codes still work.
    const check = secret ? checkTotp(secret, code, { now, lastStep: row.totp_last_step }) : ({ ok: false, reason: "wrong" } as const);
    if (!check.ok) return refuse(user, check.reason, input.ip, now);
    const claimed = await db
      .updateTable("users")
      .set({ totp_last_step: check.step })
      .where("id", "=", user.id)
      .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", check.step)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return refuse(user, "reused", input.ip, now);
    method = "totp";
  } else if (RECOVERY_CODE_PATTERN.test(code)) {
    const codes = await db.selectFrom("mfa_recovery_codes").select(["id", "code_hash", "used_at"]).where("user_id", "=", user.id).execute();
    const match = codes.find((c) => recoveryCodeMatches(c.code_hash, code));
    if (!match) return refuse(user, "wrong", input.ip, now);
    if (match.used_at) return refuse(user, "recovery_used", input.ip, now);
    const spent = await db
      .updateTable("mfa_recovery_codes")
      .set({ used_at: now.toISOString() })
      .where("id", "=", match.id)
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return refuse(user, "recovery_used", input.ip, now);
    method = "recovery";
  } else {
    return refuse(user, "format", input.ip, now);
  }
  await refundAttempt(limit.ids);
  await clearAttempts(limitKey(user.id));
  const { recoveryCodesLeft } = await getMfaState(user);
  await recordAudit(db, {
    actor: actorOf(user),
    action: "auth.mfa_passed",
    target: { type: "user", id: user.id },
    details: { method, ip: input.ip, ...(method === "recovery" ? { recoveryCodesLeft } : {}) },
    at: now,
  });
  return { ok: true, method, recoveryCodesLeft };
}

/** Ten new recovery codes; the old ones stop working. Shown once. */
export async function renewRecoveryCodes(input: { user: MfaUser; ip: string }, { now = new Date() } = {}): Promise<string[] | null> {
  const { user } = input;
  const codes = newRecoveryCodes();
  const stamp = now.toISOString();
  const done = await withTransaction(getDb(), async (trx) => {
    const row = await trx.selectFrom("users").select("totp_confirmed_at").where("id", "=", user.id).executeTakeFirst();
    if (!row?.totp_confirmed_at) return false;
    await trx.deleteFrom("mfa_recovery_codes").where("user_id", "=", user.id).execute();
    await trx
      .insertInto("mfa_recovery_codes")
      .values(codes.map((c) => ({ user_id: user.id, code_hash: hashRecoveryCode(c), used_at: null, created_at: stamp })))
      .execute();
    await recordAudit(trx, {
      actor: actorOf(user),
      action: "auth.mfa_recovery_renewed",
      target: { type: "user", id: user.id },
      details: { ip: input.ip },
      at: now,
    });
    return true;
  });
  return done ? codes : null;
}
