import type { Comparator, Condition } from "./rules";
import { josa } from "~/shared/korean";
import { formatWon } from "~/shared/money";
import { CODE_NAMES, FACT_NAMES, codeName } from "./vocabulary";

type Locale = "en" | "ko";

const MONEY_FACTS = new Set(["sales2019", "sales2020", "monthlyRent"]);

const EN_OPS: Record<Comparator, string> = { "<": "under", "<=": "at most", "=": "exactly", ">=": "at least", ">": "over" };
const KO_OPS: Record<Comparator, string> = { "<": "미만", "<=": "이하", "=": "", ">=": "이상", ">": "초과" };
const EN_DATE_OPS: Record<Comparator, string> = { "<": "before", "<=": "on or before", "=": "on", ">=": "on or after", ">": "after" };
const KO_DATE_OPS: Record<Comparator, string> = { "<": "이전(당일 제외)", "<=": "이전", "=": "당일", ">=": "이후", ">": "이후(당일 제외)" };

// Built once per locale: Intl formatters are costly to construct and cheap to reuse.
const NUMBER = { ko: new Intl.NumberFormat("ko-KR"), en: new Intl.NumberFormat("en-GB") };
const LONG_DATE = {
  ko: new Intl.DateTimeFormat("ko-KR", { dateStyle: "long", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }),
};

function quantity(fact: string, value: number, locale: Locale): string {
  const n = NUMBER[locale].format(value);
  if (MONEY_FACTS.has(fact)) return formatWon(value, locale);
  if (fact === "floorArea") return `${n} m²`;
  return n;
}

/** A condition in plain words, e.g. "regular employees under 5 (10 in manufacturing)". Pure. */
export function describeCondition(condition: Condition, locale: Locale): string {
  const name = (fact: keyof typeof FACT_NAMES) => FACT_NAMES[fact][locale];
  switch (condition.type) {
    case "compare": {
      const base =
        locale === "ko"
          ? `${name(condition.fact)} ${quantity(condition.fact, condition.value, locale)} ${KO_OPS[condition.op]}`.trim()
          : `${name(condition.fact)} ${EN_OPS[condition.op]} ${quantity(condition.fact, condition.value, locale)}`;
      const overrides = Object.entries(condition.valueBySector ?? {});
      if (!overrides.length) return base;
      const parts = overrides.map(([sector, v]) =>
        locale === "ko"
          ? `${codeName(sector, locale)} ${quantity(condition.fact, v!, locale)}`
          : `${quantity(condition.fact, v!, locale)} in ${codeName(sector, locale)}`,
      );
      return `${base} (${parts.join(", ")})`;
    }
    case "between":
      return locale === "ko"
        ? `${name(condition.fact)} ${quantity(condition.fact, condition.min, locale)} 이상 ${quantity(condition.fact, condition.max, locale)} 이하`
        : `${name(condition.fact)} between ${quantity(condition.fact, condition.min, locale)} and ${quantity(condition.fact, condition.max, locale)}`;
    case "compareFacts":
      return locale === "ko"
        ? `${josa(name(condition.left), "이/가")} ${name(condition.right)}보다 ${condition.op.startsWith("<") ? "적음" : condition.op === "=" ? "같음" : "많음"}`
        : `${name(condition.left)} ${EN_OPS[condition.op]} ${name(condition.right)}`;
    case "in": {
      const values = condition.values.map((v) => CODE_NAMES[v]?.[locale] ?? v);
      return locale === "ko" ? `${name(condition.fact)}: ${values.join(", ")}` : `${name(condition.fact)} is ${values.join(" or ")}`;
    }
    case "is":
      return locale === "ko"
        ? `${name(condition.fact)} ${condition.value ? "있음" : "없음"}`
        : `${condition.value ? "has" : "no"} ${name(condition.fact)}`;
    case "date": {
      if (condition.value !== undefined) {
        const when = LONG_DATE[locale].format(new Date(`${condition.value}T00:00:00Z`));
        return locale === "ko"
          ? `${name(condition.fact)} ${when} ${KO_DATE_OPS[condition.op]}`
          : `${name(condition.fact)} ${EN_DATE_OPS[condition.op]} ${when}`;
      }
      const months = condition.monthsAgo!;
      const recent = condition.op === ">=" || condition.op === ">";
      if (locale === "ko") return `${name(condition.fact)}: ${months}개월 ${recent ? "이내" : "이상 경과"}`;
      return recent ? `${name(condition.fact)} within the last ${months} months` : `${name(condition.fact)} at least ${months} months ago`;
    }
    case "all":
      return condition.of.map((c) => describeCondition(c, locale)).join(locale === "ko" ? " 그리고 " : " and ");
    case "any":
      return condition.of.map((c) => describeCondition(c, locale)).join(locale === "ko" ? " 또는 " : " or ");
    case "not":
      return locale === "ko" ? `다음에 해당하지 않음: ${describeCondition(condition.of, locale)}` : `not: ${describeCondition(condition.of, locale)}`;
  }
}
