import "~/modules/administration/admin.css";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminNav, adminMeta } from "~/modules/administration";
import { requireStaff } from "~/modules/accounts/index.server";
import { APPLICATION_STATUSES, statusName } from "~/modules/applications";
import { getDashboard } from "~/modules/statistics/index.server";
import { BarChart } from "~/shared/ui/bar-chart";
import { formatDate, formatKrw, formatNumber } from "~/shared/format";
import { pick } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

/** Staff's home after sign-in: the dashboard, for every staff role. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "caseworker", { asNotFound: true });
  const [programmes, locale] = await Promise.all([getDashboard(), getLocale(request)]);
  return { role: auth.user.role, programmes, locale };
}

export const meta = adminMeta((t) => t.dashboard.title);

export default function AdminDashboard() {
  const { role, programmes, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const n = (v: number) => formatNumber(v, locale);
  return (
    <div>
      <AdminNav role={role} />
      <h1>{t("admin.dashboard.title")}</h1>
      <p className="portal-lead">{t("admin.dashboard.lead")}</p>
      {programmes.map((p) => {
        const name = pick(p, "name", locale);
        const headingId = `programme-${p.slug}`;
        return (
          <section key={p.id} className="portal-programme-block" aria-labelledby={headingId}>
            <h2 id={headingId}>{name}</h2>
            <dl className="portal-stats">
              <div>
                <dt>{t("admin.dashboard.approved")}</dt>
                <dd>
                  {n(p.approvedCount)}
                  {p.capacity !== null ? ` / ${t("admin.dashboard.capacity", { value: n(p.capacity) })}` : ""}
                  {p.target_count !== null ? (
                    <>
                      <br />
                      <span className="portal-muted">{t("admin.dashboard.target", { value: n(p.target_count) })}</span>
                    </>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>{t("admin.dashboard.amountApproved")}</dt>
                <dd>
                  {formatKrw(p.approvedAmountKrw, locale)}
                  {p.budget_krw !== null ? (
                    <>
                      <br />
                      <span className="portal-muted">{t("admin.dashboard.budget", { value: formatKrw(p.budget_krw, locale) })}</span>
                    </>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>{t("admin.dashboard.medianDays")}</dt>
                <dd>
                  {p.medianDaysToDecision === null
                    ? t("admin.dashboard.noDecisions")
                    : t("admin.dashboard.days", { value: formatNumber(p.medianDaysToDecision, locale), count: p.decidedCount })}
                </dd>
              </div>
              <div>
                <dt>{t("admin.dashboard.oldestWaiting")}</dt>
                <dd>{p.oldestWaitingSubmittedAt ? formatDate(p.oldestWaitingSubmittedAt, locale) : t("admin.dashboard.noneWaiting")}</dd>
              </div>
              <div>
                <dt>{t("admin.dashboard.objections")}</dt>
                <dd>
                  <a href="/admin/objections">{t("admin.dashboard.objectionsOpen", { value: n(p.objections.open) })}</a>
                  <br />
                  <span className="portal-muted">
                    {t("admin.dashboard.objectionsDecided", { upheld: n(p.objections.upheld), overturned: n(p.objections.overturned) })}
                  </span>
                </dd>
              </div>
            </dl>
            <div className="portal-table-wrap">
              <table className="portal-table portal-admin-table">
                <caption>{t("admin.dashboard.byStatus", { name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("admin.dashboard.status")}</th>
                    <th scope="col">{t("admin.dashboard.count")}</th>
                  </tr>
                </thead>
                <tbody>
                  {APPLICATION_STATUSES.map((s) => (
                    <tr key={s}>
                      <th scope="row">{statusName(s)[locale]}</th>
                      <td>{n(p.byStatus[s])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <BarChart
              title={t("admin.dashboard.chartTitle", { name })}
              valueLabel={t("admin.dashboard.submissions")}
              tableCaption={t("admin.dashboard.chartTable")}
              labelHeader={t("admin.dashboard.day")}
              data={p.submissionsPerDay.map((d) => ({ label: d.day.slice(5), longLabel: formatDate(d.day, locale), value: d.count }))}
            />
          </section>
        );
      })}
    </div>
  );
}
