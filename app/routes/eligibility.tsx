import "~/modules/eligibility/eligibility.css";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/shared/ui/form";
import { Questionnaire, useAnswerErrorMessages, type Outcome, type Result, parseAnswers, type AnswerError } from "~/modules/eligibility";
import { seoulToday } from "~/modules/catalogue";
import { checkEligibility, rememberLastCheck, type ProgrammeCheck } from "~/modules/eligibility/index.server";
import { resources, text, type Locale } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";
import { titleMeta } from "~/shared/meta";

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
  const errors = useAnswerErrorMessages(codes, locale);
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
// Results

const OUTCOME_TONE: Record<Outcome, string> = {
  eligible: "bg-light-success",
  need_more_info: "bg-light-warning",
  not_eligible: "bg-light-gray",
};

function Results({ results }: { results: ProgrammeResult[] }) {
  const { t } = useTranslation();
  const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  const unknown = count("need_more_info");
  // Nothing fits: say where else help is, the closing-business advice first among ours if it exists.
  const closing = results.find((r) => r.slug === "tax-legal-advice");
  return (
    <section aria-labelledby="results-title" className="portal-results">
      <h2 id="results-title">{t("eligibility.results.title")}</h2>
      <p className="portal-lead">
        {[
          t("eligibility.results.summary", { eligible: count("eligible"), total: results.length }),
          unknown ? t("eligibility.results.summaryUnknown", { unknown }) : "",
        ]
          .join(" ")
          .trim()}
      </p>
      {count("eligible") === 0 && unknown === 0 ? (
        <div className="portal-notice" role="note" aria-labelledby="other-help-title">
          <h3 id="other-help-title">{t("eligibility.results.otherHelp.title")}</h3>
          <p>{t("eligibility.results.otherHelp.lead")}</p>
          <ul>
            <li>{t("eligibility.results.otherHelp.callCentre")}</li>
            <li>{t("eligibility.results.otherHelp.localCentre")}</li>
            {closing ? (
              <li>
                <Link to={`/programmes/${closing.slug}`}>{t("eligibility.results.otherHelp.closing", { name: closing.name })}</Link>
              </li>
            ) : null}
          </ul>
        </div>
      ) : null}
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
  // "Sign in first" is only for people who are not signed in.
  const signedIn = Boolean(useRouteLoaderData<typeof rootLoader>("root")?.user);
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
          <Link to={`/applications/new?programme=${r.slug}`} className="krds-btn medium primary">
            {t("eligibility.results.apply", { name: r.name })}
          </Link>
        ) : null}
        <Link to={`/programmes/${r.slug}`}>{t("eligibility.results.details", { name: r.name })}</Link>
      </div>
      {r.outcome !== "not_eligible" && r.acceptingApplications && !signedIn ? (
        <p className="portal-muted">{t("eligibility.results.applyHint")}</p>
      ) : null}
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
