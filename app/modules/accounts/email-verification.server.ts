/**
 * Owners prove their email address before their first submission: a link with a random 32-byte token
 * (only its SHA-256 is stored, as for password reset), valid for 24 hours, single use, sent through
 * the outbox. Asking again is limited to three links an hour per account.
 */
import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { withTransaction } from "../../../db/transaction";
import { consumeAttempt } from "~/shared/rate-limit.server";
import { getEnv } from "~/shared/env.server";
import type { Locale } from "~/shared/i18n";
import { ACCOUNT_MAIL } from "./account-mail";
import { recordAudit } from "~/modules/audit/index.server";
import { enqueueEmail } from "~/modules/notifications/index.server";

export const VERIFY_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Writes a new link to the outbox in the caller's transaction (with the account it belongs to, so
 * neither exists without the other). Returns nothing: the token lives only in the message.
 */
export async function issueVerificationEmail(executor: Executor, user: { id: number; email: string }, locale: Locale, now: Date): Promise<void> {
  const token = crypto.randomBytes(32).toString("base64url");
  await executor
    .insertInto("email_verification_tokens")
    .values({
      token_hash: hashToken(token),
      user_id: user.id,
      expires_at: new Date(now.getTime() + VERIFY_TOKEN_TTL_MS).toISOString(),
      used_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  const mail = ACCOUNT_MAIL.verify[locale];
  await enqueueEmail(executor, { to: user.email, subject: mail.subject, text: mail.text(`${getEnv().PUBLIC_ORIGIN}/verify-email/${token}`) }, now);
}

export async function getEmailVerification(userId: number): Promise<{ email: string; verifiedAt: string | null } | null> {
  const row = await getDb().selectFrom("users").select(["email", "email_verified_at"]).where("id", "=", userId).executeTakeFirst();
  return row ? { email: row.email, verifiedAt: row.email_verified_at } : null;
}

export type ResendResult =
  { ok: true; email: string; already: boolean } | { ok: false; reason: "limited"; retryAfterMinutes: number } | { ok: false; reason: "not_found" };

export async function resendVerification(input: { userId: number; locale: Locale }, { now = new Date() } = {}): Promise<ResendResult> {
  const current = await getEmailVerification(input.userId);
  if (!current) return { ok: false, reason: "not_found" };
  if (current.verifiedAt) return { ok: true, email: current.email, already: true };
  const limit = await consumeAttempt([{ scope: "verify:account", key: `user:${input.userId}` }], { now });
  if (limit.limited) return { ok: false, reason: "limited", retryAfterMinutes: limit.retryAfterMinutes };
  await withTransaction(getDb(), (trx) => issueVerificationEmail(trx, { id: input.userId, email: current.email }, input.locale, now));
  return { ok: true, email: current.email, already: false };
}

export type VerifyEmailResult = { ok: true; email: string } | { ok: false; reason: "invalid" | "expired" | "used" | "already" };

/**
 * Spends the token and marks the address verified in one transaction. A token that was already used,
 * has expired or was never issued changes nothing and says which ("already" when the account is
 * verified anyway, so a second click on the same link reads as good news).
 */
export async function verifyEmail(token: string, { now = new Date() } = {}): Promise<VerifyEmailResult> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: "invalid" };
  const tokenHash = hashToken(token);
  const stamp = now.toISOString();
  return withTransaction(getDb(), async (trx): Promise<VerifyEmailResult> => {
    const row = await trx
      .selectFrom("email_verification_tokens as t")
      .innerJoin("users as u", "u.id", "t.user_id")
      .select(["t.user_id", "t.expires_at", "t.used_at", "u.email", "u.email_verified_at"])
      .where("t.token_hash", "=", tokenHash)
      .executeTakeFirst();
    if (!row) return { ok: false, reason: "invalid" };
    if (row.used_at) return { ok: false, reason: row.email_verified_at ? "already" : "used" };
    if (row.expires_at <= stamp) return { ok: false, reason: row.email_verified_at ? "already" : "expired" };
    const spent = await trx
      .updateTable("email_verification_tokens")
      .set({ used_at: stamp })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return { ok: false, reason: "used" };
    if (row.email_verified_at) return { ok: false, reason: "already" };
    await trx.updateTable("users").set({ email_verified_at: stamp, updated_at: stamp }).where("id", "=", row.user_id).execute();
    await recordAudit(trx, {
      actor: { id: row.user_id, label: row.email },
      action: "account.email_verified",
      target: { type: "user", id: row.user_id },
      at: now,
    });
    return { ok: true, email: row.email };
  });
}
