import "../styles/eligibility.css";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ChoiceGroup, ErrorSummary, SelectField, TextField, type FieldError } from "~/components/form";
import type { Outcome, Result } from "~/domain/eligibility";
import { REGIONS, SECTORS } from "~/domain/facts";
import {
  CONDITIONAL_QUESTIONS,
  NUMBER_RULES,
  isRelevant,
  parseAnswers,
  type AnswerError,
  type Answers,
  type QuestionField,
} from "~/domain/questionnaire";
import { seoulToday } from "~/domain/programme-window";
import { codeName } from "~/domain/vocabulary";
import { formatNumber } from "~/lib/format";
import { resources, text, type Locale } from "~/lib/i18n";
import { getLocale } from "~/lib/i18n.server";
import { titleMeta } from "~/lib/meta";
import { checkEligibility, rememberLastCheck, type ProgrammeCheck } from "~/services/eligibility.server";

/**
 * The anonymous eligibility checker: a GET form, so the results live at a URL that can be
 * bookmarked and shared, and everything works without JavaScript. Loader only: nothing is stored
 * except a cookie with the owner's last valid answers (for prefilling their business profile later).
 */

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const url = new URL(request.url);
  const now = new Date();
  const parsed = parseAnswers(url.searchParams, { today: seoulToday(now) });
  if (!parsed.submitted) return { locale, values: parsed.values, errors: [], results: null };
  if (!parsed.ok) return data({ locale, values: parsed.values, errors: parsed.errors, results: null }, { status: 400 });
  const { results } = await checkEligibility(parsed.facts, { now });
  return data(
    { locale, values: parsed.values, errors: [] as AnswerError[], results: results.map((r) => localise(r, locale)) },
    { headers: { "Set-Cookie": await rememberLastCheck(parsed.query) } },
  );
}

/** Only the words of the reader's language travel to the page. */
function localise(r: ProgrammeCheck, locale: Locale) {
  return {
    slug: r.slug,
    name: locale === "ko" ? r.name_ko : r.name_en,
    window: r.window,
    full: r.full,
    acceptingApplications: r.acceptingApplications,
    outcome: r.evaluation.outcome,
    support: r.evaluation.support && {
      kind: r.evaluation.support.kind,
      amountKrw: r.evaluation.support.amountKrw ?? null,
      text: text(r.evaluation.support.text, locale),
    },
    criteria: r.evaluation.criteria.map((c) => ({
      id: c.id,
      label: text(c.label, locale),
      result: c.result,
      explanation: text(c.explanation, locale),
    })),
    documents: r.documents
      .filter((d) => d.needed !== "no")
      .map((d) => ({ code: d.code, name: text(d.name, locale), maybe: d.needed === "maybe" ? (d.when ? text(d.when, locale) : "") : null })),
  };
}
type ProgrammeResult = ReturnType<typeof localise>;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const locale = data?.locale ?? "ko";
  const t = resources[locale].translation;
  const prefix = data?.errors.length ? t.meta.errorPrefix : "";
  return titleMeta(`${prefix}${t.eligibility.title}`, locale);
};

export default function Eligibility() {
  const { locale, values, errors: codes, results } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  // Worded here rather than in the loader, so the messages follow the page's language.
  const errors: FieldError[] = codes.map(({ field, code }) => ({
    field,
    message: t(`eligibility.errors.${code}`, {
      name: t(`eligibility.fields.${field}.name`),
      example: t(`eligibility.fields.${field}.example`, { defaultValue: "" }),
      max: formatNumber(NUMBER_RULES[field]?.max ?? 0, locale),
    }),
  }));
  return (
    <div className="portal-eligibility">
      <ErrorSummary errors={errors} />
      <h1>{t("eligibility.title")}</h1>
      {results ? <Results results={results} /> : <p className="portal-lead">{t("eligibility.lead")}</p>}
      <Questionnaire
        // A new set of answers (another URL) starts a fresh form, so every default is current.
        key={JSON.stringify(values)}
        values={values}
        errors={errors}
        locale={locale}
        heading={results ? t("eligibility.results.editAnswers") : null}
      />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The questionnaire

function Questionnaire({
  values,
  errors,
  locale,
  heading,
}: {
  values: Answers;
  errors: FieldError[];
  locale: Locale;
  heading: string | null;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<Answers>(values);
  const [hydrated, setHydrated] = useState(false);
  // Conditional questions are always in the HTML (so they work without JavaScript) and hidden only
  // once scripts run and the answer that makes them relevant is not given.
  useEffect(() => setHydrated(true), []);
  const onChange = (e: FormEvent<HTMLFormElement>) => {
    const target = e.target as HTMLInputElement | HTMLSelectElement;
    if (target.name in CONDITIONAL_TRIGGERS) setCurrent((c) => ({ ...c, [target.name]: target.value }));
  };
  const error = (field: QuestionField) => errors.find((e) => e.field === field)?.message;
  const field = (name: QuestionField) => ({ name, error: error(name), defaultValue: values[name] });
  const label = (name: QuestionField, optional = false) => (
    <>
      {t(`eligibility.fields.${name}.label`)}
      {optional ? <span className="portal-muted portal-optional">{t("eligibility.optional")}</span> : null}
    </>
  );
  const hint = (name: QuestionField): string | undefined => {
    const key = `eligibility.fields.${name}.hint`;
    const value = t(key);
    return value === key ? undefined : value;
  };
  const conditional = (name: QuestionField, children: ReactNode) => (
    <div hidden={hydrated && !isRelevant(name, current)} data-conditional={name}>
      {children}
    </div>
  );
  const numberField = (name: QuestionField, suffix?: string, optional = false) => (
    <TextField
      {...field(name)}
      label={label(name, optional)}
      hint={hint(name)}
      suffix={suffix}
      inputMode="numeric"
      autoComplete="off"
      className="portal-input-number"
    />
  );
  const choice = (name: "businessState" | "premises" | "covidMeasure", codes: readonly string[]) => (
    <ChoiceGroup
      {...field(name)}
      legend={label(name)}
      hint={hint(name)}
      options={codes.map((code) => ({ value: code, label: t(`eligibility.options.${name}.${code}`) }))}
    />
  );
  const yesNo = (name: "taxArrears" | "loanDefault") => (
    <ChoiceGroup
      {...field(name)}
      legend={label(name)}
      inline
      options={[
        { value: "yes", label: t("eligibility.yes") },
        { value: "no", label: t("eligibility.no") },
      ]}
    />
  );
  return (
    <section aria-labelledby={heading ? "questionnaire-title" : undefined} className="portal-questionnaire" id="questions">
      {heading ? <h2 id="questionnaire-title">{heading}</h2> : null}
      <p>{t("eligibility.unsureHint")}</p>
      {/*
        A full document request even with JavaScript: answers that do not validate are a 400, which
        a client-side data request would treat as a failure, and the page behaves the same either way.
      */}
      <Form method="get" action="/eligibility" noValidate onChange={onChange} reloadDocument>
        <fieldset className="portal-question-group">
          <legend>{t("eligibility.groups.business")}</legend>
          <SelectField
            {...field("sector")}
            label={label("sector")}
            placeholder={t("eligibility.choose")}
            options={SECTORS.map((s) => ({ value: s, label: capitalise(codeName(s, locale)) }))}
          />
          <SelectField
            {...field("region")}
            label={label("region")}
            placeholder={t("eligibility.choose")}
            options={REGIONS.map((r) => ({ value: r, label: codeName(r, locale) }))}
          />
          {numberField("employees", t("eligibility.units.people"))}
          <TextField {...field("openedOn")} label={label("openedOn")} hint={hint("openedOn")} type="date" />
        </fieldset>

        <fieldset className="portal-question-group">
          <legend>{t("eligibility.groups.state")}</legend>
          {choice("businessState", ["operating", "closing", "closed"])}
          {conditional("closedOn", <TextField {...field("closedOn")} label={label("closedOn")} hint={hint("closedOn")} type="date" />)}
        </fieldset>

        <fieldset className="portal-question-group">
          <legend>{t("eligibility.groups.premises")}</legend>
          {choice("premises", ["rented", "owned", "none"])}
          {conditional("monthlyRent", numberField("monthlyRent", t("eligibility.units.krw")))}
          {conditional("floorArea", numberField("floorArea", t("eligibility.units.m2")))}
        </fieldset>

        <fieldset className="portal-question-group">
          <legend>{t("eligibility.groups.covid")}</legend>
          {choice("covidMeasure", ["none", "restriction", "closure"])}
        </fieldset>

        <fieldset className="portal-question-group">
          <legend>{t("eligibility.groups.sales")}</legend>
          {numberField("sales2019", t("eligibility.units.krw"))}
          {numberField("sales2020", t("eligibility.units.krw"))}
        </fieldset>

        <fieldset className="portal-question-group">
          <legend>{t("eligibility.groups.finances")}</legend>
          {yesNo("taxArrears")}
          {yesNo("loanDefault")}
          {numberField("creditScore", undefined, true)}
        </fieldset>

        <div className="portal-actions">
          <button type="submit" className="krds-btn large primary">
            {t("eligibility.submit")}
          </button>
          <Link to="/eligibility" reloadDocument>
            {t("eligibility.startAgain")}
          </Link>
        </div>
      </Form>
    </section>
  );
}

const CONDITIONAL_TRIGGERS = Object.fromEntries(Object.values(CONDITIONAL_QUESTIONS).map((rule) => [rule!.on, true]));

function capitalise(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Results

const OUTCOME_TONE: Record<Outcome, string> = {
  eligible: "bg-light-success",
  need_more_info: "bg-light-warning",
  not_eligible: "bg-light-gray",
};

function Results({ results }: { results: ProgrammeResult[] }) {
  const { t } = useTranslation();
  const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  return (
    <section aria-labelledby="results-title" className="portal-results">
      <h2 id="results-title">{t("eligibility.results.title")}</h2>
      <p className="portal-lead">
        {t("eligibility.results.summary", {
          eligible: count("eligible"),
          total: results.length,
          unknown: count("need_more_info"),
        })}
      </p>
      <p className="portal-muted">{t("eligibility.results.estimate")}</p>
      <ol className="portal-result-list">
        {results.map((r) => (
          <li key={r.slug}>
            <ProgrammeResultCard result={r} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function ProgrammeResultCard({ result: r }: { result: ProgrammeResult }) {
  const { t } = useTranslation();
  const failed = r.criteria.filter((c) => c.result === "fail");
  const unknown = r.criteria.filter((c) => c.result === "unknown");
  const titleId = `result-${r.slug}`;
  return (
    <article className="portal-card portal-result" aria-labelledby={titleId} data-outcome={r.outcome}>
      <div className="portal-result-head">
        <h3 id={titleId}>{r.name}</h3>
        <span className={`krds-badge ${OUTCOME_TONE[r.outcome]}`}>{t(`eligibility.results.outcome.${r.outcome}`)}</span>
      </div>
      {r.full ? (
        <p className="portal-notice">{t("eligibility.results.full")}</p>
      ) : r.window === "closed" ? (
        <p className="portal-notice">{t("eligibility.results.closed")}</p>
      ) : r.window === "upcoming" ? (
        <p className="portal-notice">{t("eligibility.results.upcoming")}</p>
      ) : null}
      {r.support ? (
        <p className="portal-support">
          <strong>{t("eligibility.results.support")}: </strong>
          {r.support.text}
        </p>
      ) : null}

      <h4>{t("eligibility.results.criteria")}</h4>
      <ul className="portal-check-list">
        {r.criteria.map((c) => (
          <li key={c.id} data-result={c.result}>
            <span className={`portal-check portal-check-${c.result}`}>{t(`eligibility.results.result.${c.result as Result}`)}</span>
            <span className="portal-check-body">
              <span className="portal-check-label">{c.label}</span>
              {/* What failed or is missing is explained once, in the sections below. */}
              {c.result === "pass" ? <span className="portal-check-why">{c.explanation}</span> : null}
            </span>
          </li>
        ))}
      </ul>

      {failed.length ? <Explanations title={t("eligibility.results.whatWouldChange")} criteria={failed} /> : null}
      {unknown.length ? <Explanations title={t("eligibility.results.whatIsMissing")} criteria={unknown} /> : null}

      <h4>{t("eligibility.results.documents")}</h4>
      <ul>
        {r.documents.map((d) => (
          <li key={d.code}>
            {d.name}
            {d.maybe !== null ? <span className="portal-muted"> {t("eligibility.results.documentMaybe", { condition: d.maybe })}</span> : null}
          </li>
        ))}
      </ul>

      <div className="portal-actions">
        {r.outcome !== "not_eligible" && r.acceptingApplications ? (
          <Link to={`/login?redirectTo=${encodeURIComponent(`/programmes/${r.slug}`)}`} className="krds-btn medium primary">
            {t("eligibility.results.apply", { name: r.name })}
          </Link>
        ) : null}
        <Link to={`/programmes/${r.slug}`}>{t("eligibility.results.details", { name: r.name })}</Link>
      </div>
      {r.outcome !== "not_eligible" && r.acceptingApplications ? <p className="portal-muted">{t("eligibility.results.applyHint")}</p> : null}
    </article>
  );
}

function Explanations({ title, criteria }: { title: string; criteria: ProgrammeResult["criteria"] }) {
  return (
    <>
      <h4>{title}</h4>
      <ul className="portal-explanations">
        {criteria.map((c) => (
          <li key={c.id}>
            <span className="portal-check-label">{c.label}: </span>
            {c.explanation}
          </li>
        ))}
      </ul>
    </>
  );
}
