import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { objectionStateName, type ObjectionState } from "~/modules/objections/objection";
import { formatDate } from "~/shared/format";
import { text, type Locale } from "~/shared/i18n";

export interface OwnerPaymentView {
  reference: string;
  paying: boolean;
  editable: boolean;
  hasAccount: boolean;
  lastFailure: { code: string; text: { en: string; ko: string } } | null;
}

export interface OwnerObjectionView {
  canObject: { deadline: string } | null;
  windowClosed: boolean;
  objections: Array<{
    id: number;
    state: ObjectionState;
    reason: string;
    decisionReason: string | null;
    decidedAt: string | null;
    createdAt: string;
  }>;
}

/** The owner's application page: the payout account (and a failed payment) and objections. */
export function OwnerPaymentAndObjections({
  reference,
  payment,
  objections,
  locale,
}: {
  reference: string;
  payment: OwnerPaymentView | null;
  objections: OwnerObjectionView | null;
  locale: Locale;
}) {
  const { t } = useTranslation();
  return (
    <>
      {payment && payment.paying && (payment.editable || payment.hasAccount) ? (
        <section aria-labelledby="payout-heading">
          <h2 id="payout-heading">{t("payments.track.payout")}</h2>
          {payment.lastFailure ? (
            <p className="portal-notice" role="alert">
              {t("payments.track.paymentFailed", { reason: `${payment.lastFailure.code} ${text(payment.lastFailure.text, locale)}` })}
            </p>
          ) : null}
          {payment.editable ? (
            <p>
              <Link to={`/applications/${payment.reference}/payout`}>{t("payments.track.payoutLink")}</Link>
            </p>
          ) : null}
        </section>
      ) : null}
      {objections && (objections.canObject || objections.windowClosed || objections.objections.length) ? (
        <section aria-labelledby="objection-heading">
          <h2 id="objection-heading">{t("payments.track.objections")}</h2>
          {objections.objections.map((o) => (
            <div key={o.id} className="portal-callout">
              <p>
                <strong>{t("payments.track.objectionState", { state: text(objectionStateName(o.state), locale) })}</strong>
                <span className="portal-muted"> · {formatDate(o.createdAt, locale)}</span>
              </p>
              <p className="portal-muted">{t("payments.track.objectionReason")}</p>
              <p className="portal-message-body">{o.reason}</p>
              {o.decisionReason ? (
                <>
                  <p className="portal-muted">
                    {t("payments.track.objectionDecision")} · {o.decidedAt ? formatDate(o.decidedAt, locale) : ""}
                  </p>
                  <p className="portal-message-body">{o.decisionReason}</p>
                </>
              ) : null}
            </div>
          ))}
          {objections.canObject ? (
            <p>
              {t("payments.track.objectBy", { date: formatDate(objections.canObject.deadline, locale) })}{" "}
              <Link to={`/applications/${reference}/objection`}>{t("payments.track.objectLink")}</Link>
            </p>
          ) : objections.windowClosed ? (
            <p>{t("payments.track.objectClosed")}</p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
