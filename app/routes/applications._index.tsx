import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOwner } from "~/modules/accounts/index.server";
import { StatusBadge, type ApplicationStatus, applicationsMeta } from "~/modules/applications";
import { listOwnerApplications } from "~/modules/applications/index.server";
import { formatDate } from "~/shared/format";
import { pick } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

/** An owner's home: every application with its status and the next thing to do. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireOwner({ request, context });
  const [locale, applications] = await Promise.all([getLocale(request), listOwnerApplications(auth.user.id)]);
  return { locale, applications };
}

export const meta = applicationsMeta((t) => t.list.title);

export default function ApplicationsPage() {
  const { locale, applications } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div>
      <h1>{t("applications.list.title")}</h1>
      <p className="portal-lead">{t("applications.list.lead")}</p>
      {applications.length === 0 ? (
        <p>{t("applications.list.empty")}</p>
      ) : (
        <div className="portal-table-wrap">
          <table className="krds-table portal-table portal-stack">
            <thead>
              <tr>
                <th scope="col">{t("applications.list.reference")}</th>
                <th scope="col">{t("applications.list.programme")}</th>
                <th scope="col">{t("applications.list.business")}</th>
                <th scope="col">{t("applications.list.status")}</th>
                <th scope="col">{t("applications.list.updated")}</th>
                <th scope="col">{t("applications.list.next")}</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((a) => {
                const key = a.reference ?? a.public_id;
                const name = pick({ name_en: a.programme_name_en, name_ko: a.programme_name_ko }, "name", locale);
                return (
                  <tr key={a.public_id}>
                    <th scope="row">
                      <Link
                        to={`/applications/${key}`}
                        aria-label={t("applications.list.open", { name: `${a.reference ?? t("applications.list.draftRef")} ${name}` })}
                      >
                        {a.reference ?? t("applications.list.draftRef")}
                      </Link>
                    </th>
                    <td data-label={t("applications.list.programme")}>{name}</td>
                    <td data-label={t("applications.list.business")}>{a.trade_name}</td>
                    <td data-label={t("applications.list.status")}>
                      <StatusBadge status={a.status as ApplicationStatus} locale={locale} />
                    </td>
                    <td data-label={t("applications.list.updated")}>{formatDate(a.updated_at, locale)}</td>
                    <td data-label={t("applications.list.next")}>
                      {t(`applications.next.${a.status as ApplicationStatus}`)}
                      {a.needsAccount ? (
                        <>
                          {" "}
                          <Link to={a.reference ? `/applications/${a.reference}/payout` : `/applications/${a.public_id}/account`}>
                            {t("payments.step.missingList")}
                            <span className="sr-only"> {a.reference ?? name}</span>
                          </Link>
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link to="/programmes">{t("applications.list.findProgramme")}</Link>
      </p>
    </div>
  );
}
