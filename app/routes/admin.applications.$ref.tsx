import { formatWon, parseWon } from "~/shared/money";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { RecommendationsNote } from "~/modules/recommendations";
import { recommendationsFor } from "~/modules/recommendations/index.server";
import {
  ReviewActionSchema,
  type ReviewIntent,
  Actions,
  AnswersSection,
  BusinessSection,
  ConflictNotice,
  DocumentsSection,
  EvaluationSection,
  MessagesSection,
  NotesSection,
  OthersSection,
  TimelineSection,
} from "~/modules/review";
import { requireStaff } from "~/modules/accounts/index.server";
import { useErrorTitle } from "~/modules/accounts";
import { AdminNav } from "~/modules/administration";
import { StatusBadge } from "~/modules/applications";
import { decide, openReview, type ConflictView, type DecisionInput, type InvalidCode, type InvalidField } from "~/modules/review/index.server";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import "~/modules/review/review.css";
import { ErrorSummary, type FieldError } from "~/shared/ui/form";
import { formatDate } from "~/shared/format";
import { markFormError, readForm } from "~/shared/form.server";
import { text, resources } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";
import { localeFromMatches, titleMeta } from "~/shared/meta";

/**
 * The review page: everything a caseworker needs to decide one application, and the decisions
 * themselves. Every form carries the version it was drawn from; a stale one is answered 409 with
 * the other person's change shown and the caseworker's input kept. Staff only: others get 404.
 */

export async function loader(args: LoaderFunctionArgs) {
  const auth = requireStaff(args, "caseworker", { asNotFound: true });
  const ref = args.params.ref ?? "";
  const [detail, locale] = await Promise.all([
    openReview(ref, auth.user, {
      // The page shown again after a form (refused or not) is the same visit: audited once, on opening.
      audit: args.request.method === "GET" && !args.context.formError,
    }),
    getLocale(args.request),
  ]);
  if (!detail) throw new Response("Not found", { status: 404 });
  const done = new URL(args.request.url).searchParams.get("done");
  const recommendations = await recommendationsFor(detail.business.registrationNumber, detail.programme.id);
  return { detail, locale, me: auth.user, done, recommendations, formError: Boolean(args.context.formError) };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches);
  const tr = resources[locale].translation;
  const title = tr.review.title.replace("{{reference}}", data?.detail.reference ?? "");
  return titleMeta(`${data?.formError ? tr.meta.errorPrefix : ""}${title}`, locale);
};

// After any decision (refused ones included) show the application as it now is, with its new version.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" ? true : defaultShouldRevalidate;

/** The id of the control that holds each field of each form (unique on the page). */
const FIELD_IDS: Partial<Record<ReviewIntent, Partial<Record<InvalidField, string>>>> = {
  request_info: { message: "request-message" },
  approve: { awardKrw: "award" },
  reject: { reasonCode: "reason-code", reasonText: "reason-text" },
  add_note: { note: "note" },
  decline_approval: { note: "decline-note" },
  reassign: { assigneeId: "assignee" },
};

interface ActionError {
  field: string;
  key: string;
  params?: Record<string, string>;
}

interface ActionData {
  intent: ReviewIntent | null;
  values: Record<string, string>;
  error?: ActionError;
  refused?: { en: string; ko: string };
  conflict?: ConflictView;
}

function parseAmount(raw: string | undefined): number | null | "bad" {
  const won = parseWon(raw ?? "");
  if (won.ok) return won.value;
  if (won.problem === "empty") return null;
  // A negative award reaches the domain rule, which names that mistake.
  if (won.problem === "negative") {
    const rest = parseWon((raw ?? "").trim().replace(/^[-−]/, ""));
    return rest.ok ? -rest.value : "bad";
  }
  return "bad";
}

export async function action(args: ActionFunctionArgs) {
  const auth = requireStaff(args, "caseworker", { asNotFound: true });
  const ref = args.params.ref ?? "";
  const form = await readForm(args.request);
  if (!form.ok) throw new Response("Payload too large", { status: 413 });
  const values = form.data;
  const answer = (status: number, body: Omit<ActionData, "values">) => {
    markFormError(args.context);
    return data<ActionData>({ ...body, values }, { status });
  };
  const parsed = ReviewActionSchema.safeParse(values);
  if (!parsed.success) {
    const badIntent = parsed.error.issues.some((i) => i.path[0] === "intent");
    return answer(400, {
      intent: null,
      error: { field: "actions-heading", key: badIntent ? "review.errors.intent" : "review.errors.version.required" },
    });
  }
  const { intent, version } = parsed.data;
  const award = parseAmount(values.awardKrw);
  if (intent === "approve" && award === "bad") {
    return answer(400, { intent, error: { field: "award", key: "review.errors.awardKrw.not_whole" } });
  }
  const input: DecisionInput = {
    ref,
    intent,
    // Claims and notes from a page without a version still work; with one, it is checked.
    version: version ?? null,
    staff: auth.user,
    message: values.message ?? null,
    awardKrw: award === "bad" ? null : award,
    reasonCode: values.reasonCode ?? null,
    reasonText: values.reasonText ?? null,
    note: values.note ?? null,
    assigneeId: /^\d{1,12}$/.test(values.assigneeId ?? "") ? Number(values.assigneeId) : null,
  };
  const result = await decide(input);
  if (result.ok) throw redirect(`/admin/applications/${ref}?done=${result.outcome}`);
  switch (result.reason) {
    case "not_found":
      throw new Response("Not found", { status: 404 });
    case "conflict":
      return answer(409, { intent, conflict: result.current });
    case "forbidden":
      return answer(403, { intent, refused: result.message });
    case "refused":
      return answer(409, { intent, refused: result.message });
    case "invalid": {
      const field = result.field === "version" ? "actions-heading" : (FIELD_IDS[intent]?.[result.field] ?? "actions-heading");
      return answer(400, { intent, error: { field, key: `review.errors.${result.field}.${result.code satisfies InvalidCode}` } });
    }
  }
}

// ---------------------------------------------------------------------------------------------

const DONE = new Set(Object.keys(resources.en.translation.review.done));

export default function ReviewPage() {
  const { detail, locale, me, done, recommendations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const capText = detail.programme.capKrw !== null ? formatWon(detail.programme.capKrw, locale) : "";
  const errors: FieldError[] = [];
  if (result?.error) errors.push({ field: result.error.field, message: t(result.error.key, { cap: capText, ...result.error.params }) });
  if (result?.refused) errors.push({ field: "actions-heading", message: text(result.refused, locale) });
  useErrorTitle(errors.length > 0 || Boolean(result?.conflict));
  const fieldError = (field: string) => (result?.error?.field === field ? errors[0]?.message : undefined);
  const kept = (intent: ReviewIntent, name: string) => (result?.intent === intent ? result.values[name] : undefined);

  return (
    <div className="portal-review">
      <AdminNav role={me.role} />
      <p>
        <Link to="/admin/applications">{t("review.back")}</Link>
      </p>
      <ErrorSummary errors={errors} />
      {result?.conflict ? <ConflictNotice conflict={result.conflict} locale={locale} intent={result.intent} values={result.values} /> : null}
      <h1>{t("review.title", { reference: detail.reference })}</h1>
      <p className="portal-lead">
        {t("review.lead", {
          programme: text(detail.programme.name, locale),
          date: detail.submittedAt ? formatDate(detail.submittedAt, locale) : "—",
        })}
      </p>
      {detail.reply ? (
        <section className="portal-callout" aria-labelledby="reply-received-heading">
          <h2 id="reply-received-heading">
            <span className="krds-badge bg-light-primary">{t("review.reply.badge")}</span>{" "}
            {t("review.reply.title", { date: formatDate(detail.reply.at, locale) })}
          </h2>
          {detail.reply.request ? (
            <>
              <h3>{t("review.reply.asked")}</h3>
              <blockquote className="portal-request">
                <p className="portal-message-body">{detail.reply.request}</p>
              </blockquote>
            </>
          ) : null}
          <h3>{t("review.reply.answer")}</h3>
          <blockquote className="portal-request">
            <p className="portal-message-body">{detail.reply.answer ?? "—"}</p>
          </blockquote>
          <h3>{t("review.reply.newDocuments")}</h3>
          {detail.reply.newDocuments.length ? (
            <ul className="portal-plain-list">
              {detail.reply.newDocuments.map((d) => (
                <li key={d.id}>
                  <a href={`/admin/applications/${detail.reference}/documents/${d.id}`} target="_blank" rel="noopener noreferrer">
                    {t("review.documents.open", { name: d.display_name })} <span className="sr-only">{t("review.documents.newTab")}</span>
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p className="portal-muted">{t("review.reply.noNewDocuments")}</p>
          )}
        </section>
      ) : null}
      {done && DONE.has(done) && !result ? (
        <p className="portal-notice" role="status">
          {t(`review.done.${done as "claimed"}`)}
        </p>
      ) : null}
      <dl className="portal-facts">
        <div>
          <dt>{t("review.status")}</dt>
          <dd>
            <StatusBadge status={detail.status} locale={locale} />
          </dd>
        </div>
        <div>
          <dt>{t("review.assignee")}</dt>
          <dd>
            {detail.assignee
              ? detail.assignee.id === me.id
                ? t("review.you", { email: detail.assignee.email })
                : detail.assignee.email
              : t("review.unassigned")}
          </dd>
        </div>
        {detail.award.amountKrw !== null ? (
          <div>
            <dt>{t("review.award")}</dt>
            <dd>{formatWon(detail.award.amountKrw, locale)}</dd>
          </div>
        ) : null}
        {detail.decidedAt ? (
          <div>
            <dt>{t("review.decided")}</dt>
            <dd>{formatDate(detail.decidedAt, locale)}</dd>
          </div>
        ) : null}
      </dl>

      <Actions detail={detail} locale={locale} meId={me.id} fieldError={fieldError} kept={kept} />
      <BusinessSection detail={detail} locale={locale} />
      <RecommendationsNote recommendations={recommendations} />
      <AnswersSection detail={detail} locale={locale} />
      <EvaluationSection detail={detail} locale={locale} />
      <DocumentsSection detail={detail} locale={locale} />
      <MessagesSection detail={detail} locale={locale} />
      <NotesSection detail={detail} locale={locale} fieldError={fieldError} kept={kept} />
      <TimelineSection detail={detail} locale={locale} />
      <OthersSection detail={detail} locale={locale} />
    </div>
  );
}
