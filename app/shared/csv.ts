/**
 * CSV for spreadsheets (RFC 4180 quoting). Excel needs a byte-order mark to read UTF-8 (Korean
 * names), and treats a cell that starts with = + - @ (or a tab/CR) as a formula, so such text is
 * prefixed with an apostrophe and exported as text (OWASP "CSV injection"). Spreadsheets also skip
 * leading spaces and tabs before a formula sign, and some read the full-width signs (＝＋－＠, as
 * typed by a Korean or Japanese input method) as formulas, so those count too.
 */
export const UTF8_BOM = "\uFEFF";

const FORMULA_START = /^(?:[\t\r]|[ \t]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
