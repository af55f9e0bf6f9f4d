/**
 * One money style for the whole portal (pure; used by pages, emails, explanations and CSV alike).
 *
 *   Korean:  2,000,000원          large sums in words: 4조 1,000억 원, 1억 2,000만 원
 *   English: KRW 2,000,000       large sums in words: KRW 4.1 trillion
 *
 * Never "₩" beside "원", never the amount twice. Amount fields accept what people type:
 * "120,000,000", "1억2천만", "1억 2,000만 원", "1.2억", "₩5,000,000", "500만원".
 */

type Locale = "en" | "ko";

const GROUPED = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0, useGrouping: true });

/** Digits with thousands separators ("2,000,000"); the same in both languages. */
export function groupDigits(value: number): string {
  return GROUPED.format(value);
}

/** An exact amount: `2,000,000원` in Korean, `KRW 2,000,000` in English. */
export function formatWon(amount: number, locale: Locale): string {
  const sign = amount < 0 ? "-" : "";
  const digits = groupDigits(Math.abs(Math.round(amount)));
  return locale === "ko" ? `${sign}${digits}원` : `${sign}KRW ${digits}`;
}

const KO_UNITS: [bigint, string][] = [
  [1_000_000_000_000n, "조"],
  [100_000_000n, "억"],
  [10_000n, "만"],
];

/**
 * A large sum as people say it: `4조 1,000억 원`, `1억 2,000만 원`, `1,000만 원` in Korean (exact:
 * every non-zero group is kept, so `1억 2,345만 6,789원`), `KRW 4.1 trillion` in English (rounded to
 * two decimals of the unit; exact below a million).
 */
export function formatWonWords(amount: number, locale: Locale): string {
  if (!Number.isFinite(amount)) return "";
  const whole = Math.round(amount);
  if (locale === "en") {
    const units: [number, string][] = [
      [1_000_000_000_000, "trillion"],
      [1_000_000_000, "billion"],
      [1_000_000, "million"],
    ];
    for (const [size, unit] of units) {
      if (Math.abs(whole) >= size) {
        return `KRW ${new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(whole / size)} ${unit}`;
      }
    }
    return formatWon(whole, "en");
  }
  if (Math.abs(whole) < 10_000) return formatWon(whole, "ko");
  const sign = whole < 0 ? "-" : "";
  let rest = BigInt(Math.abs(whole));
  const parts: string[] = [];
  for (const [size, unit] of KO_UNITS) {
    const count = rest / size;
    rest %= size;
    if (count > 0n) parts.push(`${groupDigits(Number(count))}${unit}`);
  }
  // "1억 2,000만 원" (space before 원 after a unit word), but "1만 5,000원" when won are left over.
  if (rest > 0n) return `${sign}${parts.join(" ")} ${groupDigits(Number(rest))}원`;
  return `${sign}${parts.join(" ")} 원`;
}

export type WonProblem = "empty" | "format" | "negative" | "fraction" | "tooLarge";
export type WonParse = { ok: true; value: number } | { ok: false; problem: WonProblem };

/** The largest amount we accept anywhere: 9,000조 원 (below 2^53, so exact as a JS number). */
export const MAX_WON = 9_000_000_000_000_000;

const BIG_UNITS: Record<string, bigint> = { 조: 1_000_000_000_000n, 억: 100_000_000n, 만: 10_000n };
const SMALL_UNITS: Record<string, bigint> = { 천: 1000n, 백: 100n, 십: 10n };

/** "1.2" × 10^8 exactly, or null when it does not come out in whole won. */
function decimalTimes(text: string, unit: bigint): bigint | null {
  const [int = "", frac = ""] = text.split(".");
  const scale = 10n ** BigInt(frac.length);
  const scaled = BigInt(`${int || "0"}${frac}`) * unit;
  if (scaled % scale !== 0n) return null;
  return scaled / scale;
}

/** A group below 만: "2천", "1천5백", "3,500", "2천500", "1.5천", or "" (meaning 1 before a unit word). */
function parseGroup(text: string, unit: bigint): bigint | null | "fraction" {
  if (text === "") return unit;
  let total = 0n;
  let rest = text;
  const small = /^(\d+(?:\.\d+)?)?([천백십])/;
  for (let m = small.exec(rest); m; m = small.exec(rest)) {
    const v = decimalTimes(m[1] ?? "1", SMALL_UNITS[m[2]!]! * unit);
    if (v === null) return "fraction";
    total += v;
    rest = rest.slice(m[0].length);
  }
  if (rest !== "") {
    if (!/^\d+(?:\.\d+)?$/.test(rest)) return null;
    const v = decimalTimes(rest, unit);
    if (v === null) return "fraction";
    total += v;
  }
  return total;
}

/**
 * Reads an amount the way Korean owners and staff type it. Spaces, commas, "원", "₩" and "KRW" are
 * ignored; 조/억/만 and 천/백/십 are multipliers; decimals are allowed where they come out in whole won
 * ("1.2억", not "1.5"). Zero is a valid answer here: whether it is meaningful is the caller's rule.
 */
export function parseWon(input: string): WonParse {
  let s = input.normalize("NFKC").trim();
  if (s === "") return { ok: false, problem: "empty" };
  s = s
    .replace(/^krw/i, "")
    .replace(/[\s,₩￦]/g, "")
    .replace(/원$/, "");
  if (s.startsWith("-") || s.startsWith("−")) return { ok: false, problem: "negative" };
  if (s.startsWith("+")) s = s.slice(1);
  if (s === "" || !/^[\d.조억만천백십]+$/.test(s)) return { ok: false, problem: "format" };
  let total = 0n;
  let rest = s;
  let lastBig = Number.POSITIVE_INFINITY;
  const big = /^([\d.천백십]*)([조억만])/;
  for (let m = big.exec(rest); m; m = big.exec(rest)) {
    const unit = BIG_UNITS[m[2]!]!;
    // Units must come largest first and only once each ("1억2천만", not "2천만1억").
    if (Number(unit) >= lastBig) return { ok: false, problem: "format" };
    lastBig = Number(unit);
    const v = parseGroup(m[1]!, unit);
    if (v === "fraction") return { ok: false, problem: "fraction" };
    if (v === null) return { ok: false, problem: "format" };
    total += v;
    rest = rest.slice(m[0].length);
  }
  if (rest !== "") {
    const v = parseGroup(rest, 1n);
    if (v === "fraction") return { ok: false, problem: "fraction" };
    if (v === null) return { ok: false, problem: "format" };
    total += v;
  }
  if (total > BigInt(MAX_WON)) return { ok: false, problem: "tooLarge" };
  return { ok: true, value: Number(total) };
}

/** Messages for a refused amount, in both languages, naming the actual mistake. */
export const WON_MESSAGES: Record<WonProblem | "notPositive", { en: string; ko: string }> = {
  empty: { en: "Enter an amount", ko: "금액을 입력하세요" },
  format: {
    en: "Enter the amount in won using digits, like 120,000,000 or 1억2천만",
    ko: "금액을 숫자로 입력하세요(예: 120,000,000 또는 1억2천만)",
  },
  negative: { en: "Enter an amount of 0 or more; it cannot be negative", ko: "금액은 음수일 수 없습니다. 0 이상으로 입력하세요" },
  fraction: { en: "Enter the amount in whole won", ko: "금액을 원 단위로 입력하세요(1원 미만은 입력할 수 없습니다)" },
  tooLarge: { en: "This amount is too large; check the number of zeros", ko: "금액이 너무 큽니다. 0의 개수를 확인하세요" },
  notPositive: { en: "Enter an amount greater than 0", ko: "0보다 큰 금액을 입력하세요" },
};

/** How an amount field shows a stored value: digits with separators, never a bare 13-digit number. */
export function wonFieldValue(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "number") return Number.isFinite(value) ? groupDigits(value) : "";
  const parsed = parseWon(value);
  return parsed.ok ? groupDigits(parsed.value) : value;
}
