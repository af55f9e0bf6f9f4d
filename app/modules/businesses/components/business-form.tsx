import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField } from "~/shared/ui/form";
import { useFormErrors, type ActionErrors } from "~/modules/accounts";
import { REGIONS, SECTORS } from "~/modules/eligibility";
import type { BusinessFormValues } from "~/modules/businesses/business-profile";
import { codeName } from "~/modules/eligibility";
import { isLocale } from "~/shared/i18n";

/** Vocabulary words are lower-case for use in sentences; a list or menu starts them with a capital. */
export function capitalise(word: string): string {
  return word.charAt(0).toLocaleUpperCase("en") + word.slice(1);
}

export const BUSINESS_FIELDS = [
  "tradeName",
  "registrationNumber",
  "representativeName",
  "phone",
  "address",
  "region",
  "sector",
  "employees",
  "openedOn",
] as const;

/**
 * The business profile page body, for adding and for changing a business: error summary first, then
 * the heading and the form. Plain HTML: works without JavaScript.
 */
export function BusinessForm({
  title,
  intro,
  values,
  result,
  submitLabel,
  redirectTo,
}: {
  title: string;
  /** Where to go once saved (the application the owner was starting). */
  redirectTo?: string;
  intro?: ReactNode;
  values: BusinessFormValues;
  result: ActionErrors | undefined;
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : "ko";
  const { list, message } = useFormErrors(result, [...BUSINESS_FIELDS]);
  const f = (k: string) => t(`account.business.fields.${k}` as never) as string;
  return (
    <>
      <ErrorSummary errors={list} />
      <h1>{title}</h1>
      {intro}
      <Form method="post" noValidate className="portal-form-wide">
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <TextField
          name="tradeName"
          label={f("tradeName")}
          autoComplete="organization"
          maxLength={100}
          defaultValue={values.tradeName}
          error={message("tradeName")}
        />
        <TextField
          name="registrationNumber"
          label={f("registrationNumber")}
          hint={f("registrationNumberHint")}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={20}
          defaultValue={values.registrationNumber}
          error={message("registrationNumber")}
        />
        <TextField
          name="representativeName"
          label={f("representativeName")}
          autoComplete="name"
          maxLength={50}
          defaultValue={values.representativeName}
          error={message("representativeName")}
        />
        <TextField
          name="phone"
          type="tel"
          label={f("phone")}
          hint={f("phoneHint")}
          autoComplete="tel"
          maxLength={20}
          defaultValue={values.phone}
          error={message("phone")}
        />
        <TextField
          name="address"
          label={f("address")}
          autoComplete="street-address"
          maxLength={200}
          defaultValue={values.address}
          error={message("address")}
        />
        <SelectField
          name="region"
          label={f("region")}
          placeholder={f("choose")}
          options={REGIONS.map((r) => ({ value: r, label: capitalise(codeName(r, locale)) }))}
          defaultValue={values.region}
          error={message("region")}
        />
        <SelectField
          name="sector"
          label={f("sector")}
          placeholder={f("choose")}
          options={SECTORS.map((s) => ({ value: s, label: capitalise(codeName(s, locale)) }))}
          defaultValue={values.sector}
          error={message("sector")}
        />
        <TextField
          name="employees"
          label={f("employees")}
          hint={f("employeesHint")}
          inputMode="numeric"
          className="portal-input-short"
          maxLength={7}
          defaultValue={values.employees}
          error={message("employees")}
        />
        <TextField
          name="openedOn"
          type="date"
          label={f("openedOn")}
          hint={f("openedOnHint")}
          defaultValue={values.openedOn}
          error={message("openedOn")}
        />
        <div className="portal-form-actions">
          <button type="submit" className="krds-btn large primary">
            {submitLabel}
          </button>
        </div>
      </Form>
    </>
  );
}
