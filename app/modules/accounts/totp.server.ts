/**
 * The second factor's primitives (ASVS 2.8, 2.6): TOTP keys and codes (RFC 6238 through `otpauth`),
 * the QR code of the key (`qrcode`, server-rendered SVG), recovery codes, and sealing keys at rest.
 * No database here: app/modules/accounts/staff-mfa.server.ts owns the rows, the limits and the audit trail.
 */
import crypto from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { getEnv, keyBytes } from "~/shared/env.server";

export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
/** One step either side of now: a phone clock a little off, or a code typed as it turned over. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "SME Support Portal";

function totp(secretBase32: string, label = "staff") {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: TOTP_DIGITS, period: TOTP_PERIOD_S, secret: Secret.fromBase32(secretBase32) });
}

/** A new 160-bit key (RFC 4226's recommended length), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The key in groups of four, for typing into an app by hand. */
export function groupedKey(secretBase32: string): string {
  return secretBase32.replace(/(.{4})(?=.)/g, "$1 ");
}

export function totpUri(secretBase32: string, account: string): string {
  return totp(secretBase32, account).toString();
}

/** The otpauth:// URI as an SVG QR code, for an <img src="data:…">: no script, no request. */
export async function qrCodeDataUri(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

/** The step (30-second slot since 1970) a time falls in. */
export const totpStep = (now: Date) => Math.floor(now.getTime() / 1000 / TOTP_PERIOD_S);

/** Only for tests and fixtures: the code an app would show at `now`. */
export function totpCode(secretBase32: string, now = new Date()): string {
  return totp(secretBase32).generate({ timestamp: now.getTime() });
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: "wrong" | "reused" };

/**
 * Checks a six-digit code within the window. A code whose step is not after `lastStep` (the last one
 * accepted) is refused as reused (ASVS 2.8.4): a code read over a shoulder cannot be played again.
 */
export function checkTotp(secretBase32: string, code: string, { now = new Date(), lastStep = null as number | null } = {}): TotpCheck {
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: "wrong" };
  const delta = totp(secretBase32).validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return { ok: false, reason: "wrong" };
  const step = totpStep(now) + delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: "reused" };
  return { ok: true, step };
}

/** What people type, as the code looks once spaces, hyphens and case are set aside. */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/g, "").toLowerCase().slice(0, 64);
}

// Recovery codes: 12 characters from 32 unambiguous ones (60 bits), shown as xxxx-xxxx-xxxx.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_PATTERN = /^[a-z2-9]{12}$/;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = crypto.randomBytes(12);
    const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/**
 * Stored as a random 16-byte salt and SHA-256 (ASVS 2.6.2: lookup secrets under 112 bits are salted
 * and hashed). A slow hash is not needed: a code is only ever tried online, six at a time.
 */
export function hashRecoveryCode(code: string, salt = crypto.randomBytes(16).toString("hex")): string {
  return `${salt}$${crypto
    .createHash("sha256")
    .update(`${salt}:${normaliseCode(code)}`)
    .digest("hex")}`;
}

export function recoveryCodeMatches(stored: string, code: string): boolean {
  const [salt, hash] = stored.split("$");
  if (!salt || !hash) return false;
  const candidate = hashRecoveryCode(code, salt).split("$")[1]!;
  return crypto.timingSafeEqual(Buffer.from(candidate, "hex"), Buffer.from(hash, "hex"));
}

/**
 * TOTP keys at rest: with MFA_ENCRYPTION_KEY, sealed with AES-256-GCM (`v1:iv:tag:ciphertext`,
 * base64url) so a copy of the database alone does not yield staff second factors; without it,
 * stored as `plain:KEY` and the server warns at start in production. Keys sealed with a key that is
 * later removed cannot be read: the person enrols again.
 */
export function sealSecret(secretBase32: string, key = encryptionKey()): string {
  if (!key) return `plain:${secretBase32}`;
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(secretBase32, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(":");
}

export function openSecret(stored: string, key = encryptionKey()): string | null {
  if (stored.startsWith("plain:")) return stored.slice("plain:".length);
  const [version, iv, tag, body] = stored.split(":");
  if (version !== "v1" || !iv || !tag || !body || !key) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

function encryptionKey(): Buffer | null {
  const value = getEnv().MFA_ENCRYPTION_KEY;
  return value ? keyBytes(value) : null;
}
