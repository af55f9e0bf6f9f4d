import { parseWon } from "~/shared/money";
import {
  BOOLEAN_FACTS,
  ENUM_FACTS,
  MAX_AMOUNT_KRW,
  MAX_EMPLOYEES,
  factsSchemaOn,
  isCalendarDate,
  type BooleanFact,
  type DateFact,
  type EnumFact,
  type FactKey,
  type Facts,
} from "./facts";

/**
 * The eligibility questionnaire as a GET form: every answer arrives as a string in the query
 * string ("" = not answered). This turns those strings into validated facts, or into field-keyed
 * error codes (the route words them in the reader's language), keeping every answer as typed.
 * Pure: `today` is passed in.
 */

/** Question order on the page, which is also the order of the canonical query string. */
export const QUESTION_FIELDS = [
  "sector",
  "region",
  "employees",
  "openedOn",
  "businessState",
  "closedOn",
  "premises",
  "monthlyRent",
  "floorArea",
  "covidMeasure",
  "sales2019",
  "sales2020",
  "taxArrears",
  "loanDefault",
  "creditScore",
] as const satisfies readonly FactKey[];
export type QuestionField = (typeof QUESTION_FIELDS)[number];

export type AnswerErrorCode =
  "choose" | "notNumber" | "notAmount" | "negative" | "notPositive" | "notWhole" | "tooLarge" | "invalidDate" | "future" | "beforeOpening";

export interface AnswerError {
  field: QuestionField;
  code: AnswerErrorCode;
}

export type Answers = Record<QuestionField, string>;

export type ParsedAnswers =
  | { submitted: false; values: Answers }
  | { submitted: true; ok: true; values: Answers; facts: Facts; query: string }
  | { submitted: true; ok: false; values: Answers; errors: AnswerError[] };

/** Questions that only apply after a given answer; otherwise their answer is ignored. */
export const CONDITIONAL_QUESTIONS: Partial<Record<QuestionField, { on: QuestionField; equals: string }>> = {
  closedOn: { on: "businessState", equals: "closed" },
  monthlyRent: { on: "premises", equals: "rented" },
  floorArea: { on: "sector", equals: "retail" },
};

type NumberRule = { whole: boolean; max: number };
/** Number questions: whole or not, and the largest answer accepted (named in the error message). */
export const NUMBER_RULES: Partial<Record<QuestionField, NumberRule>> = {
  employees: { whole: true, max: MAX_EMPLOYEES },
  sales2019: { whole: true, max: MAX_AMOUNT_KRW },
  sales2020: { whole: true, max: MAX_AMOUNT_KRW },
  monthlyRent: { whole: true, max: MAX_AMOUNT_KRW },
  floorArea: { whole: false, max: 1_000_000 },
  creditScore: { whole: true, max: 1000 },
};

/**
 * The unit a field shows beside it may be typed too ("3명", "80㎡", "80 m2"): people copy what they
 * see. Only the field's own unit, only at the end; anything else is still not a number.
 */
const UNIT_SUFFIXES: Partial<Record<QuestionField, RegExp>> = {
  employees: /\s*(명|인|people|persons?)$/i,
  floorArea: /\s*(㎡|m²|m2|제곱미터|sq\.?\s?m)$/i,
};

/** `raw` without the trailing unit of `field`, if it has one. */
export function withoutUnit(field: QuestionField, raw: string): string {
  const unit = UNIT_SUFFIXES[field];
  return unit ? raw.trim().replace(unit, "") : raw;
}

/** Questions answered in won: typed with separators or Korean units, shown back with separators. */
export const MONEY_QUESTIONS: ReadonlySet<QuestionField> = new Set<QuestionField>(["sales2019", "sales2020", "monthlyRent"]);

const MAX_LENGTH = 40;

export function readAnswers(params: URLSearchParams): { submitted: boolean; values: Answers } {
  const values = {} as Answers;
  let submitted = false;
  for (const field of QUESTION_FIELDS) {
    const raw = params.get(field);
    if (raw !== null) submitted = true;
    // Long input is kept only as far as any real answer could go, so the page never echoes a novel.
    values[field] = (raw ?? "").slice(0, MAX_LENGTH).trim();
  }
  return { submitted, values };
}

/** Parses the questionnaire's query string on `today` (YYYY-MM-DD). Never throws. */
export function parseAnswers(params: URLSearchParams, { today }: { today: string }): ParsedAnswers {
  const { submitted, values } = readAnswers(params);
  if (!submitted) return { submitted: false, values };

  const errors: AnswerError[] = [];
  const facts: Record<string, unknown> = {};
  for (const field of QUESTION_FIELDS) {
    const raw = values[field];
    if (raw === "" || !isRelevant(field, values)) continue;
    const parsed = parseOne(field, raw);
    if ("code" in parsed) errors.push({ field, code: parsed.code });
    else facts[field] = parsed.value;
  }

  // Cross-field and calendar checks come from the facts schema itself, so they cannot drift.
  const checked = factsSchemaOn(today).safeParse(facts);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = issue.path[0] as QuestionField;
      if (errors.some((e) => e.field === field)) continue;
      const code: AnswerErrorCode = field === "openedOn" ? "future" : field === "closedOn" ? "beforeOpening" : "choose";
      errors.push({ field, code });
    }
  }
  if (errors.length || !checked.success) {
    errors.sort((a, b) => QUESTION_FIELDS.indexOf(a.field) - QUESTION_FIELDS.indexOf(b.field));
    return { submitted: true, ok: false, values, errors };
  }
  return { submitted: true, ok: true, values, facts: checked.data, query: toQuery(checked.data) };
}

export function isRelevant(field: QuestionField, values: Partial<Answers>): boolean {
  const rule = CONDITIONAL_QUESTIONS[field];
  return !rule || values[rule.on] === rule.equals;
}

/** Facts as the questionnaire's canonical query string (fixed order, only what was answered). */
export function toQuery(facts: Facts): string {
  const params = new URLSearchParams();
  for (const field of QUESTION_FIELDS) {
    const value = facts[field];
    if (value === undefined) continue;
    params.set(field, typeof value === "boolean" ? (value ? "yes" : "no") : String(value));
  }
  return params.toString();
}

function parseOne(field: QuestionField, raw: string): { value: unknown } | { code: AnswerErrorCode } {
  if (field in ENUM_FACTS) {
    const allowed: readonly string[] = ENUM_FACTS[field as EnumFact];
    return allowed.includes(raw) ? { value: raw } : { code: "choose" };
  }
  if ((BOOLEAN_FACTS as readonly string[]).includes(field as BooleanFact)) {
    return raw === "yes" ? { value: true } : raw === "no" ? { value: false } : { code: "choose" };
  }
  if (field === ("openedOn" satisfies DateFact) || field === ("closedOn" satisfies DateFact)) {
    return isCalendarDate(raw) ? { value: raw } : { code: "invalidDate" };
  }
  const rule = NUMBER_RULES[field]!;
  if (MONEY_QUESTIONS.has(field)) {
    // Amounts the Korean way too: "120,000,000", "1억2천만", "1.2억", "150만원".
    const won = parseWon(raw);
    if (!won.ok) return { code: won.problem === "negative" ? "negative" : won.problem === "tooLarge" ? "tooLarge" : "notAmount" };
    if (won.value > rule.max) return { code: "tooLarge" };
    // Rent of 0 on rented premises means the answer was mistyped, not that the rent is free.
    if (field === "monthlyRent" && won.value === 0) return { code: "notPositive" };
    return { value: won.value };
  }
  // People write amounts with thousands separators and spaces ("1,500,000"); accept those.
  const text = withoutUnit(field, raw).replace(/[\s,]/g, "");
  if (/^-\d+(\.\d+)?$/.test(text)) return { code: "negative" };
  if (!/^\d+(\.\d+)?$/.test(text)) return { code: "notNumber" };
  const value = Number(text);
  if (rule.whole && !Number.isInteger(value)) return { code: "notWhole" };
  if (!Number.isFinite(value) || value > rule.max) return { code: "tooLarge" };
  return { value: rule.whole ? value : Math.round(value * 100) / 100 };
}
