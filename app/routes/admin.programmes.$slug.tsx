import "~/modules/administration/admin.css";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminNav } from "~/modules/administration/components/admin-nav";
import { ErrorSummary, SelectField, TextAreaField, TextField, type FieldError } from "~/shared/ui/form";
import { SuccessNotice, useErrorTitle } from "~/modules/accounts/components/account-ui";
import { requireStaff } from "~/modules/accounts/guards.server";
import { formatWonWords, groupDigits, parseWon } from "~/shared/money";
import { evaluate, type Evaluation } from "~/modules/eligibility/eligibility";
import { parseAnswers } from "~/modules/eligibility/questionnaire";
import { parseRules } from "~/modules/eligibility/rules";
import { applyRows, COMPARATORS, criteriaRows, tierRows, type RowProblem } from "~/modules/eligibility/rules-rows";
import { adminMeta } from "~/modules/administration/admin-meta";
import { markFormError, readForm } from "~/shared/form.server";
import { getLocale } from "~/shared/i18n.server";
import { PROGRAMME_JSON_FIELDS, PROGRAMME_TEXT_FIELDS } from "~/modules/administration/programme-fields";
import { getProgrammeForEdit, ProgrammeEditSchema, updateProgramme } from "~/modules/administration/programme-admin.server";

/** The form's fields, in page order (also the error summary's order). */
const TEXT_FIELDS = PROGRAMME_TEXT_FIELDS;
const NUMBER_FIELDS = ["capacity", "target_count", "budget_krw", "four_eyes_threshold_krw"] as const;
const JSON_FIELDS = PROGRAMME_JSON_FIELDS;
const FIELDS = [...TEXT_FIELDS, "opens_on", "closes_on", "status", ...NUMBER_FIELDS, ...JSON_FIELDS, "sample_facts"] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field | "version", string>;

const LONG = new Set<string>(["description_en", "description_ko", "how_to_apply_en", "how_to_apply_ko", "support_en", "support_ko"]);
const MAX_FORM_BYTES = 256 * 1024;

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

type Programme = NonNullable<Awaited<ReturnType<typeof getProgrammeForEdit>>>;
function toValues(p: Programme, sampleFacts = ""): Values {
  const v = {} as Values;
  for (const f of FIELDS) {
    if (f === "sample_facts") continue;
    const raw = p[f];
    v[f] =
      raw === null || raw === undefined
        ? ""
        : JSON_FIELDS.includes(f as never)
          ? pretty(String(raw))
          : NUMBER_FIELDS.includes(f as never) && typeof raw === "number"
            ? groupDigits(raw) // 4,100,000,000,000, never a bare 13-digit number
            : String(raw);
  }
  v.sample_facts = sampleFacts;
  v.version = String(p.version);
  return v;
}

async function load(args: LoaderFunctionArgs) {
  const auth = requireStaff(args, "supervisor", { asNotFound: true });
  const programme = await getProgrammeForEdit(args.params.slug ?? "");
  if (!programme) throw new Response("not found", { status: 404 });
  return { auth, programme };
}

export async function loader(args: LoaderFunctionArgs) {
  const { auth, programme } = await load(args);
  const url = new URL(args.request.url);
  return {
    role: auth.user.role,
    locale: await getLocale(args.request),
    slug: programme.slug,
    version: programme.version,
    rulesVersion: programme.rules_version,
    values: toValues(programme, url.searchParams.get("facts") ?? ""),
    saved: url.searchParams.get("saved") === "1",
    formError: Boolean(args.context.formError),
  };
}

export const meta = adminMeta((t) => t.programmeEdit.title);

interface EditActionData {
  values: Values;
  /** Field → message (already in words: the schema's messages carry the JSON path). */
  errors: Partial<Record<Field | "form", string>>;
  preview?: Evaluation;
  /** Problems in the rules rows, by row field name (`crit.<id>.value`, `tier.<n>.amount`). */
  rowErrors?: Record<string, RowProblem>;
  /** The other person's saved values when the form was stale. */
  conflict?: { version: number; changed: { field: Field; theirs: string; yours: string }[] };
}

export async function action(args: ActionFunctionArgs) {
  const { auth, programme } = await load(args);
  const { context } = args;
  const fail = (body: EditActionData, status = 400) => {
    markFormError(context);
    return data(body, { status });
  };
  const form = await readForm(args.request, MAX_FORM_BYTES);
  if (!form.ok) return fail({ values: toValues(programme), errors: { form: "too_large" } }, 413);
  const values = {} as Values;
  for (const f of [...FIELDS, "version" as const]) values[f] = form.data[f] ?? "";
  // The rows editor's changes go into the rules JSON first (the JSON stays the advanced view).
  const current = parseRules(values.rules);
  if (current.ok) {
    const applied = applyRows(current.rules, form.data);
    if (Object.keys(applied.errors).length) return fail({ values, errors: { rules: "rowsInvalid" }, rowErrors: applied.errors });
    // Only a real change rewrites the JSON, so saving untouched rows is not a new rules version.
    if (applied.changed) values.rules = JSON.stringify(applied.rules, null, 2);
  }

  if (form.data.intent === "preview") {
    const errors: EditActionData["errors"] = {};
    const rules = parseRules(values.rules);
    if (!rules.ok) errors.rules = `rulesInvalid|${rules.errors.slice(0, 5).join("; ")}`;
    const today = new Date().toISOString().slice(0, 10);
    const parsed = parseAnswers(new URLSearchParams(values.sample_facts.trim().replace(/^\?/, "")), { today });
    if (parsed.submitted && !parsed.ok) {
      errors.sample_facts = `sampleFacts|${parsed.errors.map((e) => `${e.field} (${e.code})`).join(", ")}`;
    }
    if (!rules.ok || Object.keys(errors).length) return fail({ values, errors });
    const facts = parsed.submitted && parsed.ok ? parsed.facts : {};
    return { values, errors: {}, preview: evaluate(rules.rules, facts, { today }) } satisfies EditActionData;
  }

  const parsed = ProgrammeEditSchema.safeParse(values);
  if (!parsed.success) {
    const errors: EditActionData["errors"] = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form") as Field | "form";
      errors[field] ??= issue.message;
    }
    return fail({ values, errors });
  }
  const result = await updateProgramme(programme.slug, parsed.data, { id: auth.user.id, label: auth.user.email });
  if (!result.ok && result.reason === "not_found") throw new Response("not found", { status: 404 });
  if (!result.ok) {
    const theirs = toValues(result.current);
    const changed = FIELDS.filter((f) => f !== "sample_facts" && normalise(theirs[f]) !== normalise(values[f])).map((f) => ({
      field: f,
      theirs: theirs[f],
      yours: values[f],
    }));
    // Keep the person's input; the hidden version moves on so saving again is a deliberate overwrite.
    return fail(
      {
        values: { ...values, version: String(result.current.version) },
        errors: { form: "conflict" },
        conflict: { version: result.current.version, changed },
      },
      409,
    );
  }
  throw redirect(`/admin/programmes/${programme.slug}?saved=1`);
}

function normalise(v: string): string {
  try {
    return JSON.stringify(JSON.parse(v));
  } catch {
    return v.trim();
  }
}

export default function ProgrammeEdit() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData() as EditActionData | undefined;
  const { t } = useTranslation();
  const { role, locale, slug, saved } = loaderData;
  const values = actionData?.values ?? loaderData.values;
  const errors = actionData?.errors ?? {};
  const label = (f: Field) => t(`admin.programmeEdit.fields.${f}`);
  // The service and the preview give codes ("tooLong|200"); the page words them in the reader's language.
  const message = (f: Field) => {
    const raw = errors[f];
    if (!raw) return undefined;
    const [code = "", ...rest] = raw.split("|");
    const known = [
      "rowsInvalid",
      "required",
      "tooLong",
      "date",
      "wholeNumber",
      "notNegative",
      "tooLarge",
      "closesBeforeOpens",
      "rulesInvalid",
      "jsonSyntax",
      "jsonInvalid",
      "sampleFacts",
    ];
    if (f === "status" && !known.includes(code)) return t("admin.programmeEdit.errors.status");
    return known.includes(code) ? t(`admin.programmeEdit.errors.${code}`, { detail: rest.join("|") }) : raw;
  };
  const summary: FieldError[] = [];
  if (errors.form === "conflict") summary.push({ field: "conflict", message: t("admin.programmeEdit.conflictSummary") });
  if (errors.form === "too_large") summary.push({ field: "name_en", message: t("admin.programmeEdit.tooLarge") });
  // A bad row links to that row's field, not to the JSON behind the disclosure.
  const firstRow = Object.keys(actionData?.rowErrors ?? {})[0];
  for (const f of FIELDS)
    if (errors[f]) summary.push({ field: f === "rules" && firstRow ? firstRow.replace(/\./g, "-") : f, message: `${label(f)}: ${message(f)}` });
  useErrorTitle(summary.length > 0);
  const name = values.name_en || slug;

  return (
    <div>
      <AdminNav role={role} />
      <ErrorSummary errors={summary} />
      {saved && !actionData ? <SuccessNotice>{t("admin.programmeEdit.saved")}</SuccessNotice> : null}
      <p>
        <Link to="/admin/programmes">{t("admin.programmeEdit.back")}</Link>
      </p>
      <h1>{t("admin.programmeEdit.heading", { name: locale === "ko" ? values.name_ko || name : name })}</h1>
      <p className="portal-lead">
        {t("admin.programmeEdit.lead", { version: loaderData.version, rulesVersion: loaderData.rulesVersion })}{" "}
        <Link to={`/programmes/${slug}`}>{t("admin.programmeEdit.publicPage")}</Link>
      </p>

      {actionData?.conflict ? (
        <section className="portal-conflict" id="conflict" tabIndex={-1} aria-labelledby="conflict-title">
          <h2 id="conflict-title">{t("admin.programmeEdit.conflictTitle")}</h2>
          <p>{t("admin.programmeEdit.conflictText", { version: actionData.conflict.version })}</p>
          <div className="portal-table-wrap">
            <table className="portal-table portal-admin-table">
              <caption className="sr-only">{t("admin.programmeEdit.conflictTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("admin.programmeEdit.conflictField")}</th>
                  <th scope="col">{t("admin.programmeEdit.conflictTheirs")}</th>
                  <th scope="col">{t("admin.programmeEdit.conflictYours")}</th>
                </tr>
              </thead>
              <tbody>
                {actionData.conflict.changed.map((c) => (
                  <tr key={c.field}>
                    <th scope="row">{label(c.field)}</th>
                    <td className="portal-audit-details">{c.theirs.slice(0, 400)}</td>
                    <td className="portal-audit-details">{c.yours.slice(0, 400)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {actionData?.preview ? <RulesPreview evaluation={actionData.preview} locale={locale} /> : null}

      <Form method="post" noValidate>
        <input type="hidden" name="version" value={values.version} />
        <h2>{t("admin.programmeEdit.textsTitle")}</h2>
        {TEXT_FIELDS.map((f) =>
          LONG.has(f) ? (
            <TextAreaField key={f} name={f} label={label(f)} defaultValue={values[f]} error={message(f)} rows={4} />
          ) : (
            <TextField key={f} name={f} label={label(f)} defaultValue={values[f]} error={message(f)} lang={f.endsWith("_ko") ? "ko" : "en"} />
          ),
        )}
        <h2>{t("admin.programmeEdit.windowTitle")}</h2>
        <TextField name="opens_on" type="date" label={label("opens_on")} defaultValue={values.opens_on} error={message("opens_on")} />
        <TextField name="closes_on" type="date" label={label("closes_on")} defaultValue={values.closes_on} error={message("closes_on")} />
        <SelectField
          name="status"
          label={label("status")}
          defaultValue={values.status}
          error={message("status")}
          options={["draft", "published", "archived"].map((s) => ({ value: s, label: t(`admin.programmes.statuses.${s}`) }))}
        />
        <h2>{t("admin.programmeEdit.limitsTitle")}</h2>
        {NUMBER_FIELDS.map((f) => (
          <TextField
            key={f}
            name={f}
            label={label(f)}
            hint={
              <>
                {t("admin.programmeEdit.numberHint")}
                {f.endsWith("_krw") && parseWon(values[f]).ok && values[f]
                  ? ` (${formatWonWords((parseWon(values[f]) as { value: number }).value, locale)})`
                  : ""}
              </>
            }
            inputMode="text"
            suffix={f.endsWith("_krw") ? t("admin.programmeEdit.units.krw") : undefined}
            defaultValue={values[f]}
            error={message(f)}
          />
        ))}
        <h2>{t("admin.programmeEdit.rulesTitle")}</h2>
        <RulesRows json={values.rules} locale={locale} rowErrors={actionData?.rowErrors ?? {}} />
        <details className="portal-advanced" open={JSON_FIELDS.some((f) => Boolean(errors[f]) && errors[f] !== "rowsInvalid")}>
          <summary>{t("admin.programmeEdit.advanced")}</summary>
          <p>{t("admin.programmeEdit.rulesLead")}</p>
          {JSON_FIELDS.map((f) => (
            <TextAreaField
              key={f}
              name={f}
              label={label(f)}
              hint={t(`admin.programmeEdit.hints.${f}`)}
              defaultValue={values[f]}
              error={message(f)}
              rows={f === "rules" ? 18 : 8}
            />
          ))}
        </details>
        <TextField
          name="sample_facts"
          label={label("sample_facts")}
          hint={t("admin.programmeEdit.hints.sample_facts")}
          defaultValue={values.sample_facts}
          error={message("sample_facts")}
          spellCheck={false}
        />
        <div className="portal-form-actions">
          <button type="submit" name="intent" value="save" className="krds-btn large primary">
            {t("admin.programmeEdit.save")}
          </button>
          <button type="submit" name="intent" value="preview" className="krds-btn large secondary">
            {t("admin.programmeEdit.preview")}
          </button>
        </div>
      </Form>
    </div>
  );
}

/** Criteria as rows of fact, comparison and value; support tiers as a table of amounts. */
function RulesRows({ json, locale, rowErrors }: { json: string; locale: "en" | "ko"; rowErrors: Record<string, RowProblem> }) {
  const { t } = useTranslation();
  const parsed = parseRules(json);
  if (!parsed.ok) return <p className="portal-notice">{t("admin.programmeEdit.rowsUnavailable")}</p>;
  const rows = criteriaRows(parsed.rules, locale);
  const tiers = tierRows(parsed.rules, locale);
  const problem = (name: string) => (rowErrors[name] ? t(`admin.programmeEdit.rowErrors.${rowErrors[name]}`) : undefined);
  const opLabel = (op: string) => t(`admin.programmeEdit.ops.${OP_KEYS[op as keyof typeof OP_KEYS]}`);
  return (
    <>
      <h3 id="criteria-rows-title">{t("admin.programmeEdit.criteriaTitle")}</h3>
      <div className="portal-table-wrap">
        <table className="portal-table portal-admin-table portal-stack" aria-labelledby="criteria-rows-title">
          <thead>
            <tr>
              <th scope="col">{t("admin.programmeEdit.criterion")}</th>
              <th scope="col">{t("admin.programmeEdit.fact")}</th>
              <th scope="col">{t("admin.programmeEdit.comparison")}</th>
              <th scope="col">{t("admin.programmeEdit.value")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) =>
              r.kind === "other" ? (
                <tr key={r.id}>
                  <th scope="row">{r.label}</th>
                  <td colSpan={3} data-label={t("admin.programmeEdit.condition")}>
                    {r.description} <span className="portal-muted">{t("admin.programmeEdit.editInJson")}</span>
                  </td>
                </tr>
              ) : (
                <tr key={r.id}>
                  <th scope="row">{r.label}</th>
                  <td data-label={t("admin.programmeEdit.fact")}>{r.factName}</td>
                  <td data-label={t("admin.programmeEdit.comparison")}>
                    <input type="hidden" name={`crit.${r.id}.orig`} value={r.orig} />
                    {r.kind === "is" ? (
                      <>
                        <input type="hidden" name={`crit.${r.id}.op`} value="=" />
                        {opLabel("=")}
                      </>
                    ) : (
                      <>
                        <label className="sr-only" htmlFor={`crit-${r.id}-op`}>
                          {t("admin.programmeEdit.comparisonFor", { name: r.label })}
                        </label>
                        <select id={`crit-${r.id}-op`} name={`crit.${r.id}.op`} className="krds-form-select" defaultValue={r.op}>
                          {COMPARATORS.map((op) => (
                            <option key={op} value={op}>
                              {opLabel(op)}
                            </option>
                          ))}
                        </select>
                      </>
                    )}
                  </td>
                  <td data-label={t("admin.programmeEdit.value")}>
                    <label className="sr-only" htmlFor={`crit-${r.id}-value`}>
                      {t("admin.programmeEdit.valueFor", { name: r.label })}
                    </label>
                    {r.kind === "is" ? (
                      <select id={`crit-${r.id}-value`} name={`crit.${r.id}.value`} className="krds-form-select" defaultValue={r.value}>
                        <option value="yes">{t("admin.programmeEdit.yes")}</option>
                        <option value="no">{t("admin.programmeEdit.no")}</option>
                      </select>
                    ) : (
                      <input
                        id={`crit-${r.id}-value`}
                        name={`crit.${r.id}.value`}
                        className="krds-input portal-input-number"
                        type={r.kind === "date" ? "date" : "text"}
                        inputMode={r.kind === "date" ? undefined : "text"}
                        defaultValue={r.value}
                        aria-invalid={problem(`crit.${r.id}.value`) ? true : undefined}
                        aria-describedby={problem(`crit.${r.id}.value`) ? `crit-${r.id}-error` : undefined}
                      />
                    )}
                    {problem(`crit.${r.id}.value`) ? (
                      <p className="form-hint-invalid" id={`crit-${r.id}-error`}>
                        {problem(`crit.${r.id}.value`)}
                      </p>
                    ) : null}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      {tiers.length ? (
        <>
          <h3 id="tier-rows-title">{t("admin.programmeEdit.tiersTitle")}</h3>
          <div className="portal-table-wrap">
            <table className="portal-table portal-admin-table portal-stack" aria-labelledby="tier-rows-title">
              <thead>
                <tr>
                  <th scope="col">{t("admin.programmeEdit.tier")}</th>
                  <th scope="col">{t("admin.programmeEdit.when")}</th>
                  <th scope="col">{t("admin.programmeEdit.amount")}</th>
                </tr>
              </thead>
              <tbody>
                {tiers.map((tier) => (
                  <tr key={tier.index}>
                    <th scope="row">{tier.label}</th>
                    <td data-label={t("admin.programmeEdit.when")}>{tier.when}</td>
                    <td data-label={t("admin.programmeEdit.amount")}>
                      <input type="hidden" name={`tier.${tier.index}.orig`} value={tier.orig} />
                      <label className="sr-only" htmlFor={`tier-${tier.index}-amount`}>
                        {t("admin.programmeEdit.amountFor", { name: tier.label })}
                      </label>
                      <span className="portal-amount-input">
                        <input
                          id={`tier-${tier.index}-amount`}
                          name={`tier.${tier.index}.amount`}
                          className="krds-input portal-input-number"
                          inputMode="text"
                          defaultValue={tier.amount}
                          aria-invalid={problem(`tier.${tier.index}.amount`) ? true : undefined}
                          aria-describedby={problem(`tier.${tier.index}.amount`) ? `tier-${tier.index}-error` : undefined}
                        />{" "}
                        {t("admin.programmeEdit.units.krw")}
                      </span>
                      {problem(`tier.${tier.index}.amount`) ? (
                        <p className="form-hint-invalid" id={`tier-${tier.index}-error`}>
                          {problem(`tier.${tier.index}.amount`)}
                        </p>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}

const OP_KEYS = { "<": "lt", "<=": "le", "=": "eq", ">=": "ge", ">": "gt" } as const;

function RulesPreview({ evaluation, locale }: { evaluation: Evaluation; locale: "en" | "ko" }) {
  const { t } = useTranslation();
  return (
    <section className="portal-preview" aria-labelledby="preview-title" id="preview">
      <h2 id="preview-title">{t("admin.programmeEdit.previewTitle")}</h2>
      <p>
        <strong>{t("admin.programmeEdit.previewOutcome")} </strong>
        {t(`admin.programmeEdit.outcomes.${evaluation.outcome}`)}
      </p>
      {evaluation.support ? <p>{evaluation.support.text[locale]}</p> : null}
      <div className="portal-table-wrap">
        <table className="portal-table portal-admin-table">
          <caption className="sr-only">{t("admin.programmeEdit.previewTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.programmeEdit.previewCriterion")}</th>
              <th scope="col">{t("admin.programmeEdit.previewResult")}</th>
              <th scope="col">{t("admin.programmeEdit.previewWhy")}</th>
            </tr>
          </thead>
          <tbody>
            {evaluation.criteria.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.label[locale]}</th>
                <td>{t(`admin.programmeEdit.results.${c.result}`)}</td>
                <td>{c.explanation[locale]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="portal-muted">{t("admin.programmeEdit.previewNotSaved")}</p>
    </section>
  );
}
