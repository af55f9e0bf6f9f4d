/** The payout account step of an application: reuse an account given before, or enter one. */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/shared/ui/form";
import { text, type Locale } from "~/shared/i18n";
import { bankName, type PayoutAccountField } from "../bank";
import { PayoutAccountFields } from "./payout-account-fields";
import type { LocalisedText } from "~/modules/eligibility";

export interface AccountStepView {
  /** The application's draft id or reference, for its links. */
  appKey: string;
  locale: Locale;
  saved: "matched" | "unchecked" | null;
  account: { bankCode: string; masked: string; holderName: string; payee: string } | null;
  reuse: Array<{ id: number; bankCode: string; masked: string; lastDigits: string; holderName: string }>;
  result?: {
    errors: Partial<Record<PayoutAccountField, LocalisedText>>;
    refused?: LocalisedText | null;
    values: Record<PayoutAccountField, string>;
  };
}

const FIELDS: PayoutAccountField[] = ["bankCode", "accountNumber", "holderName"];

function bankLabel(code: string, locale: Locale) {
  return text(bankName(code) ?? { en: code, ko: code }, locale);
}

export function AccountStep({ appKey, locale, saved, account, reuse, result }: AccountStepView) {
  const { t } = useTranslation();
  const err = (f: PayoutAccountField) => (result?.errors[f] ? text(result.errors[f]!, locale) : undefined);
  const summary = [
    ...FIELDS.filter((f) => result?.errors[f]).map((f) => ({ field: f, message: text(result!.errors[f]!, locale) })),
    ...(result?.refused ? [{ field: reuse.length ? `reuse-${reuse[0]!.id}` : "bankCode", message: text(result.refused, locale) }] : []),
  ];
  return (
    <div>
      <ErrorSummary errors={summary} />
      <p>
        <Link to={`/applications/${appKey}`}>{t("applications.tasks.back")}</Link>
      </p>
      <h1>{t("payments.step.title")}</h1>
      {saved === "matched" ? (
        <p className="portal-notice" role="status">
          {t("payments.step.savedMatched")}
        </p>
      ) : null}
      {saved === "unchecked" ? (
        <p className="portal-notice" role="status">
          {t("payments.payout.savedUnchecked")}
        </p>
      ) : null}
      <p className="portal-lead">{t("payments.step.lead")}</p>
      {account ? (
        <>
          <p>{t("payments.payout.current", { bank: bankLabel(account.bankCode, locale), account: account.masked, holder: account.holderName })}</p>
          {account.payee === "unchecked" ? <p>{t("payments.payout.unchecked")}</p> : null}
          {account.payee === "matched" ? <p>{t("payments.payout.matched")}</p> : null}
          <p>
            <Link to={`/applications/${appKey}/check`} className="krds-btn medium primary">
              {t("payments.step.continue")}
            </Link>
          </p>
        </>
      ) : null}
      {reuse.length ? (
        <section aria-labelledby="reuse-heading">
          <h2 id="reuse-heading">{t("payments.step.reuseTitle")}</h2>
          <p>{t("payments.step.reuseLead")}</p>
          {reuse.map((r) => (
            <Form method="post" key={r.id} className="portal-form-actions">
              <input type="hidden" name="intent" value="reuse" />
              <input type="hidden" name="account" value={String(r.id)} />
              <p>
                {bankLabel(r.bankCode, locale)} {r.masked} ({r.holderName})
              </p>
              <button type="submit" id={`reuse-${r.id}`} className="krds-btn medium secondary portal-btn-wrap">
                {t("payments.step.reuse", { last: r.lastDigits, bank: bankLabel(r.bankCode, locale) })}
              </button>
            </Form>
          ))}
        </section>
      ) : null}
      <section aria-labelledby="enter-heading">
        <h2 id="enter-heading">{reuse.length ? t("payments.step.another") : account ? t("payments.step.change") : t("payments.step.enter")}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="save" />
          <PayoutAccountFields values={result?.values ?? {}} error={err} locale={locale} />
          <button type="submit" className="krds-btn large primary">
            {t("forms.saveAndContinue")}
          </button>
        </Form>
      </section>
    </div>
  );
}
