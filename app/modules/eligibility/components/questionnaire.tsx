import { Form, Link } from "@remix-run/react";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { REGIONS, SECTORS } from "~/modules/eligibility/facts";
import { withParticles } from "~/shared/korean";
import { formatWon, wonFieldValue } from "~/shared/money";
import {
  CONDITIONAL_QUESTIONS,
  MONEY_QUESTIONS,
  NUMBER_RULES,
  isRelevant,
  type AnswerError,
  type Answers,
  type QuestionField,
} from "~/modules/eligibility/questionnaire";
import { formatNumber } from "~/shared/format";
import { codeName } from "~/modules/eligibility/vocabulary";
import type { Locale } from "~/shared/i18n";
import { ChoiceGroup, SelectField, TextField, type FieldError } from "~/shared/ui/form";

/**
 * The eligibility questions, one form for the anonymous checker (GET, results at a URL) and for the
 * facts step of an application (POST, saved to the draft): the same questions, checks and words.
 */
export function Questionnaire({
  values,
  errors,
  locale,
  heading,
  method = "get",
  action = "/eligibility",
  submitLabel,
  startAgain = true,
}: {
  values: Answers;
  errors: FieldError[];
  locale: Locale;
  heading: string | null;
  /** GET for the anonymous checker (results live at a URL); POST to save an application's draft. */
  method?: "get" | "post";
  action?: string;
  submitLabel?: string;
  /** The "start again" link of the anonymous checker. */
  startAgain?: boolean;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<Answers>(values);
  const [hydrated, setHydrated] = useState(false);
  // Conditional questions are always in the HTML (so they work without JavaScript) and hidden only
  // once scripts run and the answer that makes them relevant is not given.
  useEffect(() => setHydrated(true), []);
  const onChange = (e: FormEvent<HTMLFormElement>) => {
    const target = e.target as HTMLInputElement | HTMLSelectElement;
    if (target.name in CONDITIONAL_TRIGGERS) setCurrent((c) => ({ ...c, [target.name]: target.value }));
  };
  const error = (field: QuestionField) => errors.find((e) => e.field === field)?.message;
  const field = (name: QuestionField) => ({
    name,
    error: error(name),
    // Amounts come back with separators ("1억2천만" → "120,000,000"), never as a long bare number.
    defaultValue: MONEY_QUESTIONS.has(name) ? wonFieldValue(values[name]) : values[name],
  });
  const label = (name: QuestionField, optional = false) => (
    <>
      {t(`eligibility.fields.${name}.label`)}
      {optional ? <span className="portal-muted portal-optional">{t("eligibility.optional")}</span> : null}
    </>
  );
  const hint = (name: QuestionField): string | undefined => {
    const key = `eligibility.fields.${name}.hint`;
    const value = t(key);
    return value === key ? undefined : value;
  };
  const conditional = (name: QuestionField, children: ReactNode) => (
    <div hidden={hydrated && !isRelevant(name, current)} data-conditional={name}>
      {children}
    </div>
  );
  const numberField = (name: QuestionField, suffix?: string, optional = false) => (
    <TextField
      {...field(name)}
      label={label(name, optional)}
      hint={hint(name)}
      suffix={suffix}
      // Amounts may be typed with Korean units (1억2천만), which a digits-only keypad cannot do.
      inputMode={MONEY_QUESTIONS.has(name) ? "text" : "numeric"}
      autoComplete="off"
      className="portal-input-number"
    />
  );
  const choice = (name: "businessState" | "premises" | "covidMeasure", codes: readonly string[]) => (
    <ChoiceGroup
      {...field(name)}
      legend={label(name)}
      hint={hint(name)}
      options={codes.map((code) => ({ value: code, label: t(`eligibility.options.${name}.${code}`) }))}
    />
  );
  const yesNo = (name: "taxArrears" | "loanDefault") => (
    <ChoiceGroup
      {...field(name)}
      legend={label(name)}
      inline
      options={[
        { value: "yes", label: t("eligibility.yes") },
        { value: "no", label: t("eligibility.no") },
      ]}
    />
  );
  return (
    <section aria-labelledby={heading ? "questionnaire-title" : undefined} className="portal-questionnaire" id="questions">
      {heading ? <h2 id="questionnaire-title">{heading}</h2> : null}
      <p>{t("eligibility.unsureHint")}</p>
      {/*
        A full document request even with JavaScript: answers that do not validate are a 400, which
        a client-side data request would treat as a failure, and the page behaves the same either way.
      */}
      <Form method={method} action={action} noValidate onChange={onChange} reloadDocument>
        <fieldset className="portal-question-group">
          <legend>{t("eligibility.groups.business")}</legend>
          <SelectField
            {...field("sector")}
            label={label("sector")}
            placeholder={t("eligibility.choose")}
            options={SECTORS.map((s) => ({ value: s, label: capitalise(codeName(s, locale)) }))}
          />
          <SelectField
            {...field("region")}
            label={label("region")}
            placeholder={t("eligibility.choose")}
            options={REGIONS.map((r) => ({ value: r, label: codeName(r, locale) }))}
          />
          {numberField("employees", t("eligibility.units.people"))}
          <TextField {...field("openedOn")} label={label("openedOn")} hint={hint("openedOn")} type="date" />
        </fieldset>

        <fieldset className="portal-question-group">
          <legend>{t("eligibility.groups.state")}</legend>
          {choice("businessState", ["operating", "closing", "closed"])}
          {conditional("closedOn", <TextField {...field("closedOn")} label={label("closedOn")} hint={hint("closedOn")} type="date" />)}
        </fieldset>

        <fieldset className="portal-question-group">
          <legend>{t("eligibility.groups.premises")}</legend>
          {choice("premises", ["rented", "owned", "none"])}
          {conditional("monthlyRent", numberField("monthlyRent", t("eligibility.units.krw")))}
          {conditional("floorArea", numberField("floorArea", t("eligibility.units.m2")))}
        </fieldset>

        <fieldset className="portal-question-group">
          <legend>{t("eligibility.groups.covid")}</legend>
          {choice("covidMeasure", ["none", "restriction", "closure"])}
        </fieldset>

        <fieldset className="portal-question-group">
          <legend>{t("eligibility.groups.sales")}</legend>
          {numberField("sales2019", t("eligibility.units.krw"))}
          {numberField("sales2020", t("eligibility.units.krw"))}
        </fieldset>

        <fieldset className="portal-question-group">
          <legend>{t("eligibility.groups.finances")}</legend>
          {yesNo("taxArrears")}
          {yesNo("loanDefault")}
          {numberField("creditScore", undefined, true)}
        </fieldset>

        <div className="portal-actions">
          <button type="submit" className="krds-btn large primary">
            {submitLabel ?? t("eligibility.submit")}
          </button>
          {startAgain ? (
            <Link to="/eligibility" reloadDocument>
              {t("eligibility.startAgain")}
            </Link>
          ) : null}
        </div>
      </Form>
    </section>
  );
}

const CONDITIONAL_TRIGGERS = Object.fromEntries(Object.values(CONDITIONAL_QUESTIONS).map((rule) => [rule!.on, true]));

function capitalise(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The questionnaire's error codes in the page's language (worded here, not in loaders, so a
 * language switch rewords them). */
export function useAnswerErrorMessages(codes: AnswerError[], locale: Locale): FieldError[] {
  const { t } = useTranslation();
  return codes.map(({ field, code }) => ({
    field,
    message: t(
      `eligibility.errors.${code}`,
      withParticles({
        name: t(`eligibility.fields.${field}.name`),
        example: t(`eligibility.fields.${field}.example`, { defaultValue: "" }),
        max: MONEY_QUESTIONS.has(field) ? formatWon(NUMBER_RULES[field]?.max ?? 0, locale) : formatNumber(NUMBER_RULES[field]?.max ?? 0, locale),
      }),
    ),
  }));
}
