import "~/modules/administration/admin.css";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/modules/accounts/index.server";
import { AdminNav } from "~/modules/administration";
import { formatBusinessNumber } from "~/modules/businesses";
import { listNumberConflicts } from "~/modules/businesses/index.server";
import { identityMeta } from "~/modules/identity";
import { formatDate } from "~/shared/format";
import { getLocale } from "~/shared/i18n.server";

/** /admin/business-numbers (caseworker+): numbers claimed by a second account, settled or open. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "caseworker", { asNotFound: true });
  const [locale, rows] = await Promise.all([getLocale(request), listNumberConflicts()]);
  return { role: auth.user.role, locale, rows };
}

export const meta = identityMeta((t) => t.numbers.title);

export default function BusinessNumbers() {
  const { role, locale, rows } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div>
      <AdminNav role={role} />
      <h1>{t("identity.numbers.title")}</h1>
      <p className="portal-lead">{t("identity.numbers.lead")}</p>
      {rows.length === 0 ? (
        <p>{t("identity.numbers.none")}</p>
      ) : (
        <div className="portal-table-wrap">
          <table className="portal-table portal-admin-table">
            <caption className="sr-only">{t("identity.numbers.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("identity.numbers.number")}</th>
                <th scope="col">{t("identity.numbers.business")}</th>
                <th scope="col">{t("identity.numbers.holder")}</th>
                <th scope="col">{t("identity.numbers.claimant")}</th>
                <th scope="col">{t("identity.numbers.when")}</th>
                <th scope="col">{t("identity.numbers.state")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{formatBusinessNumber(r.registration_number)}</th>
                  <td>{r.trade_name ?? ""}</td>
                  <td>{r.holder_email ?? ""}</td>
                  <td>{r.claimant_email}</td>
                  <td>{formatDate(r.created_at, locale)}</td>
                  <td>{r.resolved_at ? t("identity.numbers.settled") : t("identity.numbers.open")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
