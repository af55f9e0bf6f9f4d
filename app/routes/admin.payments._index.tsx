import "~/modules/administration/admin.css";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BuildBatchSchema, paymentsMeta } from "~/modules/payments";
import { AdminNav } from "~/modules/administration";
import { requireStaff } from "~/modules/accounts/index.server";
import { buildBatch, listBatches, listPayingProgrammes } from "~/modules/payments/index.server";
import { ErrorSummary, SelectField, TextField } from "~/shared/ui/form";
import { formatDate, formatNumber } from "~/shared/format";
import { markFormError, readForm } from "~/shared/form.server";
import { pick, text } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

/** Payment batches: supervisors and admins; everyone else gets 404. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "supervisor", { asNotFound: true });
  const [programmes, batches, locale] = await Promise.all([listPayingProgrammes(), listBatches(), getLocale(request)]);
  return { role: auth.user.role, programmes, batches, locale, formError: Boolean(context.formError) };
}

export const meta = paymentsMeta((t) => t.admin.title);

type ActionData = { errors: Record<string, string>; refused?: { en: string; ko: string }; values: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireStaff({ request, context }, "supervisor", { asNotFound: true });
  const form = await readForm(request);
  const values = form.ok
    ? { programme: form.data.programme ?? "", maxCount: form.data.maxCount ?? "", maxAmount: form.data.maxAmount ?? "" }
    : { programme: "", maxCount: "", maxAmount: "" };
  const fail = (body: ActionData, status = 400) => {
    markFormError(context);
    return data(body, { status });
  };
  const parsed = BuildBatchSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return fail({ errors, values });
  }
  const result = await buildBatch({
    staff: auth.user,
    programmeSlug: parsed.data.programme,
    maxCount: parsed.data.maxCount!,
    maxAmountKrw: parsed.data.maxAmount,
  });
  if (result.ok) return redirect(`/admin/payments/${result.batchId}?notice=built`);
  if (result.reason === "not_found") return fail({ errors: { programme: "payments.admin.errors.programme" }, values });
  if (result.reason !== "refused") throw new Response("Not found", { status: 404 });
  return fail({ errors: {}, refused: result.message, values }, 409);
}

export default function PaymentsPage() {
  const { role, programmes, batches, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const err = (field: string) => (result?.errors[field] ? t(result.errors[field]!) : undefined);
  const summary = [
    ...Object.entries(result?.errors ?? {}).map(([field, key]) => ({ field, message: t(key) })),
    ...(result?.refused ? [{ field: "programme", message: text(result.refused, locale) }] : []),
  ];
  return (
    <div>
      <AdminNav role={role} />
      <ErrorSummary errors={summary} />
      <h1>{t("payments.admin.title")}</h1>
      <p className="portal-lead">{t("payments.admin.lead")}</p>
      <p>
        <Link to="/admin/payments/missing-accounts">{t("payments.step.gapsLink")}</Link>
      </p>

      <h2>{t("payments.admin.programmes")}</h2>
      <div className="portal-table-wrap">
        <table className="portal-table portal-admin-table">
          <caption className="sr-only">{t("payments.admin.programmes")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("payments.admin.programme")}</th>
              <th scope="col">{t("payments.admin.budget")}</th>
              <th scope="col">{t("payments.admin.committed")}</th>
              <th scope="col">{t("payments.admin.paid")}</th>
              <th scope="col">{t("payments.admin.left")}</th>
              <th scope="col">{t("payments.awaiting.link")}</th>
            </tr>
          </thead>
          <tbody>
            {programmes.map((p) => (
              <tr key={p.id}>
                <th scope="row">{pick(p, "name", locale)}</th>
                <td>{p.budget_krw === null ? t("payments.admin.unlimited") : formatNumber(p.budget_krw, locale)}</td>
                <td>{formatNumber(p.committed_krw, locale)}</td>
                <td>
                  {formatNumber(p.paid_krw, locale)} ({formatNumber(p.paid_count, locale)})
                </td>
                <td>{p.budget_krw === null ? "—" : formatNumber(p.budget_krw - p.committed_krw, locale)}</td>
                <td>
                  <Link to={`/admin/payments/awaiting?programme=${encodeURIComponent(p.slug)}`}>{t("payments.awaiting.link")}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="build-heading">{t("payments.admin.build")}</h2>
      <Form method="post" noValidate aria-labelledby="build-heading">
        <SelectField
          name="programme"
          label={t("payments.admin.programme")}
          error={err("programme") ?? (result?.refused ? text(result.refused, locale) : undefined)}
          defaultValue={result?.values.programme ?? programmes[0]?.slug}
          options={programmes.map((p) => ({ value: p.slug, label: pick(p, "name", locale) }))}
        />
        <TextField
          name="maxCount"
          label={t("payments.admin.maxCount")}
          hint={t("payments.admin.maxCountHint")}
          inputMode="numeric"
          defaultValue={result?.values.maxCount ?? "1000"}
          error={err("maxCount")}
        />
        <TextField
          name="maxAmount"
          label={t("payments.admin.maxAmount")}
          hint={t("payments.admin.maxAmountHint")}
          inputMode="numeric"
          defaultValue={result?.values.maxAmount ?? ""}
          error={err("maxAmount")}
        />
        <button type="submit" className="krds-btn medium primary">
          {t("payments.admin.buildButton")}
        </button>
      </Form>

      <h2>{t("payments.admin.batches")}</h2>
      {batches.length === 0 ? (
        <p>{t("payments.admin.noBatches")}</p>
      ) : (
        <div className="portal-table-wrap">
          <table className="portal-table portal-admin-table">
            <caption className="sr-only">{t("payments.admin.batches")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("payments.admin.columns.id")}</th>
                <th scope="col">{t("payments.admin.columns.programme")}</th>
                <th scope="col">{t("payments.admin.columns.state")}</th>
                <th scope="col">{t("payments.admin.columns.count")}</th>
                <th scope="col">{t("payments.admin.columns.total")}</th>
                <th scope="col">{t("payments.admin.columns.builtBy")}</th>
                <th scope="col">{t("payments.admin.columns.builtAt")}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <th scope="row">
                    <Link to={`/admin/payments/${b.id}`}>{t("payments.batch.title", { id: b.id })}</Link>
                  </th>
                  <td>{pick(b, "programme_name", locale)}</td>
                  <td>{t(`payments.admin.states.${b.state}`)}</td>
                  <td>{formatNumber(b.payment_count, locale)}</td>
                  <td>{formatNumber(b.total_krw, locale)}</td>
                  <td>{b.built_by_email}</td>
                  <td>{formatDate(b.built_at, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
