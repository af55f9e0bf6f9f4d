import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgrammeFacts } from "~/modules/catalogue";
import { listProgrammes } from "~/modules/catalogue/index.server";
import { pick } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";
import { localeFromMatches, titleMeta } from "~/shared/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, programmes] = await Promise.all([getLocale(request), listProgrammes()]);
  const open = programmes.filter((p) => p.window === "open" || p.window === "closing_soon");
  return { locale, open };
}

export const meta: MetaFunction = ({ matches }) => titleMeta(undefined, localeFromMatches(matches));

export default function Home() {
  const { locale, open } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <section className="portal-hero">
        <h1>{t("home.title")}</h1>
        <p className="portal-lead">{t("home.lead")}</p>
      </section>
      <section className="portal-callout" aria-labelledby="check-heading">
        <h2 id="check-heading">{t("home.checkTitle")}</h2>
        <p>{t("home.checkText")}</p>
        <Link to="/eligibility" className="krds-btn large primary">
          {t("home.checkCta")}
        </Link>
      </section>
      <section aria-labelledby="open-heading">
        <h2 id="open-heading">{t("home.openTitle")}</h2>
        {open.length === 0 ? <p>{t("home.noneOpen")}</p> : null}
        <ul className="portal-cards">
          {open.map((p) => (
            <li key={p.slug} className="portal-card">
              <h3>
                <Link to={`/programmes/${p.slug}`}>{pick(p, "name", locale)}</Link>
              </h3>
              <p>{pick(p, "summary", locale)}</p>
              <ProgrammeFacts programme={p} locale={locale} />
            </li>
          ))}
        </ul>
        <p>
          <Link to="/programmes">{t("home.allProgrammes")}</Link>
        </p>
      </section>
    </>
  );
}
