import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, ErrorSummary } from "~/shared/ui/form";
import { applicationsMeta, checkAnswersSummary } from "~/modules/applications";
import { requireOwnedApplication, submitApplication, type SubmitRefusal } from "~/modules/applications/index.server";
import { isOwnershipConfirmed } from "~/modules/businesses/index.server";
import { formatKrw } from "~/shared/format";
import { markFormError, readForm } from "~/shared/form.server";
import { getLocale } from "~/shared/i18n.server";

/** Check your answers (drafts, with change links and the declaration) or the submitted answers. */
export async function loader(args: LoaderFunctionArgs) {
  const { app, locale, key, auth } = await requireOwnedApplication(args);
  // Said before the owner reaches the button: the business must be proven theirs to submit.
  const ownershipNeeded = app.status === "draft" && !(await isOwnershipConfirmed({ ownerId: auth.user.id, businessId: app.business_id }));
  return {
    key,
    locale,
    ...checkAnswersSummary(app, locale),
    ownership: ownershipNeeded ? { businessId: app.business_id, name: app.trade_name } : null,
    formError: Boolean(args.context.formError),
  };
}

export const meta = applicationsMeta((t) => t.check.title);

export async function action(args: ActionFunctionArgs) {
  const { auth, key } = await requireOwnedApplication(args, { forwardDraftKey: false });
  const form = await readForm(args.request);
  const declared = form.ok && form.data.declaration === "yes";
  const result = await submitApplication({ key, ownerId: auth.user.id, declared });
  if (result.ok) return redirect(`/applications/${result.reference}/confirmation`);
  if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
  markFormError(args.context);
  if (result.reason === "email_unverified" || result.reason === "ownership_unconfirmed") {
    return data(
      { reason: result.reason as SubmitRefusal, email: auth.user.email as string | null, missing: [] as string[], message: null as string | null },
      { status: 403 },
    );
  }
  const locale = await getLocale(args.request);
  return data(
    {
      reason: result.reason as SubmitRefusal,
      email: null as string | null,
      missing: result.missingDocuments ?? [],
      message: result.message?.[locale] ?? null,
    },
    { status: result.reason === "declaration" ? 400 : 409 },
  );
}

export default function CheckAnswers() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const missing = result?.reason === "documents" ? result.missing.map((code) => ({ code, name: d.documentNames[code] ?? code })) : [];
  const error = result
    ? missing.length
      ? t("applications.check.errors.documentsNamed", { names: missing.map((m) => m.name).join(", ") })
      : (result.message ?? t(`applications.check.errors.${result.reason}`, { email: result.email ?? "" }))
    : undefined;
  const section = (title: string, rows: ReadonlyArray<readonly [string, string]>, change: string | null) => (
    <>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="portal-muted">
          {t("applications.check.nothingYet")}
          {change && d.draft ? (
            <>
              {" "}
              <Link to={change}>
                {t("applications.check.change")}
                <span className="sr-only"> {title}</span>
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      <dl className="portal-summary">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
            {change && d.draft ? (
              <dd>
                <Link to={change}>
                  {t("applications.check.change")}
                  <span className="sr-only"> {label}</span>
                </Link>
              </dd>
            ) : null}
          </div>
        ))}
      </dl>
    </>
  );
  return (
    <div>
      <ErrorSummary
        errors={
          error
            ? [
                {
                  field: missing.length
                    ? "missing-documents"
                    : result?.reason === "ownership_unconfirmed"
                      ? "ownership"
                      : result?.reason === "payout_account"
                        ? "payout-account"
                        : "declaration",
                  message: error,
                },
              ]
            : []
        }
      />
      {result?.reason === "email_unverified" ? (
        // The way out of this refusal, right where it is read: a new link, then back here.
        <Form method="post" action="/account/verify-email" className="portal-form-actions">
          <input type="hidden" name="redirectTo" value={`/applications/${d.key}/check`} />
          <button type="submit" className="krds-btn medium secondary">
            {t("security.verify.resend")}
          </button>
        </Form>
      ) : null}
      {missing.length ? (
        <div className="portal-notice" id="missing-documents" tabIndex={-1}>
          <p>{t("applications.check.missingLead")}</p>
          <ul>
            {missing.map((m) => (
              <li key={m.code}>
                <Link to={`/applications/${d.key}/documents#need-${m.code}`}>{m.name}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {result?.reason === "payout_account" ? (
        <div className="portal-notice" id="payout-account" tabIndex={-1}>
          <p>
            <Link to={`/applications/${d.key}/account`}>{t("payments.step.missing")}</Link>
          </p>
        </div>
      ) : null}
      <p>
        <Link to={`/applications/${d.key}`}>{t("applications.tasks.back")}</Link>
      </p>
      <h1>{t("applications.check.title")}</h1>
      <p className="portal-lead">{d.programmeName}</p>
      {section(t("applications.tasks.business"), d.business as Array<[string, string]>, `/applications/${d.key}/business`)}
      {section(t("applications.tasks.facts"), d.facts as Array<[string, string]>, `/applications/${d.key}/facts`)}
      {section(t("applications.tasks.questions"), d.answers as Array<[string, string]>, `/applications/${d.key}/questions`)}
      {section(t("applications.tasks.documents"), d.documents as Array<[string, string]>, `/applications/${d.key}/documents`)}
      {d.paying ? section(t("applications.tasks.account"), d.account as Array<[string, string]>, `/applications/${d.key}/account`) : null}
      {d.support ? (
        <>
          <h2>{t("applications.check.support")}</h2>
          <p>
            {d.support.text}
            {d.requested === null && d.support.amount !== null ? <strong> {formatKrw(d.support.amount, d.locale)}</strong> : null}
          </p>
          {d.requested !== null ? (
            <p>
              {t("applications.check.requested")} <strong>{formatKrw(d.requested, d.locale)}</strong>
            </p>
          ) : null}
        </>
      ) : null}
      {d.draft ? (
        <Form method="post" noValidate>
          <h2>{t("applications.check.declarationTitle")}</h2>
          {!d.ready ? <p className="portal-notice">{t("applications.check.notReady")}</p> : null}
          {d.ownership ? (
            // What is still missing, and the way to it; the owner comes back here once confirmed.
            <div className="portal-notice" id="ownership" tabIndex={-1}>
              <p>{t("applications.check.ownershipNeeded", { name: d.ownership.name })}</p>
              <p>
                <Link to={`/account/businesses/${d.ownership.businessId}/ownership?returnTo=${encodeURIComponent(`/applications/${d.key}/check`)}`}>
                  {t("applications.check.ownershipLink", { name: d.ownership.name })}
                </Link>
              </p>
            </div>
          ) : null}
          <CheckboxField name="declaration" value="yes" label={t("applications.check.declaration")} error={error} />
          <button type="submit" className="krds-btn large primary">
            {t("applications.check.submit")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
