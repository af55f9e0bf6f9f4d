/** The owner's application page: the task list of a draft, the tracking page after submission. */
import { formatWon } from "~/shared/money";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextAreaField } from "~/shared/ui/form";
import { StatusBadge } from "~/modules/applications/components/status-badge";
import { formatDate } from "~/shared/format";
import { OWNER_MESSAGE_MAX } from "../schemas";
import { text } from "~/shared/i18n";
import { OwnerPaymentAndObjections } from "~/modules/objections";
import type { action, loader } from "~/routes/applications.$ref._index";

export const TASKS = ["business", "facts", "questions", "documents", "account", "declaration"] as const;

export function TaskList() {
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
        {TASKS.filter((task) => app.tasks[task] !== undefined).map((task) => {
          const state = app.tasks[task]!;
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

export function Tracking() {
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
              maxLength={OWNER_MESSAGE_MAX}
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
            {/* The portal's own decisions are explained in the reader's words; their technical
                reason (which list, which rules version) stays with staff. */}
            {e.actor_role === "system" ? (
              <p>{t(`applications.track.systemReason.${e.action as "auto_approve"}`, { defaultValue: "" })}</p>
            ) : e.reason ? (
              <p>{e.reason}</p>
            ) : null}
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
              maxLength={OWNER_MESSAGE_MAX}
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
