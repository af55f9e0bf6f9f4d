import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { QueueFilters, decodeCursor, parseQueueFilters, QUEUE_STATUSES, SLA_DAYS } from "~/modules/review";
import { requireStaff } from "~/modules/accounts/index.server";
import { AdminNav } from "~/modules/administration";
import { StatusBadge, statusName } from "~/modules/applications";
import { listQueue, queueOptions, statusesShown } from "~/modules/review/index.server";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatKrw, formatNumber } from "~/shared/format";
import { resources } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";
import { localeFromMatches, titleMeta } from "~/shared/meta";
import "~/modules/review/queue.css";

/**
 * The caseworkers' review queue. A GET form, so the filters live in the address (shareable, the back
 * button works, no JavaScript needed); values that make no sense are named and ignored, never a 500.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "caseworker", { asNotFound: true });
  const url = new URL(request.url);
  const parsed = parseQueueFilters(url.searchParams);
  const { filters } = parsed;
  const ignored = new Set(parsed.ignored);
  const [locale, options] = await Promise.all([getLocale(request), queueOptions()]);

  const knownProgrammes = new Set(options.programmes.map((p) => p.slug));
  if (filters.programmes.some((slug) => !knownProgrammes.has(slug))) {
    ignored.add("programme");
    filters.programmes = filters.programmes.filter((slug) => knownProgrammes.has(slug));
  }
  if (filters.assignee.kind === "user") {
    const id = filters.assignee.id;
    if (!options.staff.some((s) => s.id === id)) {
      ignored.add("assignee");
      filters.assignee = { kind: "default" };
    }
  }
  if (url.searchParams.get("cursor") && !decodeCursor(filters.cursor)) {
    ignored.add("cursor");
    filters.cursor = null;
  }

  const page = await listQueue(filters, auth.user);

  // Links keep every filter as the user wrote it, minus the page position.
  const base = new URLSearchParams(url.searchParams);
  base.delete("cursor");
  const withCursor = (cursor: string) => {
    const q = new URLSearchParams(base);
    q.set("cursor", cursor);
    return `?${q}`;
  };
  const statusLink = (status: string) => {
    const q = new URLSearchParams(base);
    q.delete("status");
    q.append("status", status);
    return `?${q}`;
  };
  return {
    locale,
    role: auth.user.role,
    filters,
    ignored: [...ignored],
    programmes: options.programmes,
    staff: options.staff.map((s) => ({ id: s.id, email: s.email })),
    rows: page.rows,
    counts: QUEUE_STATUSES.map((s) => ({
      status: s,
      count: page.countsByStatus[s],
      capped: page.cappedStatuses.includes(s),
      href: statusLink(s),
      shown: statusesShown(filters).includes(s),
    })),
    total: page.total,
    openObjections: page.openObjections,
    totalCapped: page.cappedStatuses.some((s) => statusesShown(filters).includes(s)),
    countsMode: page.countsMode,
    countCap: page.countCap,
    nextHref: page.nextCursor ? withCursor(page.nextCursor) : null,
    firstHref: filters.cursor ? `?${base}` : null,
    exportHref: `/admin/applications/export.csv${base.size ? `?${base}` : ""}`,
    formKey: base.toString(),
  };
}

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return titleMeta(resources[locale].translation.queue.title, locale);
};

export default function QueuePage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { locale } = data;
  return (
    <div className="portal-queue">
      <AdminNav role={data.role} />
      <h1>{t("queue.title")}</h1>
      <p className="portal-lead">{t("queue.lead")}</p>
      {data.ignored.length ? (
        <p className="portal-notice" role="status">
          {t("queue.ignored", { names: data.ignored.map((n) => t(`queue.ignoredNames.${n}`, { defaultValue: n })).join(", ") })}
        </p>
      ) : null}

      <QueueFilters />

      <section aria-labelledby="queue-counts-heading">
        <h2 id="queue-counts-heading">{t("queue.counts.heading")}</h2>
        <ul className="portal-queue-counts">
          {data.counts.map((c) => (
            <li key={c.status} className={c.shown ? undefined : "portal-queue-count-muted"}>
              <Link to={c.href}>
                {t("queue.counts.label", { status: statusName(c.status)[locale], n: `${formatNumber(c.count, locale)}${c.capped ? "+" : ""}` })}
              </Link>
            </li>
          ))}
        </ul>
        <p>{t("queue.counts.total", { count: data.total, n: `${formatNumber(data.total, locale)}${data.totalCapped ? "+" : ""}` })}</p>
        <p data-counts={data.countsMode}>
          {data.countsMode === "exact" ? t("queue.counts.exact") : t("queue.counts.capped", { cap: formatNumber(data.countCap, locale) })}
        </p>
        <p data-objections-open={data.openObjections}>
          <Link to="/admin/objections">{t("queue.counts.objections", { n: formatNumber(data.openObjections, locale) })}</Link>
        </p>
      </section>

      {data.rows.length === 0 ? (
        <p className="portal-notice">{t("queue.empty")}</p>
      ) : (
        <div className="portal-table-wrap" tabIndex={0} role="region" aria-labelledby="queue-caption">
          <table className="krds-table portal-table portal-queue-table portal-stack">
            <caption id="queue-caption">
              {t("queue.table.caption", { shown: data.rows.length, total: `${formatNumber(data.total, locale)}${data.totalCapped ? "+" : ""}` })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("queue.table.reference")}</th>
                <th scope="col">{t("queue.table.business")}</th>
                <th scope="col">{t("queue.table.programme")}</th>
                <th scope="col">{t("queue.table.status")}</th>
                <th scope="col">{t("queue.table.amount")}</th>
                <th scope="col">{t("queue.table.age")}</th>
                <th scope="col">{t("queue.table.assignee")}</th>
                <th scope="col">{t("queue.table.sla")}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/admin/applications/${r.reference}`} aria-label={t("queue.table.open", { reference: r.reference })}>
                      {r.reference}
                    </Link>
                  </th>
                  <td data-label={t("queue.table.business")}>{r.tradeName}</td>
                  <td data-label={t("queue.table.programme")}>{locale === "ko" ? r.programmeNameKo : r.programmeNameEn}</td>
                  <td data-label={t("queue.table.status")}>
                    <StatusBadge status={r.status} locale={locale} />
                    {r.replyReceivedAt ? (
                      <>
                        {" "}
                        <span className="krds-badge bg-light-primary">{t("queue.table.replyReceived")}</span>
                      </>
                    ) : null}
                  </td>
                  <td data-label={t("queue.table.amount")} className="portal-num">
                    {r.requestedAmountKrw === null ? t("queue.table.noAmount") : formatKrw(r.requestedAmountKrw, locale)}
                  </td>
                  <td data-label={t("queue.table.age")} className="portal-num">
                    {t("queue.table.ageDays", { count: r.ageDays })}
                  </td>
                  <td data-label={t("queue.table.assignee")}>{r.assigneeEmail ?? t("queue.table.unassigned")}</td>
                  <td data-label={t("queue.table.sla")}>
                    {r.overdue ? (
                      <span className="krds-badge bg-light-danger">{t("queue.table.overdue", { days: SLA_DAYS })}</span>
                    ) : (
                      t("queue.table.onTime")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="form-hint">{t("queue.slaNote", { days: SLA_DAYS })}</p>

      {data.nextHref || data.firstHref ? (
        <nav aria-label={t("queue.pagination")} className="portal-queue-pages">
          {data.firstHref ? <Link to={data.firstHref}>{t("queue.first")}</Link> : null}
          {data.nextHref ? (
            <Link to={data.nextHref} rel="next">
              {t("queue.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}

      <p>
        <a href={data.exportHref} download className="krds-btn secondary portal-queue-download">
          {t("queue.download")}
        </a>
      </p>
      <p className="form-hint">{t("queue.downloadHint")}</p>
    </div>
  );
}
