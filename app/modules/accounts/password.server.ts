import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { checkPasswordLength, type PasswordProblem } from "~/modules/accounts/password-policy";

/**
 * Argon2id with OWASP's minimum parameters (m = 19 MiB, t = 2, p = 1). @node-rs/argon2 defaults to
 * Argon2id; the numbers are spelled out so a library default change cannot weaken them silently.
 */
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** ~49,000 common passwords from @zxcvbn-ts/language-common, lower-cased once at start. */
const COMMON = new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.normalize("NFC").toLowerCase());
}

/** The policy for a new password; null when it is acceptable. Length first: a 10 MB string stops there. */
export function checkNewPassword(password: string, email?: string): PasswordProblem | null {
  const length = checkPasswordLength(password);
  if (length) return length;
  if (isCommonPassword(password)) return "common";
  if (email && password.normalize("NFC").toLowerCase() === email.toLowerCase()) return "sameAsEmail";
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password.normalize("NFC"), ARGON2);
}

/** Constant-ish time: a wrong or over-long password costs the same Argon2 work as a right one. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (checkPasswordLength(password) === "tooLong") return false;
  try {
    return await verify(passwordHash, password.normalize("NFC"));
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * Burns one verification for an unknown email, so response time does not tell an attacker which
 * emails have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword("dummy password for timing only");
  await verifyPassword(await dummy, password.slice(0, 128));
  return false;
}
