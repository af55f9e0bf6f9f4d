/**
 * Password reset: a random 32-byte token goes to the account's email; only its SHA-256 is stored.
 * Single use, one hour. Asking for an unknown email looks exactly the same to the asker. Using a
 * token signs the account out everywhere (its sessions are deleted in the same transaction).
 */
import crypto from "node:crypto";
import { getDb } from "../../../db/client";
import { checkNewPassword, hashPassword } from "~/modules/accounts/password.server";
import { consumeAttempt, type LimitKey } from "~/shared/rate-limit.server";
import type { PasswordProblem } from "~/modules/accounts/password-policy";
import { getEnv } from "~/shared/env.server";
import type { Locale } from "~/shared/i18n";
import { ACCOUNT_MAIL } from "./account-mail";
import { sendEmail } from "~/modules/notifications/index.server";
import { withTransaction } from "../../../db/transaction";

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type ResetRequestResult = { ok: true } | { ok: false; reason: "limited"; retryAfterMinutes: number };

/** `email` is normalised. The result is the same whether or not an account has this email. */
export async function requestPasswordReset(
  input: { email: string; ip: string; locale: Locale },
  { now = new Date() } = {},
): Promise<ResetRequestResult> {
  const keys: LimitKey[] = [
    { scope: "reset:ip", key: input.ip },
    { scope: "reset:account", key: input.email },
  ];
  const limit = await consumeAttempt(keys, { now });
  if (limit.limited) return { ok: false, reason: "limited", retryAfterMinutes: limit.retryAfterMinutes };

  const user = await getDb().selectFrom("users").select(["id", "email"]).where("email", "=", input.email).executeTakeFirst();
  if (!user) return { ok: true };
  const token = crypto.randomBytes(32).toString("base64url");
  await getDb()
    .insertInto("password_reset_tokens")
    .values({
      token_hash: hashToken(token),
      user_id: user.id,
      expires_at: new Date(now.getTime() + RESET_TOKEN_TTL_MS).toISOString(),
      used_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  const link = `${getEnv().PUBLIC_ORIGIN}/reset-password/${token}`;
  const mail = ACCOUNT_MAIL.reset[input.locale];
  await sendEmail({ to: user.email, subject: mail.subject, text: mail.text(link) }, { now });
  return { ok: true };
}

/** True when the token is one we issued, unused and within its hour. */
export async function isResetTokenUsable(token: string, { now = new Date() } = {}): Promise<boolean> {
  if (!TOKEN_PATTERN.test(token)) return false;
  const row = await getDb()
    .selectFrom("password_reset_tokens")
    .select("token_hash")
    .where("token_hash", "=", hashToken(token))
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return Boolean(row);
}

export type ResetResult = { ok: true; email: string } | { ok: false; reason: "token" } | { ok: false; reason: "password"; problem: PasswordProblem };

/**
 * Spends the token and sets the password in one transaction: the token is claimed by an UPDATE that
 * only succeeds once, so two simultaneous uses cannot both win.
 */
export async function resetPassword(input: { token: string; password: string; locale?: Locale }, { now = new Date() } = {}): Promise<ResetResult> {
  if (!TOKEN_PATTERN.test(input.token)) return { ok: false, reason: "token" };
  const tokenHash = hashToken(input.token);
  const owner = await getDb()
    .selectFrom("password_reset_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select(["u.id", "u.email"])
    .where("t.token_hash", "=", tokenHash)
    .where("t.used_at", "is", null)
    .where("t.expires_at", ">", now.toISOString())
    .executeTakeFirst();
  if (!owner) return { ok: false, reason: "token" };
  const problem = checkNewPassword(input.password, owner.email);
  if (problem) return { ok: false, reason: "password", problem };
  const passwordHash = await hashPassword(input.password);
  const stamp = now.toISOString();
  const claimed = await withTransaction(getDb(), async (trx) => {
    const spent = await trx
      .updateTable("password_reset_tokens")
      .set({ used_at: stamp })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .where("expires_at", ">", stamp)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return false;
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, updated_at: stamp, password_changed_at: stamp })
      .where("id", "=", owner.id)
      .execute();
    // Any other links sent to this account die with this one.
    await trx.updateTable("password_reset_tokens").set({ used_at: stamp }).where("user_id", "=", owner.id).where("used_at", "is", null).execute();
    // Sign out everywhere in the same transaction: whoever knew the old password loses access now.
    await trx.deleteFrom("auth_session").where("user_id", "=", owner.id).execute();
    return true;
  });
  if (!claimed) return { ok: false, reason: "token" };
  const mail = ACCOUNT_MAIL.changed[input.locale ?? "ko"];
  await sendEmail({ to: owner.email, subject: mail.subject, text: mail.text() }, { now });
  return { ok: true, email: owner.email };
}
