/** The programme editor's rules table and its live preview against sample facts. */
import { useTranslation } from "react-i18next";
import { type Evaluation } from "~/modules/eligibility";
import { parseRules } from "~/modules/eligibility";
import { COMPARATORS, criteriaRows, tierRows, type RowProblem } from "~/modules/eligibility";

/** Criteria as rows of fact, comparison and value; support tiers as a table of amounts. */
export function RulesRows({ json, locale, rowErrors }: { json: string; locale: "en" | "ko"; rowErrors: Record<string, RowProblem> }) {
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
                        {...invalidAttributes(problem(`crit.${r.id}.value`), `crit-${r.id}-error`)}
                      />
                    )}
                    <CellProblem message={problem(`crit.${r.id}.value`)} id={`crit-${r.id}-error`} />
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
                          {...invalidAttributes(problem(`tier.${tier.index}.amount`), `tier-${tier.index}-error`)}
                        />{" "}
                        {t("admin.programmeEdit.units.krw")}
                      </span>
                      <CellProblem message={problem(`tier.${tier.index}.amount`)} id={`tier-${tier.index}-error`} />
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

/** A field in a table cell that has a problem says so, and points to the message below it. */
function invalidAttributes(message: string | undefined | null, errorId: string) {
  return message ? { "aria-invalid": true, "aria-describedby": errorId } : {};
}

/** The message under a table cell's field, when it has one. */
function CellProblem({ message, id }: { message: string | undefined | null; id: string }) {
  return message ? (
    <p className="form-hint-invalid" id={id}>
      {message}
    </p>
  ) : null;
}

export const OP_KEYS = { "<": "lt", "<=": "le", "=": "eq", ">=": "ge", ">": "gt" } as const;

export function RulesPreview({ evaluation, locale }: { evaluation: Evaluation; locale: "en" | "ko" }) {
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
