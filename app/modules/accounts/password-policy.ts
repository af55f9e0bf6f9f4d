/**
 * Password rules (OWASP ASVS 2.1): 12 to 128 characters, any characters, no composition rules, and not
 * one of the most common passwords (checked by app/modules/accounts/password.server.ts, which holds the list).
 * Length is counted in Unicode code points after NFC, so a Korean passphrase counts as people read it.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export type PasswordProblem = "required" | "tooShort" | "tooLong" | "common" | "sameAsEmail";

export function passwordLength(password: string): number {
  return [...password.normalize("NFC")].length;
}

/** The length checks, cheap enough to run before anything else (a 10 MB password stops here). */
export function checkPasswordLength(password: string): PasswordProblem | null {
  if (password.length === 0) return "required";
  // Cheap bound first: more than 4 UTF-16 units per allowed character cannot be within the limit.
  if (password.length > PASSWORD_MAX * 4) return "tooLong";
  const length = passwordLength(password);
  if (length < PASSWORD_MIN) return "tooShort";
  if (length > PASSWORD_MAX) return "tooLong";
  return null;
}
