import { useEffect, useRef, type InputHTMLAttributes, type MouseEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * Form building blocks in KRDS markup (form-group / form-tit / form-conts / krds-input) with the
 * GOV.UK error pattern: an error summary at the top of the page that takes focus and links to each
 * field, and the same message beside the field. Every control is labelled; hints and errors are
 * tied to it with aria-describedby. Plain HTML: everything works without JavaScript.
 */

export interface FieldError {
  /** The id of the control the message belongs to (the summary links to `#id`). */
  field: string;
  message: string;
}

export function ErrorSummary({ errors }: { errors: FieldError[] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  return (
    <div className="portal-error-summary" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title" role="alert">
      <h2 id="error-summary-title">{t("forms.errorSummaryTitle")}</h2>
      <ul>
        {errors.map((e) => (
          <li key={`${e.field}:${e.message}`}>
            <a href={`#${e.field}`} onClick={(event) => focusField(event, e.field)}>
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * With JavaScript, a summary link puts the cursor in the field and shows its question (label or
 * legend) above it, as GOV.UK does; without, the plain #id link still scrolls there.
 */
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const field = document.getElementById(id);
  if (!field) return;
  event.preventDefault();
  const question = field.closest("fieldset")?.querySelector("legend") ?? document.querySelector(`label[for="${CSS.escape(id)}"]`) ?? field;
  question.scrollIntoView();
  field.focus({ preventScroll: true });
}

function describedBy(id: string, hint?: ReactNode, error?: string) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p className="form-hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

function ErrorText({ id, error }: { id: string; error?: string }) {
  const { t } = useTranslation();
  return error ? (
    <p className="form-hint-invalid" id={`${id}-error`}>
      <span className="sr-only">{t("forms.errorPrefix")}</span>
      {error}
    </p>
  ) : null;
}

type TextFieldProps = {
  name: string;
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Text after the box, e.g. "KRW" or "m²". */
  suffix?: ReactNode;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">;

/** KRDS form-group frame: label, hint, error, then the control. */
function LabelledControl({
  id,
  label,
  hint,
  error,
  extraClass = "",
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  extraClass?: string;
  children: ReactNode;
}) {
  return (
    <div className="form-group">
      <div className="form-tit">
        <label htmlFor={id}>{label}</label>
      </div>
      <Hint id={id} hint={hint} />
      <ErrorText id={id} error={error} />
      <div className={`form-conts${error ? " is-error" : ""}${extraClass}`}>{children}</div>
    </div>
  );
}

export function TextField({ name, id = name, label, hint, error, suffix, className, ...input }: TextFieldProps) {
  return (
    <LabelledControl id={id} label={label} hint={hint} error={error} extraClass={suffix ? " portal-with-suffix" : ""}>
      <input
        id={id}
        name={name}
        className={`krds-input${className ? ` ${className}` : ""}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
      {suffix ? (
        <span className="portal-suffix" aria-hidden="true">
          {suffix}
        </span>
      ) : null}
    </LabelledControl>
  );
}

export interface Option {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
}

export function SelectField({
  name,
  id = name,
  label,
  hint,
  error,
  options,
  defaultValue,
  placeholder,
}: {
  name: string;
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: Option[];
  defaultValue?: string;
  /** Text of an empty first option ("Choose…"); omit to force a choice. */
  placeholder?: string;
}) {
  return (
    <LabelledControl id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={name}
        className="krds-form-select"
        defaultValue={defaultValue ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {typeof o.label === "string" ? o.label : String(o.value)}
          </option>
        ))}
      </select>
    </LabelledControl>
  );
}

/** Radios (or checkboxes with `type="checkbox"`) in a fieldset whose legend is the question. */
export function ChoiceGroup({
  name,
  id = name,
  legend,
  hint,
  error,
  options,
  defaultValue,
  type = "radio",
  inline = false,
}: {
  name: string;
  id?: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: Option[];
  defaultValue?: string | string[];
  type?: "radio" | "checkbox";
  inline?: boolean;
}) {
  const chosen = new Set(Array.isArray(defaultValue) ? defaultValue : defaultValue ? [defaultValue] : []);
  return (
    <fieldset className="form-group portal-fieldset" aria-describedby={describedBy(id, hint, error)}>
      <legend className="form-tit">{legend}</legend>
      <Hint id={id} hint={hint} />
      <ErrorText id={id} error={error} />
      <div className={`form-conts${error ? " is-error" : ""}`}>
        <div className={`krds-check-area${inline ? "" : " chk-column"}`}>
          {options.map((o, i) => {
            // The first option carries the group's id so the error summary link lands on it.
            const optionId = i === 0 ? id : `${id}-${o.value}`;
            return (
              <div className="krds-form-check" key={o.value}>
                <input
                  type={type}
                  name={name}
                  id={optionId}
                  value={o.value}
                  defaultChecked={chosen.has(o.value)}
                  aria-describedby={o.hint ? `${optionId}-hint` : undefined}
                />
                <label htmlFor={optionId}>{o.label}</label>
                {o.hint ? (
                  <div className="krds-form-check-cnt">
                    <p className="krds-form-check-p" id={`${optionId}-hint`}>
                      {o.hint}
                    </p>
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </div>
    </fieldset>
  );
}

/** A single checkbox, e.g. a declaration. */
export function CheckboxField({
  name,
  id = name,
  label,
  error,
  defaultChecked,
  value = "on",
}: {
  name: string;
  id?: string;
  label: ReactNode;
  error?: string;
  defaultChecked?: boolean;
  value?: string;
}) {
  return (
    <div className="form-group">
      <ErrorText id={id} error={error} />
      <div className={`form-conts${error ? " is-error" : ""}`}>
        <div className="krds-form-check">
          <input
            type="checkbox"
            id={id}
            name={name}
            value={value}
            defaultChecked={defaultChecked}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          <label htmlFor={id}>{label}</label>
        </div>
      </div>
    </div>
  );
}

/** Multi-line text in the same frame as TextField. */
export function TextAreaField({
  name,
  id = name,
  label,
  hint,
  error,
  defaultValue,
  maxLength,
  rows = 5,
}: {
  name: string;
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
  maxLength?: number;
  rows?: number;
}) {
  return (
    <LabelledControl id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        className="krds-input portal-textarea"
        rows={rows}
        defaultValue={defaultValue}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </LabelledControl>
  );
}
