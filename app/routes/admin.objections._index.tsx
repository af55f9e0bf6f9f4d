import "~/modules/administration/admin.css";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminNav } from "~/modules/administration";
import { requireStaff } from "~/modules/accounts/index.server";
import { objectionStateName } from "~/modules/objections";
import { paymentsMeta } from "~/modules/payments";
import { listObjections } from "~/modules/objections/index.server";
import { formatDate } from "~/shared/format";
import { pick, text } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

/** The objections queue (이의신청): caseworkers and above; open ones first, oldest first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "caseworker", { asNotFound: true });
  const show = new URL(request.url).searchParams.get("show") === "all" ? "all" : "open";
  const [objections, locale] = await Promise.all([listObjections(auth.user, { state: show }), getLocale(request)]);
  return { role: auth.user.role, objections: objections ?? [], show, locale };
}

export const meta = paymentsMeta((t) => t.objections.title);

export default function ObjectionsQueue() {
  const { role, objections, show, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div>
      <AdminNav role={role} />
      <h1>{t("payments.objections.title")}</h1>
      <p className="portal-lead">{t("payments.objections.lead")}</p>
      <Form method="get" className="portal-inline-form">
        <label htmlFor="show">{t("payments.objections.filter")}</label>{" "}
        <select id="show" name="show" defaultValue={show} className="krds-form-select">
          <option value="open">{t("payments.objections.open")}</option>
          <option value="all">{t("payments.objections.all")}</option>
        </select>{" "}
        <button type="submit" className="krds-btn small secondary">
          {t("payments.objections.filter")}
        </button>
      </Form>
      {objections.length === 0 ? (
        <p>{t("payments.objections.none")}</p>
      ) : (
        <div className="portal-table-wrap">
          <table className="portal-table portal-admin-table">
            <caption className="sr-only">{t("payments.objections.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("payments.objections.columns.id")}</th>
                <th scope="col">{t("payments.objections.columns.application")}</th>
                <th scope="col">{t("payments.objections.columns.business")}</th>
                <th scope="col">{t("payments.objections.columns.programme")}</th>
                <th scope="col">{t("payments.objections.columns.filed")}</th>
                <th scope="col">{t("payments.objections.columns.state")}</th>
              </tr>
            </thead>
            <tbody>
              {objections.map((o) => (
                <tr key={o.id}>
                  <th scope="row">
                    <Link to={`/admin/objections/${o.id}`}>{t("payments.objections.detailTitle", { id: o.id })}</Link>
                  </th>
                  <td>{o.reference ?? t(`payments.objections.kinds.${o.kind}`)}</td>
                  <td>{o.trade_name}</td>
                  <td>{pick(o, "programme_name", locale)}</td>
                  <td>{formatDate(o.created_at, locale)}</td>
                  <td>
                    {text(objectionStateName(o.state), locale)}
                    {o.yours && o.state === "open" ? <p className="portal-muted">{t("payments.objections.yours")}</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
