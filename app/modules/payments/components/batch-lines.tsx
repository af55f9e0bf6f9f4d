import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "~/shared/format";
import { text, type Locale } from "~/shared/i18n";

type LocalisedText = { en: string; ko: string };

export interface BatchLine {
  sequence: number;
  reference: string;
  bank_code: string;
  bank_name: LocalisedText | null;
  account_number: string;
  holder_name: string;
  amount_krw: number;
  state: string;
  result_code: string | null;
  result_text: LocalisedText | null;
}

/** A batch's payment lines, as the staff batch page lists them. */
export function BatchLines({ payments, locale }: { payments: readonly BatchLine[]; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t("payments.batch.lines", { count: payments.length })}</h2>
      <div className="portal-table-wrap">
        <table className="portal-table portal-admin-table">
          <caption className="sr-only">{t("payments.batch.lines", { count: payments.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("payments.batch.columns.sequence")}</th>
              <th scope="col">{t("payments.batch.columns.reference")}</th>
              <th scope="col">{t("payments.batch.columns.bank")}</th>
              <th scope="col">{t("payments.batch.columns.account")}</th>
              <th scope="col">{t("payments.batch.columns.holder")}</th>
              <th scope="col">{t("payments.batch.columns.amount")}</th>
              <th scope="col">{t("payments.batch.columns.state")}</th>
              <th scope="col">{t("payments.batch.columns.result")}</th>
            </tr>
          </thead>
          <tbody>
            {payments.map((p) => (
              <tr key={p.sequence}>
                <td>{p.sequence}</td>
                <th scope="row">
                  <Link to={`/admin/applications/${p.reference}`}>{p.reference}</Link>
                </th>
                <td>{p.bank_name ? text(p.bank_name, locale) : p.bank_code}</td>
                <td>{p.account_number}</td>
                <td>{p.holder_name}</td>
                <td>{formatNumber(p.amount_krw, locale)}</td>
                <td>{t(`payments.batch.paymentStates.${p.state}`)}</td>
                <td>{p.result_text ? `${p.result_code} ${text(p.result_text, locale)}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
