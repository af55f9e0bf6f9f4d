import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { localeFromMatches, titleMeta } from "~/shared/meta";
import { resources } from "~/shared/i18n";

export type InfoPageName = "privacy" | "copyright" | "terms" | "accessibility";

/** The footer's policy pages: plain text from the locale files, sections without a heading left out. */
export function InfoPage({ page }: { page: InfoPageName }) {
  const { t } = useTranslation();
  const k = (key: string) => t(`info.pages.${page}.${key}` as never) as string;
  return (
    <article className="portal-info-page">
      <h1>{k("title")}</h1>
      <p className="portal-lead">{k("lead")}</p>
      {(["1", "2", "3", "4"] as const).map((n) =>
        k(`h${n}`) ? (
          <section key={n}>
            <h2>{k(`h${n}`)}</h2>
            <p>{k(`p${n}`)}</p>
          </section>
        ) : null,
      )}
      <p className="portal-muted">{t("info.pages.updated")}</p>
    </article>
  );
}

export function infoMeta(page: InfoPageName): MetaFunction {
  return ({ matches }) => {
    const locale = localeFromMatches(matches);
    return titleMeta(resources[locale].translation.info.pages[page].title, locale);
  };
}
