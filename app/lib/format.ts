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

/** KRW amounts, whole won, with the locale's grouping ("₩4,100,000,000,000"). */
export function formatKrw(amount: number, locale: Locale): string {
  return cached(`krw|${locale}`, () => new Intl.NumberFormat(intlLocale(locale), { style: "currency", currency: "KRW", maximumFractionDigits: 0 })).format(amount);
}

/** Large KRW amounts in words people use ("KRW 4.1 trillion", "4.1조 원"). */
export function formatKrwCompact(amount: number, locale: Locale): string {
  if (locale === "ko") {
    const units: [number, string][] = [
      [1_000_000_000_000, "조"],
      [100_000_000, "억"],
      [10_000, "만"],
    ];
    for (const [size, unit] of units) {
      if (amount >= size) return `${trimNumber(amount / size, locale)}${unit} 원`;
    }
    return `${formatNumber(amount, locale)} 원`;
  }
  const units: [number, string][] = [
    [1_000_000_000_000, "trillion"],
    [1_000_000_000, "billion"],
    [1_000_000, "million"],
  ];
  for (const [size, unit] of units) {
    if (amount >= size) return `KRW ${trimNumber(amount / size, locale)} ${unit}`;
  }
  return `KRW ${formatNumber(amount, locale)}`;
}

function trimNumber(value: number, locale: Locale): string {
  return cached(`trim|${locale}`, () => new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 2 })).format(value);
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
