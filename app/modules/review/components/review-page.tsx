import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatWon, parseWon, wonFieldValue } from "~/shared/money";
import { SelectField, TextAreaField, TextField } from "~/shared/ui/form";
import { StatusBadge } from "~/modules/applications";
import { statusName, type ApplicationStatus } from "~/modules/applications";
import type { Evaluation, Result } from "~/modules/eligibility";
import type { FactKey } from "~/modules/eligibility";
import { REJECTION_REASONS, type ReviewIntent } from "~/modules/review/review";
import { codeName, FACT_NAMES } from "~/modules/eligibility";
import { formatDate, formatNumber } from "~/shared/format";
import { type Locale } from "~/shared/i18n";
import type { ConflictView, ReviewDetail } from "~/modules/review/review.server";

/**
 * The review page's parts (the page itself is app/routes/admin.applications.$ref.tsx): the
 * decision forms, the conflict notice and one section per part of the application.
 */
export type Props = { detail: ReviewDetail; locale: Locale };
export type FormProps = { fieldError: (field: string) => string | undefined; kept: (intent: ReviewIntent, name: string) => string | undefined };

/** What the person had entered, so nothing typed is lost even when the form no longer applies. */
export const KEPT_FIELDS = ["message", "awardKrw", "reasonText", "note"] as const;

export function ConflictNotice({
  conflict,
  locale,
  intent,
  values,
}: {
  conflict: ConflictView;
  locale: Locale;
  intent: ReviewIntent | null;
  values: Record<string, string>;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [conflict]);
  return (
    <div className="portal-error-summary portal-conflict" ref={ref} tabIndex={-1} role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">{t("review.conflict.title")}</h2>
      <p>{t("review.conflict.text")}</p>
      <dl className="portal-facts">
        <div>
          <dt>{t("review.conflict.status")}</dt>
          <dd>{statusName(conflict.status)[locale]}</dd>
        </div>
        <div>
          <dt>{t("review.conflict.assignee")}</dt>
          <dd>{conflict.assignee ?? t("review.unassigned")}</dd>
        </div>
        {conflict.proposedBy ? (
          <div>
            <dt>{t("review.conflict.proposal")}</dt>
            <dd>
              {conflict.proposedBy}
              {conflict.awardKrw !== null ? ` (${formatWon(conflict.awardKrw, locale)})` : ""}
            </dd>
          </div>
        ) : null}
        {conflict.lastChange ? (
          <div>
            <dt>{t("review.conflict.lastChange")}</dt>
            <dd>
              {t("review.conflict.lastChangeValue", {
                action: actionLabel(t, conflict.lastChange.action),
                by: conflict.lastChange.by,
                date: formatDate(conflict.lastChange.at, locale),
              })}
            </dd>
          </div>
        ) : null}
      </dl>
      {intent && KEPT_FIELDS.some((f) => values[f]?.trim()) ? (
        <>
          <h3>{t("review.conflict.yours", { action: t(`review.conflict.intent.${intent}`) })}</h3>
          {KEPT_FIELDS.filter((f) => values[f]?.trim()).map((f) => (
            <p key={f} className="portal-message-body">
              {f === "awardKrw" ? typedWon(values[f] ?? "", locale) : values[f]}
            </p>
          ))}
        </>
      ) : null}
    </div>
  );
}

export function actionLabel(t: (key: string, options?: Record<string, unknown>) => string, action: string): string {
  const event = t(`review.timeline.event.${action}`, { defaultValue: "" });
  return event || t(`review.timeline.audit.${action}`, { defaultValue: action });
}

export function Hidden({ intent, version }: { intent: ReviewIntent; version: number }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
    </>
  );
}

export function Actions({ detail, locale, meId, fieldError, kept }: Props & FormProps & { meId: number }) {
  const { t } = useTranslation();
  const can = (i: ReviewIntent) => detail.allowed.includes(i);
  const { capKrw, fourEyesThresholdKrw, supportKind } = detail.programme;
  const decisions = detail.allowed.filter((i) => i !== "add_note");
  return (
    <section aria-labelledby="actions-heading" className="portal-callout portal-review-actions">
      <h2 id="actions-heading" tabIndex={-1}>
        {t("review.actions.title")}
      </h2>
      {detail.proposal ? (
        <div className="portal-notice">
          <h3>{t("review.actions.proposalTitle")}</h3>
          <p>
            {t("review.actions.proposalText", {
              by: detail.proposal.by ?? "",
              amount: formatWon(detail.proposal.amountKrw ?? 0, locale),
              date: detail.proposal.at ? formatDate(detail.proposal.at, locale) : "",
            })}
          </p>
          <p>{detail.proposal.byId === meId ? t("review.actions.proposalOwn") : t("review.actions.proposalWait")}</p>
        </div>
      ) : null}
      {decisions.length === 0 ? <p>{t("review.actions.none")}</p> : null}

      {can("claim") ? (
        <Form method="post" className="portal-review-form">
          <Hidden intent="claim" version={detail.version} />
          <p className="portal-muted">{t("review.actions.claimHint")}</p>
          <button type="submit" className="krds-btn medium primary">
            {t("review.actions.claim")}
          </button>
        </Form>
      ) : null}

      {can("start_review") ? (
        <Form method="post" className="portal-review-form">
          <Hidden intent="start_review" version={detail.version} />
          <button type="submit" className="krds-btn medium primary">
            {t("review.actions.startReview")}
          </button>
        </Form>
      ) : null}

      {can("confirm_approval") ? (
        <Form method="post" className="portal-review-form">
          <Hidden intent="confirm_approval" version={detail.version} />
          <button type="submit" className="krds-btn medium primary">
            {t("review.actions.confirm")}
          </button>
        </Form>
      ) : null}

      {can("decline_approval") ? (
        <Form method="post" className="portal-review-form" noValidate>
          <Hidden intent="decline_approval" version={detail.version} />
          <TextAreaField
            name="note"
            id="decline-note"
            label={t("review.actions.declineNote")}
            rows={3}
            maxLength={4000}
            defaultValue={kept("decline_approval", "note")}
            error={fieldError("decline-note")}
          />
          <button type="submit" className="krds-btn medium secondary">
            {t("review.actions.decline")}
          </button>
        </Form>
      ) : null}

      {can("request_info") ? (
        <Form method="post" className="portal-review-form" noValidate>
          <fieldset className="portal-fieldset">
            <legend>{t("review.actions.requestInfoLegend")}</legend>
            <Hidden intent="request_info" version={detail.version} />
            <TextAreaField
              name="message"
              id="request-message"
              label={t("review.actions.requestInfoMessage")}
              hint={t("review.actions.requestInfoHint")}
              rows={4}
              maxLength={2000}
              defaultValue={kept("request_info", "message")}
              error={fieldError("request-message")}
            />
            <button type="submit" className="krds-btn medium secondary">
              {t("review.actions.requestInfo")}
            </button>
          </fieldset>
        </Form>
      ) : null}

      {can("approve") ? (
        <Form method="post" className="portal-review-form" noValidate>
          <fieldset className="portal-fieldset">
            <legend>{t("review.actions.approveLegend")}</legend>
            <Hidden intent="approve" version={detail.version} />
            {supportKind === "service" || capKrw === null ? (
              <p>{t("review.actions.approveService")}</p>
            ) : (
              <TextField
                name="awardKrw"
                id="award"
                label={t("review.actions.awardLabel")}
                hint={
                  <>
                    {t("review.actions.awardHint", { cap: formatWon(capKrw, locale) })}
                    {fourEyesThresholdKrw !== null
                      ? ` ${t("review.actions.awardHintFourEyes", { threshold: formatWon(fourEyesThresholdKrw, locale) })}`
                      : ""}
                  </>
                }
                suffix={locale === "ko" ? "원" : "KRW"}
                inputMode="text"
                autoComplete="off"
                defaultValue={kept("approve", "awardKrw") ?? (detail.award.prefillKrw !== null ? wonFieldValue(detail.award.prefillKrw) : "")}
                error={fieldError("award")}
              />
            )}
            <button type="submit" className="krds-btn medium primary">
              {t("review.actions.approve")}
            </button>
          </fieldset>
        </Form>
      ) : null}

      {can("reject") ? (
        <Form method="post" className="portal-review-form" noValidate>
          <fieldset className="portal-fieldset">
            <legend>{t("review.actions.rejectLegend")}</legend>
            <Hidden intent="reject" version={detail.version} />
            <SelectField
              name="reasonCode"
              id="reason-code"
              label={t("review.actions.reasonCode")}
              placeholder={t("review.actions.choose")}
              options={REJECTION_REASONS.map((r) => ({ value: r, label: t(`review.reasons.${r}`) }))}
              defaultValue={kept("reject", "reasonCode")}
              error={fieldError("reason-code")}
            />
            <TextAreaField
              name="reasonText"
              id="reason-text"
              label={t("review.actions.reasonText")}
              hint={t("review.actions.reasonTextHint")}
              rows={4}
              maxLength={2000}
              defaultValue={kept("reject", "reasonText")}
              error={fieldError("reason-text")}
            />
            <button type="submit" className="krds-btn medium secondary">
              {t("review.actions.reject")}
            </button>
          </fieldset>
        </Form>
      ) : null}

      {can("mark_paid") ? (
        <Form method="post" className="portal-review-form">
          <Hidden intent="mark_paid" version={detail.version} />
          <p className="portal-muted">{t("review.actions.markPaidHint")}</p>
          <button type="submit" className="krds-btn medium primary">
            {t("review.actions.markPaid")}
          </button>
        </Form>
      ) : null}

      {can("reassign") ? (
        <Form method="post" className="portal-review-form" noValidate>
          <fieldset className="portal-fieldset">
            <legend>{t("review.actions.reassignLegend")}</legend>
            <Hidden intent="reassign" version={detail.version} />
            <SelectField
              name="assigneeId"
              id="assignee"
              label={t("review.actions.reassignTo")}
              options={detail.staffOptions.map((s) => ({ value: String(s.id), label: `${s.email} (${s.role})` }))}
              defaultValue={kept("reassign", "assigneeId") ?? (detail.assignee ? String(detail.assignee.id) : undefined)}
              error={fieldError("assignee")}
            />
            <button type="submit" className="krds-btn medium secondary">
              {t("review.actions.reassign")}
            </button>
          </fieldset>
        </Form>
      ) : null}
    </section>
  );
}

export function BusinessSection({ detail, locale }: Props) {
  const { t } = useTranslation();
  const b = detail.business;
  const number = (n: string) => `${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`;
  const declared = detail.declaredBusiness;
  const differs = declared && (declared.trade_name !== b.tradeName || declared.registration_number !== b.registrationNumber);
  const rows: Array<[string, string]> = [
    [t("review.business.tradeName"), b.tradeName],
    [t("review.business.registrationNumber"), number(b.registrationNumber)],
    [t("review.business.representative"), b.representativeName],
    [t("review.business.phone"), b.phone],
    [t("review.business.address"), b.address],
    [t("review.business.region"), codeName(b.region, locale)],
    [t("review.business.sector"), codeName(b.sector, locale)],
    [t("review.business.employees"), formatNumber(b.employees, locale)],
    [t("review.business.openedOn"), formatDate(b.openedOn, locale)],
    [t("review.business.ownerEmail"), detail.owner.email],
  ];
  return (
    <section aria-labelledby="business-heading">
      <h2 id="business-heading">{t("review.business.title")}</h2>
      <dl className="portal-facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {differs ? (
        <p className="portal-notice">
          {t("review.business.declaredDiffers", { name: declared.trade_name, number: number(declared.registration_number) })}
        </p>
      ) : null}
    </section>
  );
}

/** What staff typed in an amount field, shown in the money style when it reads as an amount. */
export function typedWon(raw: string, locale: Locale): string {
  const won = parseWon(raw);
  return won.ok ? formatWon(won.value, locale) : raw;
}

export const MONEY_FACTS = new Set<string>(["sales2019", "sales2020", "monthlyRent"]);

export function factValue(value: unknown, locale: Locale, t: (k: string) => string, fact?: string): string {
  if (typeof value === "boolean") return value ? t("review.answers.yes") : t("review.answers.no");
  if (typeof value === "number") return fact && MONEY_FACTS.has(fact) ? formatWon(value, locale) : formatNumber(value, locale);
  if (typeof value === "string") return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value, locale) : codeName(value, locale);
  return "—";
}

export function AnswersSection({ detail, locale }: Props) {
  const { t } = useTranslation();
  const facts = Object.entries(detail.facts) as Array<[FactKey, unknown]>;
  return (
    <section aria-labelledby="answers-heading">
      <h2 id="answers-heading">{t("review.answers.title")}</h2>
      <h3>{t("review.answers.questions")}</h3>
      <dl className="portal-facts">
        {detail.questions.map((q) => {
          const v = detail.answers[q.id];
          const shown =
            v === undefined || v === ""
              ? t("review.answers.none")
              : q.kind === "choice"
                ? (q.options.find((o) => o.value === v)?.label[locale] ?? String(v))
                : q.kind === "amount" && typeof v === "number"
                  ? formatWon(v, locale)
                  : String(v);
          return (
            <div key={q.id}>
              <dt>{q.label[locale]}</dt>
              <dd className="portal-message-body">{shown}</dd>
            </div>
          );
        })}
      </dl>
      <h3>{t("review.answers.facts")}</h3>
      <dl className="portal-facts">
        {facts.map(([key, value]) => (
          <div key={key}>
            <dt className="portal-capitalise">{FACT_NAMES[key]?.[locale] ?? key}</dt>
            <dd>{factValue(value, locale, t, key)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function ResultText({ result }: { result: Result | null }) {
  const { t } = useTranslation();
  if (result === null) return <span className="portal-muted">{t("review.evaluation.absent")}</span>;
  const tone = result === "pass" ? "bg-light-success" : result === "fail" ? "bg-light-danger" : "bg-light-warning";
  return <span className={`krds-badge ${tone}`}>{t(`review.evaluation.result.${result}`)}</span>;
}

export function supportText(e: Evaluation | null, locale: Locale): string {
  return e?.support ? e.support.text[locale] : "—";
}

export function EvaluationSection({ detail, locale }: Props) {
  const { t } = useTranslation();
  const ev = detail.evaluation;
  const changedMark = (changed: boolean) =>
    changed ? (
      <>
        {" "}
        <strong className="portal-changed">{t("review.evaluation.changed")}</strong>
      </>
    ) : null;
  return (
    <section aria-labelledby="evaluation-heading">
      <h2 id="evaluation-heading">{t("review.evaluation.title")}</h2>
      <p>{t("review.evaluation.lead", { then: ev.storedRulesVersion ?? "—", now: ev.currentRulesVersion })}</p>
      <div className="portal-table-wrap">
        <table className="krds-table portal-table portal-evaluation">
          <thead>
            <tr>
              <th scope="col">{t("review.evaluation.criterion")}</th>
              <th scope="col">{t("review.evaluation.then")}</th>
              <th scope="col">{t("review.evaluation.now")}</th>
            </tr>
          </thead>
          <tbody>
            <tr className={ev.diff.outcomeChanged ? "portal-row-changed" : undefined}>
              <th scope="row">
                {t("review.evaluation.outcome")}
                {changedMark(ev.diff.outcomeChanged)}
              </th>
              <td>{ev.stored ? t(`review.evaluation.outcomes.${ev.stored.outcome}`) : "—"}</td>
              <td>{t(`review.evaluation.outcomes.${ev.current.outcome}`)}</td>
            </tr>
            <tr className={ev.diff.supportChanged ? "portal-row-changed" : undefined}>
              <th scope="row">
                {t("review.evaluation.support")}
                {changedMark(ev.diff.supportChanged)}
              </th>
              <td>{supportText(ev.stored, locale)}</td>
              <td>{supportText(ev.current, locale)}</td>
            </tr>
            {ev.diff.criteria.map((c) => (
              <tr key={c.id} className={c.changed ? "portal-row-changed" : undefined}>
                <th scope="row">
                  {c.label[locale]}
                  {changedMark(c.changed)}
                </th>
                <td>
                  <ResultText result={c.then} />
                  {c.explanationThen ? <p className="portal-small">{c.explanationThen[locale]}</p> : null}
                </td>
                <td>
                  <ResultText result={c.now} />
                  {c.explanationNow ? <p className="portal-small">{c.explanationNow[locale]}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function DocumentsSection({ detail, locale }: Props) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t("review.documents.title")}</h2>
      {detail.documents.length === 0 ? (
        <p>{t("review.documents.none")}</p>
      ) : (
        <ul className="portal-plain-list">
          {detail.documents.map((d) => (
            <li key={d.id} className="portal-document">
              <a href={`/admin/applications/${detail.reference}/documents/${d.id}`} target="_blank" rel="noopener noreferrer">
                {t("review.documents.open", { name: d.display_name })} <span className="sr-only">{t("review.documents.newTab")}</span>
              </a>
              <span className="portal-muted">
                {t("review.documents.meta", { type: d.media_type, size: Math.ceil(d.size_bytes / 1024), date: formatDate(d.created_at, locale) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function MessagesSection({ detail, locale }: Props) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="messages-heading">
      <h2 id="messages-heading">{t("review.messages.title")}</h2>
      {detail.messages.length === 0 ? (
        <p>{t("review.messages.none")}</p>
      ) : (
        <ul className="portal-messages">
          {detail.messages.map((m) => (
            <li key={m.id}>
              <p className="portal-muted">
                {m.author_role === "owner" ? t("review.messages.fromOwner") : t("review.messages.fromStaff", { email: m.author_email ?? "" })} ·{" "}
                {formatDate(m.created_at, locale)}
              </p>
              <p className="portal-message-body">{m.body}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function NotesSection({ detail, locale, fieldError, kept }: Props & FormProps) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t("review.notes.title")}</h2>
      <p className="portal-muted">{t("review.notes.hint")}</p>
      {detail.notes.length === 0 ? (
        <p>{t("review.notes.none")}</p>
      ) : (
        <ul className="portal-messages">
          {detail.notes.map((n) => (
            <li key={n.id}>
              <p className="portal-muted">
                {n.author_email} · {formatDate(n.created_at, locale)}
              </p>
              <p className="portal-message-body">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
      {detail.allowed.includes("add_note") ? (
        <Form method="post" noValidate>
          <Hidden intent="add_note" version={detail.version} />
          <TextAreaField
            name="note"
            id="note"
            label={t("review.notes.label")}
            rows={3}
            maxLength={4000}
            defaultValue={kept("add_note", "note")}
            error={fieldError("note")}
          />
          <button type="submit" className="krds-btn medium secondary">
            {t("review.notes.add")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function TimelineSection({ detail, locale }: Props) {
  const { t } = useTranslation();
  const staffActions = new Set(["claim", "reassign", "approval_proposed", "approval_confirmed", "approval_declined", "note_added"]);
  const items = [
    ...detail.events.map((e) => ({
      key: `e${e.id}`,
      at: e.at,
      label: t(`review.timeline.event.${e.action as "submit"}`, { defaultValue: e.action }),
      who: e.actor_email ?? e.actor_role,
      reason: e.reason,
    })),
    ...detail.audit
      .map((a) => ({ ...a, short: a.action.replace(/^application\./, "") }))
      .filter((a) => staffActions.has(a.short))
      .map((a) => ({
        key: `a${a.id}`,
        at: a.at,
        label: t(`review.timeline.audit.${a.short as "claim"}`),
        who: a.actor_label,
        reason:
          typeof a.details.toEmail === "string"
            ? `→ ${a.details.toEmail}`
            : typeof a.details.awardKrw === "number"
              ? formatWon(a.details.awardKrw, locale)
              : null,
      })),
  ].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t("review.timeline.title")}</h2>
      <ol className="portal-timeline">
        {items.map((i) => (
          <li key={i.key}>
            <strong>{i.label}</strong>
            <span className="portal-muted">
              {" "}
              · {t("review.timeline.by", { who: i.who })} · {formatDate(i.at, locale)}
            </span>
            {i.reason ? <p className="portal-message-body">{i.reason}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function OthersSection({ detail, locale }: Props) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="others-heading">
      <h2 id="others-heading">{t("review.others.title")}</h2>
      {detail.numberConflicts > 0 ? <p className="portal-notice">{t("review.others.conflicts", { count: detail.numberConflicts })}</p> : null}
      {detail.otherApplications.length === 0 ? (
        <p>{t("review.others.none")}</p>
      ) : (
        <ul>
          {detail.otherApplications.map((o) => (
            <li key={o.reference ?? o.public_id}>
              {o.reference ? <Link to={`/admin/applications/${o.reference}`}>{o.reference}</Link> : <span>{t("review.others.draft")}</span>} ·{" "}
              {locale === "ko" ? o.programme_name_ko : o.programme_name_en} · <StatusBadge status={o.status as ApplicationStatus} locale={locale} /> ·{" "}
              {o.trade_name} · {formatDate(o.submitted_at ?? o.created_at, locale)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
