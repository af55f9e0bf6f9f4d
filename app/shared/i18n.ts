import en from "~/locales/en";
import ko from "~/locales/ko";

type DeepString<T> = { -readonly [K in keyof T]: T[K] extends string ? string : DeepString<T[K]> };
/** The shape every language file has: English's keys, any strings. */
export type Translation = DeepString<typeof en>;

export const LOCALES = ["ko", "en"] as const;
export type Locale = (typeof LOCALES)[number];
/** A Korean government service speaks Korean unless the browser asks for English. */
export const DEFAULT_LOCALE: Locale = "ko";

export const resources = { en: { translation: en }, ko: { translation: ko } } as const;

/** i18next options shared by the server render and the browser, so both produce the same text. */
export const i18nConfig = {
  supportedLngs: [...LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "translation",
  resources,
  interpolation: { escapeValue: false }, // React escapes already
  react: { useSuspense: false },
} as const;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Picks the English or Korean column of a bilingual record: `pick(p, "name", "ko")` → p.name_ko. */
export function pick<K extends string, R extends Record<`${K}_en` | `${K}_ko`, string>>(record: R, key: K, locale: Locale): string {
  return record[`${key}_${locale}` as `${K}_en`];
}

/** Picks a language from a `{ en, ko }` text stored in rules data. */
export function text(value: { en: string; ko: string }, locale: Locale): string {
  return value[locale];
}
