import "~/modules/administration/admin.css";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AccountGapsQuerySchema, paymentsMeta } from "~/modules/payments";
import { AdminNav } from "~/modules/administration";
import { StatusBadge, type ApplicationStatus } from "~/modules/applications";
import { requireStaff } from "~/modules/accounts/index.server";
import { listPayingProgrammes, listPayoutAccountGaps } from "~/modules/payments/index.server";
import { SelectField } from "~/shared/ui/form";
import { formatDate } from "~/shared/format";
import { pick } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

/**
 * /admin/payments/missing-accounts: per paying programme, the applications submitted before the
 * account was part of the application that still have none (supervisors and admins; else 404).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "supervisor", { asNotFound: true });
  const url = new URL(request.url);
  const query = AccountGapsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  const [programmes, locale] = await Promise.all([listPayingProgrammes(), getLocale(request)]);
  const wanted = query.success ? query.data.programme : undefined;
  const programme = programmes.find((p) => p.slug === wanted) ?? programmes[0] ?? null;
  const after = query.success ? (query.data.after ?? 0) : 0;
  const page = programme ? await listPayoutAccountGaps({ staff: auth.user, programmeId: programme.id, after }) : null;
  return {
    role: auth.user.role,
    locale,
    programmes: programmes.map((p) => ({ slug: p.slug, name_en: p.name_en, name_ko: p.name_ko })),
    programme: programme?.slug ?? null,
    rows: page?.rows ?? [],
    next: page?.next ?? null,
  };
}

export const meta = paymentsMeta((t) => t.step.gapsTitle);

export default function MissingAccountsPage() {
  const { role, locale, programmes, programme, rows, next } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div>
      <AdminNav role={role} />
      <p>
        <Link to="/admin/payments">{t("payments.admin.title")}</Link>
      </p>
      <h1>{t("payments.step.gapsTitle")}</h1>
      <p className="portal-lead">{t("payments.step.gapsLead")}</p>
      <Form method="get" className="portal-form-actions">
        <SelectField
          name="programme"
          label={t("payments.step.programme")}
          defaultValue={programme ?? ""}
          options={programmes.map((p) => ({ value: p.slug, label: pick(p, "name", locale) }))}
        />
        <button type="submit" className="krds-btn medium secondary">
          {t("payments.step.show")}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("payments.step.gapsNone")}</p>
      ) : (
        <div className="portal-table-wrap">
          <table className="portal-table portal-admin-table">
            <caption className="sr-only">{t("payments.step.gapsTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("payments.step.reference")}</th>
                <th scope="col">{t("payments.step.status")}</th>
                <th scope="col">{t("payments.step.submitted")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.reference}>
                  <th scope="row">
                    <Link to={`/admin/applications/${r.reference}`}>{r.reference}</Link>
                  </th>
                  <td>
                    <StatusBadge status={r.status as ApplicationStatus} locale={locale} />
                  </td>
                  <td>{r.submittedAt ? formatDate(r.submittedAt, locale) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next !== null && programme ? (
        <p>
          <Link to={`/admin/payments/missing-accounts?programme=${encodeURIComponent(programme)}&after=${next}`}>{t("payments.step.gapsNext")}</Link>
        </p>
      ) : null}
    </div>
  );
}
