import { useTranslation } from "react-i18next";
import { SelectField, TextField } from "~/shared/ui/form";
import { text, type Locale } from "~/shared/i18n";
import { BANKS, type PayoutAccountField } from "../bank";

/**
 * The three fields of a payout account (bank, number, holder), the same wherever an owner gives
 * one: the application's account step, the payout page and the one-step application.
 */
export function PayoutAccountFields({
  values,
  error,
  locale,
}: {
  values: Partial<Record<PayoutAccountField, string | null | undefined>>;
  error: (field: PayoutAccountField) => string | undefined;
  locale: Locale;
}) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField
        name="bankCode"
        label={t("payments.payout.bank")}
        placeholder={t("payments.payout.bankPlaceholder")}
        defaultValue={values.bankCode ?? ""}
        error={error("bankCode")}
        options={BANKS.map((b) => ({ value: b.code, label: `${text(b.name, locale)} (${b.code})` }))}
      />
      <TextField
        name="accountNumber"
        label={t("payments.payout.account")}
        hint={t("payments.payout.accountHint")}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        defaultValue={values.accountNumber ?? ""}
        error={error("accountNumber")}
      />
      <TextField
        name="holderName"
        label={t("payments.payout.holder")}
        hint={t("payments.payout.holderHint")}
        autoComplete="name"
        defaultValue={values.holderName ?? ""}
        error={error("holderName")}
      />
    </>
  );
}
