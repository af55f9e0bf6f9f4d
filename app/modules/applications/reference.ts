/** Application references like SF-2026-000042: programme prefix, year, gap-free yearly sequence. */
const REFERENCE_PATTERN = /^([A-Z]{2,8})-(\d{4})-(\d{6,})$/;

export function formatReference(prefix: string, year: number, sequence: number): string {
  if (!/^[A-Z]{2,8}$/.test(prefix)) throw new Error(`Bad reference prefix ${prefix}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new Error(`Bad reference sequence ${sequence}`);
  return `${prefix}-${year}-${String(sequence).padStart(6, "0")}`;
}

export function parseReference(reference: string): { prefix: string; year: number; sequence: number } | null {
  const match = REFERENCE_PATTERN.exec(reference);
  if (!match) return null;
  return { prefix: match[1]!, year: Number(match[2]), sequence: Number(match[3]) };
}

/** Whether a text has the form of an application reference (SF-2026-000042). */
export function isReference(value: string): boolean {
  return REFERENCE_PATTERN.test(value);
}
