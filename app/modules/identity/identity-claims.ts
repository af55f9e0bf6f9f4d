import { z } from "zod";
import { safeRedirect } from "~/shared/safe-redirect";

/**
 * A verified name as we store and compare it: NFKC (full-width letters and the ideographic space
 * become their ordinary forms), runs of white space collapsed to one space, trimmed.
 */
export function normalizeName(raw: string): string {
  return raw.normalize("NFKC").replace(/\s+/gu, " ").trim();
}

/** An OpenID Connect `birthdate` (YYYY-MM-DD) that is a real calendar day, or null. */
export function parseBirthdate(raw: unknown): string | null {
  if (typeof raw !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
  const day = new Date(`${raw}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === raw ? raw : null;
}

export type ClaimsProblem = "missing_name" | "missing_birthdate" | "missing_subject";

/** The claims we need from the ID token (and userinfo), checked; the phone number is not stored. */
export function readIdentityClaims(
  claims: Record<string, unknown>,
): { ok: true; subject: string; name: string; birthDate: string } | { ok: false; problem: ClaimsProblem } {
  const subject = typeof claims.sub === "string" ? claims.sub : "";
  if (!subject) return { ok: false, problem: "missing_subject" };
  const name = typeof claims.name === "string" ? normalizeName(claims.name) : "";
  if (!name) return { ok: false, problem: "missing_name" };
  const birthDate = parseBirthdate(claims.birthdate);
  if (!birthDate) return { ok: false, problem: "missing_birthdate" };
  return { ok: true, subject, name, birthDate };
}

/** Where to go once verified: a same-site path, else the identity page itself. */
export const ReturnToSchema = z
  .string()
  .max(500)
  .optional()
  .transform((v) => safeRedirect(v, "/account/identity"));

/** The reasons a verification can fail, each with its own words in the locale files. */
export const IDENTITY_FAILURES = [
  "invalid_state",
  "expired",
  "provider_error",
  "provider_unreachable",
  "token_rejected",
  "missing_name",
  "missing_birthdate",
  "missing_subject",
  "already_linked",
] as const;
export type IdentityFailure = (typeof IDENTITY_FAILURES)[number];
