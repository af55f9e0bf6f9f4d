import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgrammeFacts } from "~/modules/catalogue";
import { listProgrammes } from "~/modules/catalogue/index.server";
import { pick, resources } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";
import { titleMeta } from "~/shared/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, programmes] = await Promise.all([getLocale(request), listProgrammes()]);
  return { locale, programmes };
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  titleMeta(data ? resources[data.locale].translation.programmes.title : undefined, data?.locale);

export default function Programmes() {
  const { locale, programmes } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("programmes.title")}</h1>
      <p className="portal-lead">{t("programmes.lead")}</p>
      <ul className="portal-cards">
        {programmes.map((p) => (
          <li key={p.slug} className="portal-card">
            <h2>
              <Link to={`/programmes/${p.slug}`}>{pick(p, "name", locale)}</Link>
            </h2>
            <p>{pick(p, "summary", locale)}</p>
            <p>
              <strong>{t("programmes.support")}: </strong>
              {pick(p, "support", locale)}
            </p>
            <ProgrammeFacts programme={p} locale={locale} />
          </li>
        ))}
      </ul>
    </>
  );
}
