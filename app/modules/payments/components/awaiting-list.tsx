import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextAreaField } from "~/shared/ui/form";
import { formatDate, formatNumber } from "~/shared/format";
import { text, type Locale } from "~/shared/i18n";
import { MAX_RETRY_REASON } from "../schemas";

export interface AwaitingRow {
  failureId: number;
  reference: string;
  tradeName: string;
  amountKrw: number;
  resultCode: string;
  resultText: { en: string; ko: string };
  failedAt: string;
  account: string;
  bankCode: string;
  changedUnchecked: boolean;
}

/**
 * Supervisors: the applications of one programme awaiting a new account, each with a retry form
 * (reason required). The form that failed shows its error next to the reason, with the input kept.
 */
export function AwaitingList({
  rows,
  locale,
  failed,
}: {
  rows: AwaitingRow[];
  locale: Locale;
  failed?: { failureId: string; reason: string; error?: string };
}) {
  const { t } = useTranslation();
  if (!rows.length) return <p>{t("payments.awaiting.none")}</p>;
  return (
    <ul className="portal-list-plain">
      {rows.map((r) => {
        const mine = failed?.failureId === String(r.failureId);
        const fieldId = `reason-${r.failureId}`;
        return (
          <li key={r.failureId} className="portal-card">
            <h2>
              {r.reference} · {r.tradeName}
            </h2>
            <dl>
              <dt>{t("payments.awaiting.columns.amount")}</dt>
              <dd>{formatNumber(r.amountKrw, locale)}</dd>
              <dt>{t("payments.awaiting.columns.failure")}</dt>
              <dd>
                {r.resultCode} {text(r.resultText, locale)}
              </dd>
              <dt>{t("payments.awaiting.columns.account")}</dt>
              <dd>
                {r.bankCode} {r.account}
              </dd>
              <dt>{t("payments.awaiting.columns.failedAt")}</dt>
              <dd>{formatDate(r.failedAt, locale)}</dd>
            </dl>
            {r.changedUnchecked ? <p>{t("payments.awaiting.newUnchecked")}</p> : null}
            <Form method="post" noValidate aria-label={`${t("payments.awaiting.retry")}: ${r.reference}`}>
              <input type="hidden" name="failureId" value={r.failureId} />
              <TextAreaField
                name="reason"
                id={fieldId}
                label={t("payments.awaiting.reason")}
                hint={t("payments.awaiting.reasonHint")}
                maxLength={MAX_RETRY_REASON}
                rows={3}
                defaultValue={mine ? failed?.reason : undefined}
                error={mine ? failed?.error : undefined}
              />
              <button type="submit" className="krds-btn medium secondary">
                {t("payments.awaiting.retry")}
              </button>
            </Form>
          </li>
        );
      })}
    </ul>
  );
}
