import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, ErrorSummary } from "~/shared/ui/form";
import { QUESTION_FIELDS, FACT_NAMES, codeName } from "~/modules/eligibility";
import { type Question, applicationsMeta } from "~/modules/applications";
import { formatBusinessNumber } from "~/modules/businesses";
import { requireOwnedApplication, submitApplication, type OwnerApplication, type SubmitRefusal } from "~/modules/applications/index.server";
import { formatDate, formatKrw, formatNumber } from "~/shared/format";
import { markFormError, readForm } from "~/shared/form.server";
import { text, type Locale } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

const MONEY = new Set(["sales2019", "sales2020", "monthlyRent"]);

function factValue(field: string, value: unknown, locale: Locale): string {
  if (typeof value === "boolean") return value ? (locale === "ko" ? "예" : "Yes") : locale === "ko" ? "아니요" : "No";
  if (typeof value === "number")
    return MONEY.has(field) ? formatKrw(value, locale) : field === "floorArea" ? `${formatNumber(value, locale)} m²` : formatNumber(value, locale);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, locale);
  return codeName(String(value), locale);
}

function answerValue(q: Question, value: string | number, locale: Locale): string {
  if (q.kind === "amount") return formatKrw(Number(value), locale);
  if (q.kind === "choice") return q.options.find((o) => o.value === value)?.label[locale] ?? String(value);
  if (q.kind === "date") return formatDate(String(value), locale);
  return String(value);
}

function requestedAmount(questions: Question[], answers: Record<string, string | number>): number | null {
  const q = questions.find((x) => x.kind === "amount" && answers[x.id] !== undefined);
  const value = q ? Number(answers[q.id]) : NaN;
  return Number.isFinite(value) ? value : null;
}

/** Check your answers (drafts, with change links and the declaration) or the submitted answers. */
export async function loader(args: LoaderFunctionArgs) {
  const { app, locale, key } = await requireOwnedApplication(args);
  return { key, locale, ...summary(app, locale), formError: Boolean(args.context.formError) };
}

function summary(app: OwnerApplication, locale: Locale) {
  // After submission the page shows the immutable snapshot, not the live profile.
  const source = app.snapshot ?? {
    facts: app.facts,
    answers: app.answers,
    evaluation: app.evaluation,
    business: {
      trade_name: app.trade_name,
      registration_number: app.registration_number,
      representative_name: app.representative_name,
      region: app.business_region,
      sector: app.business_sector,
    },
  };
  const facts = source.facts as Record<string, unknown>;
  return {
    draft: app.status === "draft",
    ready: Object.values(app.tasks).filter((s) => s !== "done").length === 1 && app.tasks.declaration === "todo",
    programmeName: app.programme[`name_${locale}`],
    business: [
      [locale === "ko" ? "상호" : "Trade name", source.business.trade_name],
      [locale === "ko" ? "사업자등록번호" : "Business registration number", formatBusinessNumber(source.business.registration_number)],
      [locale === "ko" ? "대표자" : "Representative", source.business.representative_name],
    ],
    facts: QUESTION_FIELDS.filter((f) => facts[f] !== undefined).map((f) => [FACT_NAMES[f][locale], factValue(f, facts[f], locale)]),
    answers: app.programme.questions
      .filter((q) => source.answers[q.id] !== undefined)
      .map((q) => [q.label[locale], answerValue(q, source.answers[q.id]!, locale)]),
    /** Document names by requirement code, to name what is missing when submitting is refused. */
    documentNames: Object.fromEntries(app.documentNeeds.map((d) => [d.code, text(d.name, locale)])),
    // Each file under the name of the document it is (not "1", "2"), as the owner chose it.
    documents: app.documents.map((d) => {
      const need = app.documentNeeds.find((n) => n.code === d.requirement_code);
      return [need ? text(need.name, locale) : locale === "ko" ? "기타 서류" : "Other document", d.display_name] as const;
    }),
    support: source.evaluation.support
      ? { text: text(source.evaluation.support.text, locale), amount: source.evaluation.support.amountKrw ?? null }
      : null,
    // The amount the owner asks for (a loan's "how much"), which is what this page states, not the cap.
    requested: requestedAmount(app.programme.questions, source.answers),
    criteria: source.evaluation.criteria.map((c) => ({ id: c.id, label: text(c.label, locale), result: c.result })),
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
  if (result.reason === "email_unverified") {
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
      <ErrorSummary errors={error ? [{ field: missing.length ? "missing-documents" : "declaration", message: error }] : []} />
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
      <p>
        <Link to={`/applications/${d.key}`}>{t("applications.tasks.back")}</Link>
      </p>
      <h1>{t("applications.check.title")}</h1>
      <p className="portal-lead">{d.programmeName}</p>
      {section(t("applications.tasks.business"), d.business as Array<[string, string]>, `/applications/${d.key}/business`)}
      {section(t("applications.tasks.facts"), d.facts as Array<[string, string]>, `/applications/${d.key}/facts`)}
      {section(t("applications.tasks.questions"), d.answers as Array<[string, string]>, `/applications/${d.key}/questions`)}
      {section(t("applications.tasks.documents"), d.documents as Array<[string, string]>, `/applications/${d.key}/documents`)}
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
          <CheckboxField name="declaration" value="yes" label={t("applications.check.declaration")} error={error} />
          <button type="submit" className="krds-btn large primary">
            {t("applications.check.submit")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
