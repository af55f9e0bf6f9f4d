import type { MetaDescriptor } from "@remix-run/node";
import { resources, isLocale, DEFAULT_LOCALE, type Locale } from "./i18n";

/** `<title>` as "Page – Service", so every tab and history entry says where the user is. */
export function titleMeta(title: string | undefined, locale: unknown): MetaDescriptor[] {
  const l: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const service = resources[l].translation.meta.titleSuffix;
  return [{ title: title ? `${title} – ${service}` : service }];
}

/** The locale the root loader chose, from a meta function's `matches`. */
export function localeFromMatches(matches: ReadonlyArray<{ id: string; data: unknown }>): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}
