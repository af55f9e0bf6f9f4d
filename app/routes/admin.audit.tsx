import "~/styles/admin.css";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminNav } from "~/components/admin-nav";
import { TextField } from "~/components/form";
import { requireStaff } from "~/auth/guards.server";
import { adminMeta } from "~/lib/admin-meta";
import { getLocale } from "~/lib/i18n.server";
import { listAudit, readAuditFilter } from "~/services/audit-query.server";

/** The audit trail, read-only: supervisors and admins. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "supervisor", { asNotFound: true });
  const filter = readAuditFilter(new URL(request.url).searchParams);
  const [page, locale] = await Promise.all([listAudit(filter), getLocale(request)]);
  return { role: auth.user.role, filter, locale, ...page };
}

export const meta = adminMeta((t) => t.audit.title);

const SEOUL_TIME = {
  ko: new Intl.DateTimeFormat("ko-KR", { dateStyle: "medium", timeStyle: "medium", timeZone: "Asia/Seoul" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "Asia/Seoul" }),
};

function seoulTime(iso: string, locale: "en" | "ko"): string {
  return SEOUL_TIME[locale].format(new Date(iso));
}

export default function AuditPage() {
  const { role, filter, locale, rows, nextBefore } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const query = (before?: number) => {
    const params = new URLSearchParams();
    for (const k of ["actor", "action", "target", "from", "to"] as const) if (filter[k]) params.set(k, filter[k]!);
    if (before) params.set("before", String(before));
    return `?${params}`;
  };
  return (
    <div>
      <AdminNav role={role} />
      <h1>{t("admin.audit.title")}</h1>
      <p className="portal-lead">{t("admin.audit.lead")}</p>
      <Form method="get" aria-labelledby="audit-filter-title">
        <h2 id="audit-filter-title">{t("admin.audit.filterTitle")}</h2>
        <div className="portal-filter-grid">
          <TextField name="actor" label={t("admin.audit.fields.actor")} hint={t("admin.audit.hints.actor")} defaultValue={filter.actor ?? ""} spellCheck={false} />
          <TextField name="action" label={t("admin.audit.fields.action")} hint={t("admin.audit.hints.action")} defaultValue={filter.action ?? ""} spellCheck={false} />
          <TextField name="target" label={t("admin.audit.fields.target")} hint={t("admin.audit.hints.target")} defaultValue={filter.target ?? ""} spellCheck={false} />
          <TextField name="from" type="date" label={t("admin.audit.fields.from")} defaultValue={filter.from ?? ""} />
          <TextField name="to" type="date" label={t("admin.audit.fields.to")} defaultValue={filter.to ?? ""} />
        </div>
        <div className="portal-form-actions">
          <button type="submit" className="krds-btn medium primary">
            {t("admin.audit.apply")}
          </button>
          <Link to="/admin/audit">{t("admin.audit.clear")}</Link>
        </div>
      </Form>
      <h2 id="audit-results-title">{t("admin.audit.resultsTitle")}</h2>
      {rows.length === 0 ? (
        <p>{t("admin.audit.empty")}</p>
      ) : (
        <div className="portal-table-wrap">
          <table className="portal-table portal-admin-table" aria-labelledby="audit-results-title">
            <thead>
              <tr>
                <th scope="col">{t("admin.audit.columns.id")}</th>
                <th scope="col">{t("admin.audit.columns.at")}</th>
                <th scope="col">{t("admin.audit.columns.actor")}</th>
                <th scope="col">{t("admin.audit.columns.action")}</th>
                <th scope="col">{t("admin.audit.columns.target")}</th>
                <th scope="col">{t("admin.audit.columns.details")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.id}</td>
                  <td>{seoulTime(r.at, locale)}</td>
                  <td>{r.actor_label}</td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td>{r.target_type ? `${r.target_type}:${r.target_id}` : "—"}</td>
                  <td className="portal-audit-details">{r.details === "{}" ? "" : r.details}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="portal-form-actions" aria-label={t("admin.audit.pagination")}>
        {filter.before ? <Link to={query()}>{t("admin.audit.newest")}</Link> : null}
        {nextBefore ? <Link to={query(nextBefore)}>{t("admin.audit.older")}</Link> : null}
      </nav>
    </div>
  );
}
