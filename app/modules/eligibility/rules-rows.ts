/**
 * The rules editor as rows (pure): each criterion as fact, comparison and value, and support tiers
 * as a table of amounts, so a supervisor changes a threshold without touching JSON. Only simple
 * conditions (a number or a date against a constant, a yes/no fact) are rows; anything else is
 * described in words and stays editable in the advanced JSON view.
 *
 * A row is applied on top of the JSON only when it differs from the value it was drawn from
 * (`.orig`), so an edit made in the JSON is not overwritten by an untouched row.
 */
import { describeCondition } from "./describe";
import { groupDigits, parseWon } from "~/shared/money";
import type { Comparator, Condition, Rules } from "./rules";
import { FACT_NAMES } from "./vocabulary";

type Locale = "en" | "ko";
export const COMPARATORS: readonly Comparator[] = ["<", "<=", "=", ">=", ">"];
const MONEY_FACTS = new Set<string>(["sales2019", "sales2020", "monthlyRent"]);

export type CriterionRow =
  | { id: string; label: string; kind: "compare" | "date" | "is"; factName: string; op: Comparator; value: string; orig: string }
  | { id: string; label: string; kind: "other"; description: string };

export interface TierRow {
  index: number;
  label: string;
  when: string;
  amount: string;
  orig: string;
}

function rowValue(c: Condition): { kind: "compare" | "date" | "is"; op: Comparator; value: string } | null {
  if (c.type === "compare" && !c.valueBySector)
    return { kind: "compare", op: c.op, value: MONEY_FACTS.has(c.fact) ? groupDigits(c.value) : String(c.value) };
  if (c.type === "date" && c.value !== undefined) return { kind: "date", op: c.op, value: c.value };
  if (c.type === "is") return { kind: "is", op: "=", value: c.value ? "yes" : "no" };
  return null;
}

export function criteriaRows(rules: Rules, locale: Locale): CriterionRow[] {
  return rules.criteria.map((c) => {
    const v = rowValue(c.condition);
    if (!v || !("fact" in c.condition))
      return { id: c.id, label: c.label[locale], kind: "other", description: describeCondition(c.condition, locale) };
    return {
      id: c.id,
      label: c.label[locale],
      kind: v.kind,
      factName: FACT_NAMES[c.condition.fact as keyof typeof FACT_NAMES]?.[locale] ?? c.condition.fact,
      op: v.op,
      value: v.value,
      orig: `${v.op}|${v.value}`,
    };
  });
}

export function tierRows(rules: Rules, locale: Locale): TierRow[] {
  if (rules.support.kind !== "tiers") return [];
  return rules.support.tiers.map((t, index) => ({
    index,
    label: t.label[locale],
    when: describeCondition(t.when, locale),
    amount: groupDigits(t.amountKrw),
    orig: groupDigits(t.amountKrw),
  }));
}

export type RowProblem = "op" | "number" | "date" | "yesNo" | "amount";

/**
 * Applies the edited rows of a submitted form to the rules (a new object). Errors are keyed by the
 * row's field name (`crit.<id>.value`, `tier.<n>.amount`), as codes the page words.
 */
export function applyRows(rules: Rules, form: Record<string, string>): { rules: Rules; errors: Record<string, RowProblem>; changed: boolean } {
  const next: Rules = JSON.parse(JSON.stringify(rules)) as Rules;
  const errors: Record<string, RowProblem> = {};
  let changed = false;
  for (const criterion of next.criteria) {
    const base = `crit.${criterion.id}`;
    const op = form[`${base}.op`];
    const value = form[`${base}.value`];
    const orig = form[`${base}.orig`];
    if (op === undefined || value === undefined || `${op}|${value}` === orig) continue;
    const c = criterion.condition;
    if (!(COMPARATORS as readonly string[]).includes(op)) {
      errors[`${base}.op`] = "op";
      continue;
    }
    if (c.type === "compare") {
      const n = MONEY_FACTS.has(c.fact)
        ? parseWon(value)
        : { ok: /^-?\d+(\.\d+)?$/.test(value.replace(/[,\s]/g, "")), value: Number(value.replace(/[,\s]/g, "")) };
      if (!n.ok || !("value" in n) || !Number.isFinite(n.value)) errors[`${base}.value`] = "number";
      else {
        criterion.condition = { ...c, op: op as Comparator, value: n.value };
        changed = true;
      }
    } else if (c.type === "date") {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) errors[`${base}.value`] = "date";
      else {
        criterion.condition = { ...c, op: op as Comparator, value: value.trim() };
        changed = true;
      }
    } else if (c.type === "is") {
      if (value !== "yes" && value !== "no") errors[`${base}.value`] = "yesNo";
      else {
        criterion.condition = { ...c, value: value === "yes" };
        changed = true;
      }
    }
  }
  if (next.support.kind === "tiers") {
    next.support.tiers.forEach((tier, i) => {
      const amount = form[`tier.${i}.amount`];
      if (amount === undefined || amount === form[`tier.${i}.orig`]) return;
      const won = parseWon(amount);
      if (!won.ok) errors[`tier.${i}.amount`] = "amount";
      else {
        tier.amountKrw = won.value;
        changed = true;
      }
    });
  }
  return { rules: next, errors, changed };
}
