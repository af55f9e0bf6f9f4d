import "~/modules/administration/admin.css";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/modules/accounts/index.server";
import { AdminNav } from "~/modules/administration";
import { formatBusinessNumber } from "~/modules/businesses";
import { rapidMeta } from "~/modules/rapid";
import { listLeads } from "~/modules/recommendations/index.server";
import { formatDate, formatNumber } from "~/shared/format";
import { pick } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

/** /admin/recommendations (caseworker+): the public's recommendations as a lead list. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "caseworker", { asNotFound: true });
  const [locale, leads] = await Promise.all([getLocale(request), listLeads()]);
  return { role: auth.user.role, locale, leads };
}

export const meta = rapidMeta((t) => t.recommend.staffTitle);

export default function Recommendations() {
  const { role, locale, leads } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div>
      <AdminNav role={role} />
      <h1>{t("rapid.recommend.staffTitle")}</h1>
      <p className="portal-lead">{t("rapid.recommend.staffLead")}</p>
      {leads.length === 0 ? (
        <p>{t("rapid.recommend.none")}</p>
      ) : (
        <div className="portal-table-wrap">
          <table className="portal-table portal-admin-table">
            <caption className="sr-only">{t("rapid.recommend.staffTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("rapid.recommend.columns.number")}</th>
                <th scope="col">{t("rapid.recommend.columns.programme")}</th>
                <th scope="col">{t("rapid.recommend.columns.count")}</th>
                <th scope="col">{t("rapid.recommend.columns.latest")}</th>
                <th scope="col">{t("rapid.recommend.columns.applied")}</th>
              </tr>
            </thead>
            <tbody>
              {leads.map((l) => (
                <tr key={`${l.registration_number}:${l.programme_id}`}>
                  <th scope="row">{formatBusinessNumber(l.registration_number)}</th>
                  <td>{pick(l, "name", locale)}</td>
                  <td>{formatNumber(l.count, locale)}</td>
                  <td>{formatDate(l.latest, locale)}</td>
                  <td>{l.reference ? <Link to={`/admin/applications/${l.reference}`}>{l.reference}</Link> : t("rapid.recommend.notApplied")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
