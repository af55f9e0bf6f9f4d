/**
 * The Korean business registration number (사업자등록번호): ten digits, written NNN-NN-NNNNN, whose
 * last digit is a check digit (PROGRAMMES.md). Stored as the ten digits alone, so "123-45-67890" and
 * "1234567890" are the same number to the unique index; shown with hyphens.
 */
const WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5] as const;

/** Digits only, if the input is ten digits with optional hyphens or spaces in the usual places; else null. */
export function normalizeBusinessNumber(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\d{3}[- ]?\d{2}[- ]?\d{5}$/.test(trimmed)) return null;
  return trimmed.replace(/[- ]/g, "");
}

/** The check digit for the first nine digits. */
export function businessNumberCheckDigit(nineDigits: string): number {
  const d = [...nineDigits].map(Number);
  let sum = 0;
  WEIGHTS.forEach((w, i) => (sum += w * d[i]!));
  sum += Math.floor((d[8]! * 5) / 10);
  return (10 - (sum % 10)) % 10;
}

/** True when `digits` is ten digits whose last one matches the check digit. */
export function hasValidCheckDigit(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  return businessNumberCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

export type BusinessNumberProblem = "format" | "checkDigit";

/** Parses what a person typed: the normalised digits, or why it is not a valid number. */
export function parseBusinessNumber(input: string): { ok: true; digits: string } | { ok: false; problem: BusinessNumberProblem } {
  const digits = normalizeBusinessNumber(input);
  if (!digits) return { ok: false, problem: "format" };
  if (!hasValidCheckDigit(digits)) return { ok: false, problem: "checkDigit" };
  return { ok: true, digits };
}

export function formatBusinessNumber(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}` : digits;
}
