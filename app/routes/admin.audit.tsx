import "~/modules/administration/admin.css";
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminNav, adminMeta } from "~/modules/administration";
import { requireStaff } from "~/modules/accounts/index.server";
import { auditActionName, auditDetails, auditTargetName } from "~/modules/audit";
import { auditDateProblems, listAudit, readAuditFilter } from "~/modules/audit/index.server";
import { ErrorSummary, TextField } from "~/shared/ui/form";
import { getLocale } from "~/shared/i18n.server";

/** The audit trail, read-only: supervisors and admins. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "supervisor", { asNotFound: true });
  const params = new URL(request.url).searchParams;
  const filter = readAuditFilter(params);
  const dateProblems = auditDateProblems(params);
  if (Object.keys(dateProblems).length) {
    // A date that does not parse is said, with what was typed kept, rather than silently ignored
    // (which would show every entry as if the filter had matched).
    const raw = { from: (params.get("from") ?? "").slice(0, 200), to: (params.get("to") ?? "").slice(0, 200) };
    return data(
      { role: auth.user.role, filter, raw, dateProblems, locale: await getLocale(request), rows: [], nextBefore: null, formError: true },
      { status: 400 },
    );
  }
  const [page, locale] = await Promise.all([listAudit(filter), getLocale(request)]);
  return { role: auth.user.role, filter, raw: null, dateProblems, locale, ...page, formError: false };
}

export const meta = adminMeta((t) => t.audit.title);

/** The details as a short list of "name: value" in words (never the JSON itself). */
function AuditDetails({ json, locale }: { json: string; locale: "en" | "ko" }) {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return null;
  }
  const items = auditDetails(details, locale);
  if (items.length === 0) return null;
  return (
    <ul className="portal-plain-list">
      {items.map((d) => (
        <li key={d.label}>
          {d.label}: {d.value}
        </li>
      ))}
    </ul>
  );
}

const SEOUL_TIME = {
  ko: new Intl.DateTimeFormat("ko-KR", { dateStyle: "medium", timeStyle: "medium", timeZone: "Asia/Seoul" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "Asia/Seoul" }),
};

function seoulTime(iso: string, locale: "en" | "ko"): string {
  return SEOUL_TIME[locale].format(new Date(iso));
}

export default function AuditPage() {
  const { role, filter, raw, dateProblems, locale, rows, nextBefore } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const dateError = (k: "from" | "to") => {
    const problem = dateProblems[k];
    return problem ? t(`admin.audit.errors.${problem === "order" ? "order" : k}`) : undefined;
  };
  const errors = (["from", "to"] as const).flatMap((k) => (dateError(k) ? [{ field: k, message: dateError(k)! }] : []));
  // An invalid date is shown as typed, in a text box (a date box would blank it).
  const dateField = (k: "from" | "to") =>
    dateProblems[k] === "invalid" ? (
      <TextField
        name={k}
        label={t(`admin.audit.fields.${k}`)}
        hint={t("admin.audit.hints.date")}
        defaultValue={raw?.[k] ?? ""}
        error={dateError(k)}
        spellCheck={false}
      />
    ) : (
      <TextField name={k} type="date" label={t(`admin.audit.fields.${k}`)} defaultValue={filter[k] ?? raw?.[k] ?? ""} error={dateError(k)} />
    );
  const query = (before?: number) => {
    const params = new URLSearchParams();
    for (const k of ["actor", "action", "target", "from", "to"] as const) if (filter[k]) params.set(k, filter[k]!);
    if (before) params.set("before", String(before));
    return `?${params}`;
  };
  return (
    <div>
      <AdminNav role={role} />
      <ErrorSummary errors={errors} />
      <h1>{t("admin.audit.title")}</h1>
      <p className="portal-lead">{t("admin.audit.lead")}</p>
      <Form method="get" aria-labelledby="audit-filter-title">
        <h2 id="audit-filter-title">{t("admin.audit.filterTitle")}</h2>
        <div className="portal-filter-grid">
          <TextField
            name="actor"
            label={t("admin.audit.fields.actor")}
            hint={t("admin.audit.hints.actor")}
            defaultValue={filter.actor ?? ""}
            spellCheck={false}
          />
          <TextField
            name="action"
            label={t("admin.audit.fields.action")}
            hint={t("admin.audit.hints.action")}
            defaultValue={filter.action ?? ""}
            spellCheck={false}
          />
          <TextField
            name="target"
            label={t("admin.audit.fields.target")}
            hint={t("admin.audit.hints.target")}
            defaultValue={filter.target ?? ""}
            spellCheck={false}
          />
          {dateField("from")}
          {dateField("to")}
        </div>
        <div className="portal-form-actions">
          <button type="submit" className="krds-btn medium primary">
            {t("admin.audit.apply")}
          </button>
          <Link to="/admin/audit">{t("admin.audit.clear")}</Link>
        </div>
      </Form>
      <h2 id="audit-results-title">{t("admin.audit.resultsTitle")}</h2>
      {errors.length ? (
        <p>{t("admin.audit.fixDates")}</p>
      ) : rows.length === 0 ? (
        <p>{t("admin.audit.empty")}</p>
      ) : (
        <div className="portal-table-wrap">
          <table className="portal-table portal-admin-table portal-stack" aria-labelledby="audit-results-title">
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
                  <td data-label={t("admin.audit.columns.id")}>{r.id}</td>
                  <td data-label={t("admin.audit.columns.at")}>{seoulTime(r.at, locale)}</td>
                  <td data-label={t("admin.audit.columns.actor")}>{r.actor_label}</td>
                  <td data-label={t("admin.audit.columns.action")}>{auditActionName(r.action, locale)}</td>
                  <td data-label={t("admin.audit.columns.target")}>{auditTargetName(r.target_type, r.target_id, locale)}</td>
                  <td data-label={t("admin.audit.columns.details")} className="portal-audit-details">
                    <AuditDetails json={r.details} locale={locale} />
                  </td>
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
