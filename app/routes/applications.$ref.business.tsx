import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatBusinessNumber } from "~/modules/businesses";
import { codeName } from "~/modules/eligibility";
import { requireOwnedApplication } from "~/modules/applications/index.server";
import { applicationsMeta } from "~/modules/applications";

/** The business applying, from its profile (edited there, never asked twice). */
export async function loader(args: LoaderFunctionArgs) {
  const { app, locale, key } = await requireOwnedApplication(args);
  return {
    key,
    businessId: app.business_id,
    rows: [
      ["tradeName", app.trade_name],
      ["number", formatBusinessNumber(app.registration_number)],
      ["representative", app.representative_name],
      ["region", codeName(app.business_region, locale)],
      ["sector", codeName(app.business_sector, locale)],
    ] as const,
  };
}

export const meta = applicationsMeta((t) => t.business.title);

export default function BusinessStep() {
  const { key, businessId, rows } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div>
      <p>
        <Link to={`/applications/${key}`}>{t("applications.tasks.back")}</Link>
      </p>
      <h1>{t("applications.business.title")}</h1>
      <p>{t("applications.business.lead")}</p>
      <dl className="portal-summary">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{t(`applications.business.${label}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p>
        <Link to={`/account/businesses/${businessId}`}>{t("applications.business.edit")}</Link>
      </p>
      <p>
        <Link to={`/applications/${key}`} className="krds-btn large primary">
          {t("forms.continue")}
        </Link>
      </p>
    </div>
  );
}
