import { formatWon, formatWonWords } from "~/shared/money";
import type { Locale } from "./i18n";

/**
 * Intl formatters are costly to build (locale data lookup) and cheap to use: one per locale and
 * style, made on first use and kept (see docs/performance.md).
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** KRW amounts, whole won: "2,000,000원" in Korean, "KRW 2,000,000" in English (app/shared/money.ts). */
export function formatKrw(amount: number, locale: Locale): string {
  return formatWon(amount, locale);
}

/** Large KRW amounts in words people use ("4조 1,000억 원", "KRW 4.1 trillion"). */
export function formatKrwCompact(amount: number, locale: Locale): string {
  return formatWonWords(amount, locale);
}

export function formatNumber(value: number, locale: Locale): string {
  return cached(`num|${locale}`, () => new Intl.NumberFormat(intlLocale(locale))).format(value);
}

/** A calendar date (YYYY-MM-DD) in the locale's long form, without time-zone drift. */
export function formatDate(isoDate: string, locale: Locale): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return cached(`date|${locale}`, () => new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "long", timeZone: "UTC" })).format(date);
}

function intlLocale(locale: Locale): string {
  return locale === "ko" ? "ko-KR" : "en-GB";
}
