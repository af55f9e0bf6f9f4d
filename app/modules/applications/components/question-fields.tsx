import { useTranslation } from "react-i18next";
import { wonFieldValue } from "~/shared/money";
import type { Question } from "~/modules/applications/questions";
import type { Locale } from "~/shared/i18n";
import { ChoiceGroup, TextAreaField, TextField } from "~/shared/ui/form";

/** A programme's own questions, each as the control its kind needs. */
export function QuestionFields({
  questions,
  values,
  errors,
  locale,
}: {
  questions: Question[];
  values: Record<string, string>;
  errors: Record<string, string>;
  locale: Locale;
}) {
  const { t } = useTranslation();
  return (
    <>
      {questions.map((q) => {
        const label = `${q.label[locale]}${q.required ? "" : ` ${t("forms.optional")}`}`;
        const common = { name: q.id, hint: q.hint?.[locale], error: errors[q.id], defaultValue: values[q.id] ?? "" };
        switch (q.kind) {
          case "amount":
            // Text, not a digits keypad: amounts may be typed as 1억2천만; shown back with separators.
            return (
              <TextField
                key={q.id}
                {...common}
                defaultValue={wonFieldValue(values[q.id])}
                label={label}
                inputMode="text"
                autoComplete="off"
                suffix={locale === "ko" ? "원" : "KRW"}
              />
            );
          case "text":
            return q.maxLength > 120 ? (
              <TextAreaField key={q.id} {...common} label={label} maxLength={q.maxLength} rows={4} />
            ) : (
              <TextField key={q.id} {...common} label={label} maxLength={q.maxLength} />
            );
          case "choice":
            return (
              <ChoiceGroup
                key={q.id}
                name={q.id}
                legend={label}
                hint={q.hint?.[locale]}
                error={errors[q.id]}
                defaultValue={values[q.id]}
                options={q.options.map((o) => ({ value: o.value, label: o.label[locale] }))}
              />
            );
          case "date":
            return <TextField key={q.id} {...common} label={label} type="date" />;
        }
      })}
    </>
  );
}
