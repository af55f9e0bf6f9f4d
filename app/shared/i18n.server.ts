import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LOCALE, LOCALES, i18nConfig, isLocale, type Locale } from "./i18n";

/** Remembers the language the user chose; a year, readable by the server only. */
export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    // A chosen language wins over the browser's Accept-Language.
    order: ["searchParams", "cookie", "header"],
    searchParamKey: "lng",
  },
  i18next: { ...i18nConfig, supportedLngs: [...i18nConfig.supportedLngs] },
});

export async function getLocale(request: Request): Promise<Locale> {
  const locale = await i18nServer.getLocale(request);
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/**
 * One initialised i18next instance per language, made once and shared by every request (the server
 * never changes an instance's language, so sharing is safe). Building and initialising an instance
 * per request cost about 3 % of a page's CPU (see docs/performance.md).
 */
const instances = new Map<Locale, Promise<I18n>>();

export function i18nFor(locale: Locale): Promise<I18n> {
  let instance = instances.get(locale);
  if (!instance) {
    const i18n = createInstance();
    instance = i18n
      .use(initReactI18next)
      .init({ ...i18nConfig, supportedLngs: [...i18nConfig.supportedLngs], lng: locale })
      .then(() => i18n);
    instances.set(locale, instance);
  }
  return instance;
}

export async function getFixedT(request: Request) {
  const locale = await getLocale(request);
  return (await i18nFor(locale)).getFixedT(locale);
}
