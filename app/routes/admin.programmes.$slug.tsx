import "~/modules/administration/admin.css";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  AdminNav,
  adminMeta,
  FIELDS,
  Field,
  JSON_FIELDS,
  LONG,
  MAX_FORM_BYTES,
  NUMBER_FIELDS,
  TEXT_FIELDS,
  Values,
  normalise,
  toValues,
  RulesPreview,
  RulesRows,
} from "~/modules/administration";
import { SuccessNotice, useErrorTitle } from "~/modules/accounts";
import { requireStaff } from "~/modules/accounts/index.server";
import { evaluate, type Evaluation, parseAnswers, parseRules, applyRows, type RowProblem } from "~/modules/eligibility";
import { getProgrammeForEdit, ProgrammeEditSchema, updateProgramme } from "~/modules/administration/index.server";
import { ErrorSummary, SelectField, TextAreaField, TextField, type FieldError } from "~/shared/ui/form";
import { formatWonWords, parseWon } from "~/shared/money";
import { markFormError, readForm } from "~/shared/form.server";
import { getLocale } from "~/shared/i18n.server";

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
