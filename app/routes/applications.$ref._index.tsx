import { formatWon } from "~/shared/money";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary, TextAreaField } from "~/shared/ui/form";
import { StatusBadge } from "~/modules/applications/components/status-badge";
import { availableActions, type ApplicationStatus } from "~/modules/applications/application-state";
import { rejectionReasonLabel } from "~/modules/review/review";
import { requireOwnedApplication } from "~/modules/applications/application-route.server";
import { applicationsMeta } from "~/modules/applications/applications-meta";
import { formatDate } from "~/shared/format";
import { markFormError, readForm } from "~/shared/form.server";
import { pick, text, type Locale } from "~/shared/i18n";
import { answerInfoRequest, withdrawApplication, type OwnerApplication } from "~/modules/applications/applications.server";
import { OwnerPaymentAndObjections } from "~/modules/objections/components/owner-payment-objection";
import { getOwnerObjections } from "~/modules/objections/objections.server";
import { getPayoutPage } from "~/modules/payments/payout.server";

export async function loader(args: LoaderFunctionArgs) {
  const { app, locale, key, auth } = await requireOwnedApplication(args);
  const url = new URL(args.request.url);
  // Payout account and objections: only once there is a reference.
  const [payout, objections] = app.reference
    ? await Promise.all([
        getPayoutPage({ ref: app.reference, ownerId: auth.user.id }),
        getOwnerObjections({ ref: app.reference, ownerId: auth.user.id }),
      ])
    : [null, null];
  return {
    locale,
    key,
    app: view(app, locale),
    payment: payout
      ? {
          reference: payout.reference,
          paying: payout.paying,
          editable: payout.editable,
          hasAccount: payout.account !== null,
          lastFailure: payout.lastFailure,
        }
      : null,
    objections,
    notice: url.searchParams.get("notice"),
    resumed: url.searchParams.get("resumed") === "1",
    formError: Boolean(args.context.formError),
  };
}

/** Only what the page shows; internal ids and rule documents stay on the server. */
function view(app: OwnerApplication, locale: Locale) {
  return {
    public_id: app.public_id,
    reference: app.reference,
    status: app.status as ApplicationStatus,
    created_at: app.created_at,
    submitted_at: app.submitted_at,
    programmeName: pick(app.programme, "name", locale),
    programmeSlug: app.programme.slug,
    window: app.window,
    tasks: app.tasks,
    failed: app.evaluation.criteria
      .filter((c) => c.result === "fail")
      .map((c) => ({ id: c.id, label: text(c.label, locale), explanation: text(c.explanation, locale) })),
    events: app.events,
    messages: app.messages,
    documents: app.documents.map((d) => ({ id: d.id, display_name: d.display_name, size_bytes: d.size_bytes })),
    canWithdraw: availableActions(app.status as ApplicationStatus, "owner", app.programme.rules.support.kind).includes("withdraw"),
    canAnswer: app.status === "info_requested",
    // The caseworker's latest message while they wait for an answer: what was asked, shown first.
    request: app.status === "info_requested" ? (app.messages.filter((m) => m.author_role !== "owner").at(-1) ?? null) : null,
    // A proposed award (waiting for four-eyes) is not a decision yet: shown only once approved.
    awardKrw: app.status === "approved" || app.status === "paid" ? app.award_amount_krw : null,
    rejectionReason: app.status === "rejected" && app.decision_reason_code ? rejectionReasonLabel(app.decision_reason_code) : null,
  };
}

export const meta = applicationsMeta((t, d) =>
  d?.app?.reference ? t.track.title.replace("{{reference}}", d.app.reference) : t.tasks.title.replace("{{name}}", d?.app?.programmeName ?? ""),
);

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("withdraw"), reason: z.string().trim().min(1, "reason").max(2000, "tooLong") }),
  z.object({ intent: z.literal("answer"), message: z.string().trim().min(1, "message").max(2000, "tooLong") }),
]);

export async function action(args: ActionFunctionArgs) {
  const { auth, key } = await requireOwnedApplication(args, { forwardDraftKey: false });
  const form = await readForm(args.request);
  const values = form.ok ? form.data : {};
  const parsed = ActionSchema.safeParse(values);
  if (!parsed.success) {
    markFormError(args.context);
    const issue = parsed.error.issues[0]!;
    const field = values.intent === "answer" ? "message" : "reason";
    return data(
      { field, error: `applications.track.errors.${issue.message === "tooLong" ? "tooLong" : field}`, values, refused: null },
      { status: 400 },
    );
  }
  const result =
    parsed.data.intent === "withdraw"
      ? await withdrawApplication({ key, ownerId: auth.user.id, reason: parsed.data.reason })
      : await answerInfoRequest({ key, ownerId: auth.user.id, message: parsed.data.message });
  if (result.ok) return redirect(`/applications/${key}?notice=${parsed.data.intent === "withdraw" ? "withdrawn" : "replied"}`);
  if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
  markFormError(args.context);
  return data({ field: parsed.data.intent === "answer" ? "message" : "reason", error: null, values, refused: result.message }, { status: 409 });
}

export default function ApplicationPage() {
  const { app } = useLoaderData<typeof loader>();
  return app.status === "draft" ? <TaskList /> : <Tracking />;
}

const TASKS = ["business", "facts", "questions", "documents", "declaration"] as const;

function TaskList() {
  const { app, key, locale, resumed } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const open = app.window === "open" || app.window === "closing_soon";
  return (
    <div>
      <h1>{t("applications.tasks.title", { name: app.programmeName })}</h1>
      {resumed ? <p className="portal-notice">{t("applications.start.resume")}</p> : null}
      <p className="portal-lead">{t("applications.tasks.lead")}</p>
      <p className="portal-muted">{t("applications.tasks.draftSaved", { date: formatDate(app.created_at, locale) })}</p>
      {!open ? <p className="portal-notice">{t("applications.tasks.closed")}</p> : null}
      {app.failed.length ? (
        <div className="portal-notice">
          <p>{t("applications.tasks.notEligible")}</p>
          <ul>
            {app.failed.map((c) => (
              <li key={c.id}>
                <strong>{c.label}</strong> — {c.explanation}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ol className="portal-task-list">
        {TASKS.map((task) => {
          const state = app.tasks[task];
          const href = task === "declaration" ? `/applications/${key}/check` : `/applications/${key}/${task}`;
          return (
            <li key={task}>
              <Link to={href} aria-describedby={`task-${task}-state`}>
                {t(`applications.tasks.${task}`)}
              </Link>
              <span
                id={`task-${task}-state`}
                className={`krds-badge ${state === "done" ? "bg-light-success" : state === "blocked" ? "bg-light-danger" : "bg-light-gray"}`}
              >
                {t(`applications.tasks.state.${state}`)}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function Tracking() {
  const { app, key, locale, notice, payment, objections } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const fieldError = result?.error ? t(result.error) : result?.refused ? text(result.refused, locale) : undefined;
  return (
    <div>
      <ErrorSummary errors={fieldError && result ? [{ field: result.field, message: fieldError }] : []} />
      <h1>{t("applications.track.title", { reference: app.reference })}</h1>
      {notice === "withdrawn" ? (
        <p className="portal-notice" role="status">
          {t("applications.track.withdrawn")}
        </p>
      ) : null}
      {notice === "replied" ? (
        <p className="portal-notice" role="status">
          {t("applications.track.replied")}
        </p>
      ) : null}
      {notice === "objected" ? (
        <p className="portal-notice" role="status">
          {t("payments.objection.sent")}
        </p>
      ) : null}
      <dl className="portal-facts">
        <div>
          <dt>{t("applications.list.programme")}</dt>
          <dd>{app.programmeName}</dd>
        </div>
        <div>
          <dt>{t("applications.track.status")}</dt>
          <dd>
            <StatusBadge status={app.status} locale={locale} />
          </dd>
        </div>
        {app.submitted_at ? (
          <div>
            <dt>{t("applications.track.submitted")}</dt>
            <dd>{formatDate(app.submitted_at, locale)}</dd>
          </div>
        ) : null}
        {app.awardKrw !== null ? (
          <div>
            <dt>{t("review.owner.award")}</dt>
            <dd>{formatWon(app.awardKrw, locale)}</dd>
          </div>
        ) : null}
        {app.rejectionReason ? (
          <div>
            <dt>{t("review.owner.reason")}</dt>
            <dd>{text(app.rejectionReason, locale)}</dd>
          </div>
        ) : null}
      </dl>

      <OwnerPaymentAndObjections reference={key} payment={payment} objections={objections} locale={locale} />

      {app.canAnswer ? (
        <section aria-labelledby="reply-heading" className="portal-callout">
          <h2 id="reply-heading">{t("applications.track.infoRequested")}</h2>
          {app.request ? (
            <blockquote className="portal-request">
              <p className="portal-muted">{t("applications.track.requestFrom", { date: formatDate(app.request.created_at, locale) })}</p>
              <p className="portal-message-body">{app.request.body}</p>
            </blockquote>
          ) : null}
          <p>
            <Link to={`/applications/${key}/documents`}>{t("applications.track.addDocuments")}</Link>
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="answer" />
            <TextAreaField
              name="message"
              label={t("applications.track.reply")}
              hint={t("applications.track.replyHint")}
              maxLength={2000}
              defaultValue={result?.values?.message}
              error={result?.field === "message" ? fieldError : undefined}
            />
            <button type="submit" className="krds-btn medium primary">
              {t("applications.track.sendReply")}
            </button>
          </Form>
        </section>
      ) : null}

      <h2>{t("applications.track.messages")}</h2>
      {app.messages.length === 0 ? (
        <p>{t("applications.track.noMessages")}</p>
      ) : (
        <ul className="portal-messages">
          {app.messages.map((m) => (
            <li key={m.id}>
              <p className="portal-muted">
                {m.author_role === "owner" ? t("applications.track.fromYou") : t("applications.track.fromCaseworker")} ·{" "}
                {formatDate(m.created_at, locale)}
              </p>
              <p className="portal-message-body">{m.body}</p>
            </li>
          ))}
        </ul>
      )}

      <h2>{t("applications.track.timeline")}</h2>
      <ol className="portal-timeline">
        {app.events.map((e) => (
          <li key={e.id}>
            <strong>{t(`applications.track.event.${e.action as "submit"}`, { defaultValue: e.action })}</strong>
            <span className="portal-muted"> · {formatDate(e.at, locale)}</span>
            {e.reason ? <p>{e.reason}</p> : null}
          </li>
        ))}
      </ol>

      <h2>{t("applications.track.documents")}</h2>
      <ul>
        {app.documents.map((d) => (
          <li key={d.id}>
            <a href={`/applications/${key}/documents/${d.id}`} download>
              {d.display_name}
            </a>{" "}
            <span className="portal-muted">{t("applications.documents.size", { size: Math.ceil(d.size_bytes / 1024) })}</span>
          </li>
        ))}
      </ul>
      <p>
        <Link to={`/applications/${key}/check`}>{t("applications.track.answers")}</Link>
      </p>

      {app.canWithdraw ? (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">{t("applications.track.withdrawTitle")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="withdraw" />
            <TextAreaField
              name="reason"
              label={t("applications.track.withdrawReason")}
              rows={3}
              maxLength={2000}
              defaultValue={result?.values?.reason}
              error={result?.field === "reason" ? fieldError : undefined}
            />
            <button type="submit" className="krds-btn medium secondary">
              {t("applications.track.withdraw")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
