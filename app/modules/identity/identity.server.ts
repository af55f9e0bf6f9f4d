/**
 * Identity verification (본인인증) as an OpenID Connect relying party: authorization code flow with
 * PKCE (S256), a fresh state and nonce per attempt, the ID token checked by openid-client against
 * the issuer's keys. Each attempt is a row used once (the UPDATE that reads it marks it used) that
 * expires after ATTEMPT_TTL_MS. On success the account gets its verified name and birth date; the
 * provider's identifier is kept only as an HMAC, unique per issuer: one person, one account.
 * See docs/identity.md.
 */
import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import * as oidc from "openid-client";
import type { Database } from "../../../db/schema";
import { getDb } from "../../../db/client";
import { isUniqueViolation } from "../../../db/errors";
import { withTransaction } from "../../../db/transaction";
import { recordAudit } from "~/modules/audit/index.server";
import { getEnv, identitySettings } from "~/shared/env.server";
import { getLogger } from "~/shared/logger.server";
import { readIdentityClaims, type IdentityFailure } from "./identity-claims";

export const ATTEMPT_TTL_MS = 10 * 60 * 1000;
/** How long we wait for the provider (discovery, token, keys, userinfo) before saying it is unreachable. */
const PROVIDER_TIMEOUT_S = 5;
export const CALLBACK_PATH = "/account/identity/callback";

const sha256 = (value: string) => crypto.createHash("sha256").update(value).digest("hex");

/** The stand-in for the provider's identifier of a person: HMAC-SHA256 under IDENTITY_HASH_KEY. */
export function subjectHash(issuer: string, subject: string, key = identitySettings().hashKey): string {
  return crypto.createHmac("sha256", key).update(`${issuer}\n${subject}`).digest("hex");
}

let configuration: Promise<oidc.Configuration> | null = null;

/** The provider's metadata, discovered once (and again after a failure). */
function providerConfiguration(): Promise<oidc.Configuration> {
  if (!configuration) {
    const settings = identitySettings();
    const insecure = getEnv().PORTAL_ENV !== "production" && settings.issuer.startsWith("http:");
    configuration = oidc
      .discovery(new URL(settings.issuer), settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret), {
        timeout: PROVIDER_TIMEOUT_S,
        // openid-client trusts an ID token from the token endpoint without checking its signature
        // unless asked; we ask, so a token not signed by a key the issuer publishes is refused.
        execute: insecure ? [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks] : [oidc.enableNonRepudiationChecks],
      })
      .catch((error: unknown) => {
        configuration = null;
        throw error;
      });
  }
  return configuration;
}

function redirectUri(): string {
  return `${getEnv().PUBLIC_ORIGIN}${CALLBACK_PATH}`;
}

/** A network failure or time-out talking to the provider (as opposed to an answer we refuse). */
function isUnreachable(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const name = (e as Error).name;
    const message = (e as Error).message ?? "";
    if (name === "AbortError" || name === "TimeoutError" || /fetch failed|ECONNREFUSED|ETIMEDOUT|ECONNRESET|socket/i.test(message)) return true;
  }
  return false;
}

function logFailure(stage: string, error: unknown): void {
  // The error's code and message only: never a token or a claim.
  const e = error as { code?: string; message?: string };
  getLogger().warn({ identity: stage, code: e.code, reason: e.message?.slice(0, 200) }, "identity verification failed");
}

export type StartResult = { ok: true; url: string } | { ok: false; reason: IdentityFailure };

/** Records a new attempt for `userId` and returns the provider's address to send the browser to. */
export async function startVerification(input: { userId: number; returnTo: string }, { now = new Date() } = {}): Promise<StartResult> {
  let config: oidc.Configuration;
  try {
    config = await providerConfiguration();
  } catch (error) {
    logFailure("discovery", error);
    return { ok: false, reason: "provider_unreachable" };
  }
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const codeChallenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
  await getDb()
    .insertInto("identity_attempts")
    .values({
      state_hash: sha256(state),
      nonce,
      code_verifier: codeVerifier,
      user_id: input.userId,
      return_to: input.returnTo,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ATTEMPT_TTL_MS).toISOString(),
      used_at: null,
    })
    .execute();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(),
    scope: "openid profile phone",
    response_type: "code",
    code_challenge: codeChallenge,
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { ok: true, url: url.href };
}

export type CompleteResult = { ok: true; returnTo: string } | { ok: false; reason: IdentityFailure };

/**
 * Completes the attempt named by the callback's `state`, for the signed-in `userId` only. The
 * attempt is spent first (one atomic UPDATE … WHERE used_at IS NULL), so a replayed callback finds
 * nothing; anything that goes wrong afterwards stores nothing.
 */
export async function completeVerification(
  input: { userId: number; actorLabel: string; search: URLSearchParams; ip?: string | null },
  { now = new Date() } = {},
): Promise<CompleteResult> {
  const state = input.search.get("state");
  if (!state || state.length > 200) return { ok: false, reason: "invalid_state" };
  const attempt = await getDb()
    .updateTable("identity_attempts")
    .set({ used_at: now.toISOString() })
    .where("state_hash", "=", sha256(state))
    .where("user_id", "=", input.userId)
    .where("used_at", "is", null)
    .returning(["nonce", "code_verifier", "return_to", "expires_at"])
    .executeTakeFirst();
  if (!attempt) return { ok: false, reason: "invalid_state" };
  if (attempt.expires_at <= now.toISOString()) return { ok: false, reason: "expired" };
  if (input.search.has("error")) {
    getLogger().warn({ identity: "authorize", code: input.search.get("error")?.slice(0, 100) }, "identity verification failed");
    return { ok: false, reason: "provider_error" };
  }

  let claims: Record<string, unknown>;
  const settings = identitySettings();
  try {
    const config = await providerConfiguration();
    const callback = new URL(redirectUri());
    for (const [key, value] of input.search) callback.searchParams.append(key, value);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: attempt.code_verifier,
      expectedState: state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) return { ok: false, reason: "token_rejected" };
    claims = { ...idToken };
    // Some providers put profile claims only in userinfo; the ID token's subject must match it.
    if ((!claims.name || !claims.birthdate) && config.serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
      claims = { ...info, ...claims, name: claims.name ?? info.name, birthdate: claims.birthdate ?? info.birthdate };
    }
  } catch (error) {
    logFailure("token", error);
    return { ok: false, reason: isUnreachable(error) ? "provider_unreachable" : "token_rejected" };
  }

  const person = readIdentityClaims(claims);
  if (!person.ok) return { ok: false, reason: person.problem };
  const hash = subjectHash(settings.issuer, person.subject, settings.hashKey);
  try {
    const linked = await withTransaction(getDb(), async (trx) => {
      const other = await trx
        .selectFrom("identity_verifications")
        .select("user_id")
        .where("issuer", "=", settings.issuer)
        .where("subject_hash", "=", hash)
        .where("user_id", "!=", input.userId)
        .executeTakeFirst();
      if (other) return false;
      const row = { issuer: settings.issuer, subject_hash: hash, name: person.name, birth_date: person.birthDate, verified_at: now.toISOString() };
      await trx
        .insertInto("identity_verifications")
        .values({ user_id: input.userId, ...row })
        .onConflict((oc) => oc.column("user_id").doUpdateSet(row))
        .execute();
      await recordAudit(trx, {
        actor: { id: input.userId, label: input.actorLabel },
        action: "identity.verified",
        target: { type: "user", id: input.userId },
        details: { issuer: settings.issuer, ip: input.ip ?? null },
        at: now,
      });
      return true;
    });
    if (!linked) {
      await recordAudit(getDb(), {
        actor: { id: input.userId, label: input.actorLabel },
        action: "identity.refused",
        target: { type: "user", id: input.userId },
        details: { issuer: settings.issuer, reason: "already_linked" },
        at: now,
      });
      return { ok: false, reason: "already_linked" };
    }
  } catch (error) {
    // Two accounts finishing as the same person at once: the unique index lets one win.
    if (isUniqueViolation(error)) return { ok: false, reason: "already_linked" };
    throw error;
  }
  return { ok: true, returnTo: attempt.return_to };
}

export interface IdentityStatus {
  name: string;
  birthDate: string;
  verifiedAt: string;
}

/** The account's verified person, or null. */
export async function getIdentityStatus(userId: number): Promise<IdentityStatus | null> {
  const row = await getDb()
    .selectFrom("identity_verifications")
    .select(["name", "birth_date", "verified_at"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row ? { name: row.name, birthDate: row.birth_date, verifiedAt: row.verified_at } : null;
}

/** The account's verified person as other modules match it (name, and the keyed hash standing for the identifier), in the caller's transaction. */
export async function getVerifiedPerson(
  executor: Kysely<Database> | Transaction<Database>,
  userId: number,
): Promise<{ issuer: string; subjectHash: string; name: string } | null> {
  const row = await executor
    .selectFrom("identity_verifications")
    .select(["issuer", "subject_hash", "name"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row ? { issuer: row.issuer, subjectHash: row.subject_hash, name: row.name } : null;
}
