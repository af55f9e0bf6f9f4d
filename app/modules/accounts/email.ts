/**
 * Email addresses as account names. Normalised by trimming, Unicode NFC and lower-casing, so one
 * person cannot end up with two accounts that differ only by case or composition. Only ASCII is
 * accepted: internationalised addresses are rare for Korean businesses (portal mail goes to ordinary
 * ASCII mailboxes), and refusing them shuts out look-alike addresses such as "аdmin@demo.test" with a
 * Cyrillic "а" that would read as someone else's account to a caseworker.
 */
export const EMAIL_MAX = 254;

export type EmailProblem = "required" | "tooLong" | "nonAscii" | "format";

export function normalizeEmail(input: string): string {
  return input.trim().normalize("NFC").toLowerCase();
}

// Deliberately simple, as browsers' type=email: local@label(.label)+ with no spaces or quotes.
const EMAIL_PATTERN = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function parseEmail(input: string): { ok: true; email: string } | { ok: false; problem: EmailProblem } {
  if (input.length > EMAIL_MAX * 4) return { ok: false, problem: "tooLong" };
  const email = normalizeEmail(input);
  if (!email) return { ok: false, problem: "required" };
  if (email.length > EMAIL_MAX) return { ok: false, problem: "tooLong" };
  if (/[^\x20-\x7e]/.test(email)) return { ok: false, problem: "nonAscii" };
  if (!EMAIL_PATTERN.test(email) || email.includes("..") || email.startsWith(".") || email.includes(".@")) {
    return { ok: false, problem: "format" };
  }
  return { ok: true, email };
}
