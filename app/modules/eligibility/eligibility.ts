import { BOOLEAN_FACTS, type DateFact, type FactKey, type Facts } from "./facts";
import type { Comparator, Condition, LocalisedText, RequiredDocument, Rules, Support } from "./rules";
import { describeCondition } from "./describe";
import { josa } from "~/shared/korean";
import { formatWon } from "~/shared/money";
import { FACT_NAMES, codeName } from "./vocabulary";

/**
 * The eligibility engine: one pure evaluator for the anonymous checker, the application form and
 * the caseworker's verification. Three-valued: a fact nobody told us makes its condition "unknown",
 * never a silent pass or fail. Every word it returns is in both languages ({ en, ko }); the caller
 * picks one. No I/O, no clock (the day is passed in), no i18n library.
 */

export type Result = "pass" | "fail" | "unknown";
export type Outcome = "eligible" | "not_eligible" | "need_more_info";

export interface CriterionResult {
  id: string;
  label: LocalisedText;
  result: Result;
  /**
   * Why, in plain words: for a pass, what we were told; for a fail, what would change the outcome
   * ("You would need fewer than 5 regular employees; you told us 7."); for unknown, which answers
   * are missing.
   */
  explanation: LocalisedText;
  /** Facts this criterion still needs (only when `result` is "unknown"). */
  missing: FactKey[];
}

export interface SupportEstimate {
  kind: Support["kind"];
  /** The amount for tiers, the most one can get for a percentage (its cap) or a loan (its maximum). */
  amountKrw?: number;
  text: LocalisedText;
}

export interface Evaluation {
  outcome: Outcome;
  criteria: CriterionResult[];
  /** null when not eligible: there is nothing to estimate. */
  support: SupportEstimate | null;
}

export interface EvaluateOptions {
  /** The day of the check, `YYYY-MM-DD`; "6 months ago" counts back from it. */
  today: string;
}

type Locale = "en" | "ko";
type Words = LocalisedText;

/** What a condition needed and what we were told: the material for every explanation. */
interface Told {
  fact: FactKey;
  value: Words;
}

type Why = { kind: "leaf"; need: Words; told: Told[] } | { kind: "allOf"; items: Why[] } | { kind: "oneOf"; items: Why[] };

interface Verdict {
  result: Result;
  /** For pass: the evidence; for fail: what would have to be true instead. */
  why: Why | null;
  missing: FactKey[];
}

// ---------------------------------------------------------------------------------------------
// Public API

export function evaluate(rules: Rules, facts: Facts, { today }: EvaluateOptions): Evaluation {
  const criteria = rules.criteria.map((criterion): CriterionResult => {
    const verdict = check(criterion.condition, facts, today);
    return {
      id: criterion.id,
      label: criterion.label,
      result: verdict.result,
      explanation: explain(verdict),
      missing: verdict.result === "unknown" ? verdict.missing : [],
    };
  });
  const outcome: Outcome = criteria.some((c) => c.result === "fail")
    ? "not_eligible"
    : criteria.some((c) => c.result === "unknown")
      ? "need_more_info"
      : "eligible";
  return { outcome, criteria, support: outcome === "not_eligible" ? null : estimateSupport(rules.support, facts, today) };
}

/** Whether a single condition holds for these facts (pass / fail / unknown). */
export function checkCondition(condition: Condition, facts: Facts, { today }: EvaluateOptions): Result {
  return check(condition, facts, today).result;
}

export type DocumentNeed = "yes" | "no" | "maybe";

/** Each required document with whether it applies to these facts ("maybe" while a fact is missing). */
export function documentsFor(documents: RequiredDocument[], facts: Facts, { today }: EvaluateOptions) {
  return documents.map((d) => {
    const result: Result = d.when ? check(d.when, facts, today).result : "pass";
    const needed: DocumentNeed = result === "pass" ? "yes" : result === "fail" ? "no" : "maybe";
    return { code: d.code, name: d.name, needed, when: d.when ? both((l) => describeCondition(d.when!, l)) : null };
  });
}

/** `today` minus whole months, as a calendar date (31 March − 1 month → 28/29 February). */
export function monthsBefore(today: string, months: number): string {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) - months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Three-valued evaluation

function compareNumbers(a: number, op: Comparator, b: number): boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case "=":
      return a === b;
    case ">=":
      return a >= b;
    case ">":
      return a > b;
  }
}

/** Dates as YYYY-MM-DD compare correctly as strings. */
function compareDates(a: string, op: Comparator, b: string): boolean {
  const order = a < b ? -1 : a > b ? 1 : 0;
  return compareNumbers(order, op, 0);
}

const unknown = (...missing: FactKey[]): Verdict => ({ result: "unknown", why: null, missing });

function check(condition: Condition, facts: Facts, today: string): Verdict {
  switch (condition.type) {
    case "compare": {
      const value = facts[condition.fact];
      if (value === undefined) return unknown(condition.fact);
      const overrides = condition.valueBySector ?? {};
      const sector = facts.sector;
      let threshold = condition.value;
      let bySector: string | undefined;
      if (sector !== undefined) {
        const override = overrides[sector];
        if (override !== undefined) {
          threshold = override;
          bySector = sector;
        }
      } else {
        // Without the sector the answer is only certain when every possible threshold agrees.
        const thresholds = [condition.value, ...Object.values(overrides).filter((v): v is number => v !== undefined)];
        const results = new Set(thresholds.map((t) => compareNumbers(value, condition.op, t)));
        if (results.size > 1) return unknown("sector");
      }
      const ok = compareNumbers(value, condition.op, threshold);
      return leaf(ok, needCompare(condition.fact, condition.op, threshold, bySector), [condition.fact], facts);
    }
    case "between": {
      const value = facts[condition.fact];
      if (value === undefined) return unknown(condition.fact);
      const ok = value >= condition.min && value <= condition.max;
      const need = both((l) =>
        l === "ko"
          ? `${factName(condition.fact, l)} ${quantity(condition.fact, condition.min, l)} 이상 ${quantity(condition.fact, condition.max, l)} 이하`
          : `${factName(condition.fact, l)} between ${quantity(condition.fact, condition.min, l)} and ${quantity(condition.fact, condition.max, l)}`,
      );
      return leaf(ok, need, [condition.fact], facts);
    }
    case "compareFacts": {
      const left = facts[condition.left];
      const right = facts[condition.right];
      const missing = [left === undefined ? condition.left : null, right === undefined ? condition.right : null].filter(
        (f): f is typeof condition.left => f !== null,
      );
      if (left === undefined || right === undefined) return unknown(...missing);
      const ok = compareNumbers(left, condition.op, right);
      const need = both((l) =>
        l === "ko"
          ? `${factName(condition.left, l)}이 ${factName(condition.right, l)}${KO_RELATIONS[condition.op]}`
          : `${factName(condition.left, l)} ${EN_RELATIONS[condition.op]} ${factName(condition.right, l)}`,
      );
      return leaf(ok, need, [condition.left, condition.right], facts);
    }
    case "in": {
      const value = facts[condition.fact];
      if (value === undefined) return unknown(condition.fact);
      const ok = condition.values.includes(value);
      const need = both((l) => {
        const names = condition.values.map((v) => codeName(v, l));
        if (l === "ko") return `${factName(condition.fact, l)}: ${names.join(", ")}${names.length > 1 ? " 중 하나" : ""}`;
        return `${factName(condition.fact, l)}: ${names.join(" or ")}`;
      });
      return leaf(ok, need, [condition.fact], facts);
    }
    case "is": {
      const value = facts[condition.fact];
      if (value === undefined) return unknown(condition.fact);
      const need = both((l) =>
        l === "ko"
          ? `${factName(condition.fact, l)} ${condition.value ? "있음" : "없음"}`
          : `${condition.value ? "" : "no "}${factName(condition.fact, l)}`,
      );
      return leaf(value === condition.value, need, [condition.fact], facts);
    }
    case "date": {
      const value = facts[condition.fact];
      if (value === undefined) return unknown(condition.fact);
      const reference = condition.value ?? monthsBefore(today, condition.monthsAgo ?? 0);
      const ok = compareDates(value, condition.op, reference);
      const need = both((l) => {
        const when = longDate(reference, l);
        const relative =
          condition.monthsAgo === undefined
            ? ""
            : l === "ko"
              ? ` (오늘부터 ${condition.monthsAgo}개월 전)`
              : ` (${condition.monthsAgo} months before today)`;
        return l === "ko"
          ? `${factName(condition.fact, l)} ${when} ${KO_DATE_OPS[condition.op]}${relative}`
          : `${EN_ARTICLES[condition.fact]}${factName(condition.fact, l)} ${EN_DATE_OPS[condition.op]} ${when}${relative}`;
      });
      return leaf(ok, need, [condition.fact], facts);
    }
    case "all": {
      const verdicts = condition.of.map((c) => check(c, facts, today));
      const failed = verdicts.filter((v) => v.result === "fail");
      if (failed.length) return { result: "fail", why: group("allOf", failed), missing: [] };
      const unknowns = verdicts.filter((v) => v.result === "unknown");
      if (unknowns.length) return unknown(...unique(unknowns.flatMap((v) => v.missing)));
      return { result: "pass", why: group("allOf", verdicts), missing: [] };
    }
    case "any": {
      const verdicts = condition.of.map((c) => check(c, facts, today));
      const passed = verdicts.find((v) => v.result === "pass");
      if (passed) return passed;
      const unknowns = verdicts.filter((v) => v.result === "unknown");
      if (unknowns.length) return unknown(...unique(unknowns.flatMap((v) => v.missing)));
      return { result: "fail", why: group("oneOf", verdicts), missing: [] };
    }
    case "not": {
      const inner = check(condition.of, facts, today);
      if (inner.result === "unknown") return inner;
      const need = both((l) =>
        l === "ko" ? `다음에 해당하지 않음: ${describeCondition(condition.of, l)}` : `not: ${describeCondition(condition.of, l)}`,
      );
      const told = inner.why ? toldOf(inner.why) : [];
      return { result: inner.result === "pass" ? "fail" : "pass", why: { kind: "leaf", need, told }, missing: [] };
    }
  }
}

function leaf(ok: boolean, need: Words, factKeys: FactKey[], facts: Facts): Verdict {
  const told = factKeys.map((fact) => ({ fact, value: both((l) => factValue(fact, facts[fact]!, l)) }));
  return { result: ok ? "pass" : "fail", why: { kind: "leaf", need, told }, missing: [] };
}

function group(kind: "allOf" | "oneOf", verdicts: Verdict[]): Why | null {
  const items = verdicts.map((v) => v.why).filter((w): w is Why => w !== null);
  if (items.length === 0) return null;
  return items.length === 1 ? items[0]! : { kind, items };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

// ---------------------------------------------------------------------------------------------
// Explanations

function explain(verdict: Verdict): Words {
  if (verdict.result === "unknown") {
    return both((l) => {
      const names = verdict.missing.map((f) => factName(f, l)).join(", ");
      return l === "ko" ? `확인하려면 다음 질문에 답해 주세요: ${names}.` : `To check this, we need your answer about: ${names}.`;
    });
  }
  const why = verdict.why;
  if (!why) return both((l) => (l === "ko" ? "확인했습니다." : "Checked."));
  if (verdict.result === "pass") {
    return both((l) => {
      if (l === "ko") return `${toldKo(toldOf(why), true)} 답하셨으므로 해당됩니다.`;
      return `You told us: ${toldText(toldOf(why), l, true)}.`;
    });
  }
  // A fail: what would change the outcome.
  if (why.kind === "leaf" && why.told.length) {
    return both((l) =>
      l === "ko"
        ? `${josa(why.need[l], "이어야/여야")} 하는데 ${toldKo(why.told, why.told.length > 1)} 답하셨습니다.`
        : `You would need ${why.need[l]}; you told us ${toldText(why.told, l)}.`,
    );
  }
  return both((l) => (l === "ko" ? `다음 조건을 충족해야 합니다: ${render(why, l)}.` : `You would need ${render(why, l)}.`));
}

function render(why: Why, l: Locale): string {
  switch (why.kind) {
    case "leaf": {
      if (!why.told.length) return why.need[l];
      const told = toldText(why.told, l);
      return l === "ko" ? `${why.need[l]}(알려주신 값: ${told})` : `${why.need[l]} (you told us ${told})`;
    }
    case "allOf":
      return why.items.map((w) => render(w, l)).join(l === "ko" ? ", 그리고 " : ", and ");
    case "oneOf":
      return l === "ko"
        ? `다음 중 하나 — ${why.items.map((w) => render(w, l)).join("; 또는 ")}`
        : `one of these: ${why.items.map((w) => render(w, l)).join("; or ")}`;
  }
}

/** "코로나19 방역조치를 영업제한으로, 상시근로자 수를 3명으로": the answers as a Korean sentence part. */
function toldKo(told: Told[], named: boolean): string {
  return told
    .map((t) =>
      named || BOOLEAN_FACT_SET.has(t.fact) ? `${josa(factName(t.fact, "ko"), "을/를")} ${josa(t.value.ko, "(으)로")}` : josa(t.value.ko, "(으)로"),
    )
    .join(", ");
}

/** The facts behind a verdict, each once. */
function toldOf(why: Why): Told[] {
  if (why.kind === "leaf") return why.told;
  const seen = new Set<FactKey>();
  return why.items.flatMap(toldOf).filter((t) => !seen.has(t.fact) && !!seen.add(t.fact));
}

/**
 * "7" when one number or code is in question; "2020 sales: KRW 5; 2019 sales: KRW 9" when several
 * are, or for a yes/no fact, where a bare "yes" would not say what it answers.
 */
function toldText(told: Told[], l: Locale, named = told.length > 1): string {
  return told.map((t) => (named || BOOLEAN_FACT_SET.has(t.fact) ? `${factName(t.fact, l)}: ${t.value[l]}` : t.value[l])).join("; ");
}

// ---------------------------------------------------------------------------------------------
// Support estimate

function estimateSupport(support: Support, facts: Facts, today: string): SupportEstimate {
  switch (support.kind) {
    case "tiers": {
      const verdicts = support.tiers.map((tier) => ({ tier, result: check(tier.when, facts, today).result }));
      const first = verdicts.find((v) => v.result !== "fail");
      if (first && first.result === "pass") {
        const { tier } = first;
        return {
          kind: "tiers",
          amountKrw: tier.amountKrw,
          text: both((l) => `${support.text[l]}: ${money(tier.amountKrw, l)} (${tier.label[l]})`),
        };
      }
      // An earlier tier is still open: say the range rather than guess.
      const amounts = support.tiers.map((t) => t.amountKrw);
      const low = Math.min(...amounts);
      const high = Math.max(...amounts);
      return {
        kind: "tiers",
        text: both((l) =>
          l === "ko"
            ? `${support.text[l]}: 답변에 따라 ${money(low, l)}~${money(high, l)}`
            : `${support.text[l]}: ${money(low, l)} to ${money(high, l)}, depending on your answers`,
        ),
      };
    }
    case "percent":
      return {
        kind: "percent",
        amountKrw: support.capKrw,
        text: both((l) =>
          l === "ko"
            ? `${support.text[l]}: 비용의 ${support.percent}%, 최대 ${money(support.capKrw, l)}`
            : `${support.text[l]}: ${support.percent} % of the cost, up to ${money(support.capKrw, l)}`,
        ),
      };
    case "loan": {
      const routing = support.routing;
      const score = facts.creditScore;
      return {
        kind: "loan",
        amountKrw: support.maxKrw,
        text: both((l) => {
          const base =
            l === "ko"
              ? `${support.text[l]}: 최대 ${money(support.maxKrw, l)}, 연 ${support.ratePercent}%, ${support.graceYears}년 거치 ${support.repaymentYears}년 상환.`
              : `${support.text[l]}: up to ${money(support.maxKrw, l)} at ${support.ratePercent} % a year, ${support.graceYears} years' grace then ${support.repaymentYears} years' repayment.`;
          if (!routing) return base;
          if (score === undefined) {
            return l === "ko"
              ? `${base} 신용점수 ${routing.threshold}점 이하: ${routing.atOrBelow[l]}, 초과: ${routing.above[l]}.`
              : `${base} Credit score ${routing.threshold} or below: ${routing.atOrBelow[l]}; above: ${routing.above[l]}.`;
          }
          const route = score <= routing.threshold ? routing.atOrBelow : routing.above;
          return l === "ko" ? `${base} 신용점수 ${score}점: ${route[l]}.` : `${base} With a credit score of ${score}: ${route[l]}.`;
        }),
      };
    }
    case "service":
      return {
        kind: "service",
        text: both((l) =>
          support.sessions === undefined
            ? support.text[l]
            : l === "ko"
              ? `${support.text[l]}: 최대 ${support.sessions}회`
              : `${support.text[l]}: up to ${support.sessions} sessions`,
        ),
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Words

const EN_OPS: Record<Comparator, string> = { "<": "under", "<=": "at most", "=": "exactly", ">=": "at least", ">": "over" };
const EN_COUNT_OPS: Record<Comparator, string> = { "<": "fewer than", "<=": "at most", "=": "exactly", ">=": "at least", ">": "more than" };
const KO_OPS: Record<Comparator, string> = { "<": "미만", "<=": "이하", "=": "", ">=": "이상", ">": "초과" };
const EN_RELATIONS: Record<Comparator, string> = { "<": "lower than", "<=": "at most", "=": "equal to", ">=": "at least", ">": "higher than" };
const KO_RELATIONS: Record<Comparator, string> = {
  "<": "보다 적음",
  "<=": "보다 많지 않음",
  "=": "과 같음",
  ">=": "보다 적지 않음",
  ">": "보다 많음",
};
/** "You would need an opening date on or before …" */
const EN_ARTICLES: Record<DateFact, string> = { openedOn: "an ", closedOn: "a " };
const EN_DATE_OPS: Record<Comparator, string> = { "<": "before", "<=": "on or before", "=": "on", ">=": "on or after", ">": "after" };
const KO_DATE_OPS: Record<Comparator, string> = { "<": "이전(당일 제외)", "<=": "이전", "=": "당일", ">=": "이후", ">": "이후(당일 제외)" };

const BOOLEAN_FACT_SET = new Set<FactKey>(BOOLEAN_FACTS);
const MONEY_FACTS = new Set<FactKey>(["sales2019", "sales2020", "monthlyRent"]);

function both(make: (l: Locale) => string): Words {
  return { en: make("en"), ko: make("ko") };
}

function factName(fact: FactKey, l: Locale): string {
  return FACT_NAMES[fact][l];
}

// Formatters are costly to build and cheap to reuse: made once, so a whole check stays far below 1 ms.
const NUMBER_FORMATS: Record<Locale, Intl.NumberFormat> = {
  en: new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 }),
  ko: new Intl.NumberFormat("ko-KR", { maximumFractionDigits: 2 }),
};
const DATE_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }),
  ko: new Intl.DateTimeFormat("ko-KR", { dateStyle: "long", timeZone: "UTC" }),
};

function formatNumber(value: number, l: Locale): string {
  return NUMBER_FORMATS[l].format(value);
}

function money(value: number, l: Locale): string {
  return formatWon(value, l);
}

function quantity(fact: FactKey, value: number, l: Locale): string {
  if (MONEY_FACTS.has(fact)) return money(value, l);
  if (fact === "floorArea") return `${formatNumber(value, l)} m²`;
  if (fact === "employees" && l === "ko") return `${formatNumber(value, l)}명`;
  if (fact === "creditScore" && l === "ko") return `${formatNumber(value, l)}점`;
  return formatNumber(value, l);
}

function longDate(iso: string, l: Locale): string {
  return DATE_FORMATS[l].format(new Date(`${iso}T00:00:00Z`));
}

function needCompare(fact: FactKey, op: Comparator, threshold: number, bySector: string | undefined): Words {
  return both((l) => {
    const sectorNote = bySector ? (l === "ko" ? ` (${codeName(bySector, l)} 기준)` : ` (the limit in ${codeName(bySector, l)})`) : "";
    if (l === "ko") return `${factName(fact, l)} ${quantity(fact, threshold, l)} ${KO_OPS[op]}`.trim() + sectorNote;
    if (fact === "employees") return `${EN_COUNT_OPS[op]} ${quantity(fact, threshold, l)} ${factName(fact, l)}${sectorNote}`;
    return `${factName(fact, l)} ${EN_OPS[op]} ${quantity(fact, threshold, l)}${sectorNote}`;
  });
}

function factValue(fact: FactKey, value: string | number | boolean, l: Locale): string {
  if (typeof value === "boolean") return l === "ko" ? (value ? "있음" : "없음") : value ? "yes" : "no";
  if (typeof value === "number") return quantity(fact, value, l);
  if (fact === "openedOn" || fact === "closedOn") return longDate(value, l);
  return codeName(value, l);
}
