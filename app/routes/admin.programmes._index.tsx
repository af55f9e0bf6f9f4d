import "~/modules/administration/admin.css";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminNav, adminMeta } from "~/modules/administration";
import { requireStaff } from "~/modules/accounts/index.server";
import { listProgrammesForAdmin } from "~/modules/administration/index.server";
import { formatDate } from "~/shared/format";
import { pick } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

/** Programme administration: supervisors and admins. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "supervisor", { asNotFound: true });
  const [programmes, locale] = await Promise.all([listProgrammesForAdmin(), getLocale(request)]);
  return { role: auth.user.role, programmes, locale };
}

export const meta = adminMeta((t) => t.programmes.title);

export default function AdminProgrammes() {
  const { role, programmes, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div>
      <AdminNav role={role} />
      <h1>{t("admin.programmes.title")}</h1>
      <p className="portal-lead">{t("admin.programmes.lead")}</p>
      <div className="portal-table-wrap">
        <table className="portal-table portal-admin-table portal-stack">
          <caption className="sr-only">{t("admin.programmes.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.programmes.columns.name")}</th>
              <th scope="col">{t("admin.programmes.columns.status")}</th>
              <th scope="col">{t("admin.programmes.columns.window")}</th>
              <th scope="col">{t("admin.programmes.columns.version")}</th>
            </tr>
          </thead>
          <tbody>
            {programmes.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`/admin/programmes/${p.slug}`}>
                    {t("admin.programmes.edit")} <span className="sr-only">: </span>
                    {pick(p, "name", locale)}
                  </Link>
                </th>
                <td data-label={t("admin.programmes.columns.status")}>{t(`admin.programmes.statuses.${p.status}`)}</td>
                <td data-label={t("admin.programmes.columns.window")}>
                  {formatDate(p.opens_on, locale)} – {formatDate(p.closes_on, locale)}
                </td>
                <td data-label={t("admin.programmes.columns.version")}>
                  {t("admin.programmes.versionText", { version: p.version, rulesVersion: p.rules_version })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
