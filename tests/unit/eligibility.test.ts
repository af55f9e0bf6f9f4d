import { describe, expect, it } from "vitest";
import { PROGRAMME_SEEDS } from "../../db/seed-programmes";
import { documentsFor, evaluate, monthsBefore, type Outcome, type Result } from "../../app/modules/eligibility/eligibility";
import { FactsSchema, factsSchemaOn, type Facts } from "../../app/modules/eligibility/facts";
import { parseAnswers, toQuery } from "../../app/modules/eligibility/questionnaire";
import { parseRules, type Condition, type Rules } from "../../app/modules/eligibility/rules";
import { restrictedRestaurant } from "../helpers/facts";

/** The checks run on a fixed day so "6 months ago" and "the last 12 months" are exact. */
const today = "2026-11-26";
const programme = (slug: string) => PROGRAMME_SEEDS.find((p) => p.slug === slug)!;
const rules = (slug: string) => programme(slug).rules;
const run = (slug: string, facts: Facts) => evaluate(rules(slug), facts, { today });
const criterion = (slug: string, facts: Facts, id: string) => run(slug, facts).criteria.find((c) => c.id === id)!;

const restaurant: Facts = restrictedRestaurant;

describe("small business: employees below a sector-dependent threshold", () => {
  it.each<[string, Facts["sector"], number, Result]>([
    ["food service, 4", "food_service", 4, "pass"],
    ["food service, 5", "food_service", 5, "fail"],
    ["manufacturing, 9", "manufacturing", 9, "pass"],
    ["manufacturing, 10", "manufacturing", 10, "fail"],
    ["construction, 9", "construction", 9, "pass"],
    ["transport, 10", "transport", 10, "fail"],
    ["mining, 5", "mining", 5, "pass"],
    ["retail, 0", "retail", 0, "pass"],
  ])("%s → %s", (_name, sector, employees, expected) => {
    for (const p of PROGRAMME_SEEDS) {
      expect(criterion(p.slug, { ...restaurant, sector, employees }, "small-business").result).toBe(expected);
    }
  });

  it("needs the sector only when the thresholds disagree", () => {
    const { sector: _omit, ...noSector } = restaurant;
    expect(criterion("support-fund", { ...noSector, employees: 3 }, "small-business").result).toBe("pass");
    expect(criterion("support-fund", { ...noSector, employees: 12 }, "small-business").result).toBe("fail");
    const between = criterion("support-fund", { ...noSector, employees: 7 }, "small-business");
    expect(between.result).toBe("unknown");
    expect(between.missing).toEqual(["sector"]);
  });

  it("says what would change, with the sector's threshold, in both languages", () => {
    const c = criterion("rent-loan", { ...restaurant, employees: 7 }, "small-business");
    expect(c.explanation.en).toBe("You would need fewer than 5 regular employees; you told us 7.");
    expect(c.explanation.ko).toContain("상시근로자 수 5명 미만");
    expect(c.explanation.ko).toContain("7명");
    const m = criterion("rent-loan", { ...restaurant, sector: "manufacturing", employees: 12 }, "small-business");
    expect(m.explanation.en).toBe("You would need fewer than 10 regular employees (the limit in manufacturing); you told us 12.");
    expect(m.explanation.ko).toContain("제조업 기준");
  });
});

describe("support fund", () => {
  const none: Facts = { ...restaurant, covidMeasure: "none", sales2019: 400_000_000, sales2020: 300_000_000 };

  it.each<[string, Facts, Outcome, number | undefined]>([
    ["closure order", { ...restaurant, covidMeasure: "closure" }, "eligible", 3_000_000],
    ["operating restriction", restaurant, "eligible", 2_000_000],
    ["no measure, 2019 sales exactly KRW 400,000,000, falling", none, "eligible", 1_000_000],
    ["no measure, 2019 sales KRW 400,000,001", { ...none, sales2019: 400_000_001 }, "not_eligible", undefined],
    ["no measure, sales not falling", { ...none, sales2020: 400_000_000 }, "not_eligible", undefined],
    ["opened 2020-11-30", { ...restaurant, openedOn: "2020-11-30" }, "eligible", 2_000_000],
    ["opened 2020-12-01", { ...restaurant, openedOn: "2020-12-01" }, "not_eligible", undefined],
    ["closing", { ...restaurant, businessState: "closing" }, "not_eligible", undefined],
    ["5 employees", { ...restaurant, employees: 5 }, "not_eligible", undefined],
  ])("%s → %s", (_name, facts, outcome, amount) => {
    const result = run("support-fund", facts);
    expect(result.outcome).toBe(outcome);
    expect(result.support?.amountKrw).toBe(amount);
  });

  it("tells the sales-route owner how far above the limit they are", () => {
    const c = criterion("support-fund", { ...none, sales2019: 400_000_001 }, "affected");
    expect(c.result).toBe("fail");
    expect(c.explanation.en).toContain("2019 sales at most KRW 400,000,000 (you told us KRW 400,000,001)");
    expect(c.explanation.ko).toContain("400,000,000원 이하");
  });

  it("says the opening date that would be needed", () => {
    const c = criterion("support-fund", { ...restaurant, openedOn: "2020-12-01" }, "opened-by-cutoff");
    expect(c.explanation.en).toBe("You would need an opening date on or before 30 November 2020; you told us 1 December 2020.");
  });

  it("asks for the sales statement only on the sales route", () => {
    const docs = (facts: Facts) => documentsFor(programme("support-fund").documents, facts, { today }).map((d) => [d.code, d.needed]);
    expect(docs(restaurant)).toEqual([
      ["business-registration", "yes"],
      ["sales-statement", "no"],
    ]);
    expect(docs(none)[1]).toEqual(["sales-statement", "yes"]);
    const { covidMeasure: _omit, ...unknownMeasure } = restaurant;
    expect(docs(unknownMeasure)[1]).toEqual(["sales-statement", "maybe"]);
  });

  it("gives a range, not a guess, while the measure is unknown but the sales route holds", () => {
    const { covidMeasure: _omit, ...facts } = restaurant;
    const result = run("support-fund", facts);
    expect(result.outcome).toBe("need_more_info");
    expect(result.support?.amountKrw).toBeUndefined();
    expect(result.support?.text.en).toContain("KRW 1,000,000 to KRW 3,000,000");
  });
});

describe("rent loan", () => {
  it.each<[string, Facts, Outcome]>([
    ["restricted, rented", restaurant, "eligible"],
    ["closure order, rented", { ...restaurant, covidMeasure: "closure" }, "eligible"],
    ["owned premises (no lease)", { ...restaurant, premises: "owned" }, "not_eligible"],
    ["no premises (no lease)", { ...restaurant, premises: "none" }, "not_eligible"],
    ["no measure", { ...restaurant, covidMeasure: "none" }, "not_eligible"],
    ["tax arrears", { ...restaurant, taxArrears: true }, "not_eligible"],
    ["loan in default", { ...restaurant, loanDefault: true }, "not_eligible"],
  ])("%s → %s", (_name, facts, outcome) => {
    expect(run("rent-loan", facts).outcome).toBe(outcome);
  });

  it("explains the missing lease in words", () => {
    const c = criterion("rent-loan", { ...restaurant, premises: "owned" }, "rented-premises");
    expect(c.explanation.en).toBe("You would need premises: rented; you told us owned.");
    expect(c.explanation.ko).toBe("사업장: 임차여야 하는데 자가로 답하셨습니다.");
  });

  it("routes by credit score without making it a bar", () => {
    expect(run("rent-loan", { ...restaurant, creditScore: 744 }).support).toMatchObject({
      kind: "loan",
      amountKrw: 10_000_000,
      text: { en: expect.stringContaining("With a credit score of 744: Direct loan from the agency") },
    });
    expect(run("rent-loan", { ...restaurant, creditScore: 745 }).support?.text.en).toContain("partner bank");
    expect(run("rent-loan", restaurant).support?.text.en).toContain("Credit score 744 or below");
  });
});

describe("tax and legal advice: closing within 6 months or closed within the last 12", () => {
  const closed = (closedOn: string): Facts => ({ ...restaurant, businessState: "closed", closedOn });
  it.each<[string, Facts, Outcome]>([
    ["closing", { ...restaurant, businessState: "closing" }, "eligible"],
    ["closed exactly 12 months ago", closed("2025-11-26"), "eligible"],
    ["closed 12 months and a day ago", closed("2025-11-25"), "not_eligible"],
    ["closed yesterday", closed("2026-11-25"), "eligible"],
    ["operating", restaurant, "not_eligible"],
    ["closed, date not given", { ...restaurant, businessState: "closed" }, "need_more_info"],
  ])("%s → %s", (_name, facts, outcome) => {
    expect(run("tax-legal-advice", facts).outcome).toBe(outcome);
  });

  it("offers the sessions", () => {
    expect(run("tax-legal-advice", { ...restaurant, businessState: "closing" }).support).toEqual({
      kind: "service",
      text: { en: "Free consultations with a tax accountant or a lawyer: up to 3 sessions", ko: "세무사·변호사 무료 상담: 최대 3회" },
    });
  });

  it("names the date the closure would have needed", () => {
    const c = criterion("tax-legal-advice", closed("2025-11-25"), "closing-or-recently-closed");
    expect(c.explanation.en).toContain("a closure date on or after 26 November 2025 (12 months before today)");
  });
});

describe("smart store", () => {
  it.each<[string, Facts, Outcome]>([
    ["restaurant open since 2019", restaurant, "eligible"],
    ["opened exactly 6 months ago", { ...restaurant, openedOn: "2026-05-26" }, "eligible"],
    ["opened 6 months ago less a day", { ...restaurant, openedOn: "2026-05-27" }, "not_eligible"],
    ["wholesale", { ...restaurant, sector: "wholesale" }, "not_eligible"],
    ["online only", { ...restaurant, premises: "none" }, "not_eligible"],
    ["tax arrears", { ...restaurant, taxArrears: true }, "not_eligible"],
  ])("%s → %s", (_name, facts, outcome) => {
    expect(run("smart-store", facts).outcome).toBe(outcome);
  });

  it("estimates 70 % of the cost up to KRW 5,000,000", () => {
    expect(run("smart-store", restaurant).support).toEqual({
      kind: "percent",
      amountKrw: 5_000_000,
      text: {
        en: "A share of the equipment cost: 70 % of the cost, up to KRW 5,000,000",
        ko: "장비 도입 비용 일부 지원: 비용의 70%, 최대 5,000,000원",
      },
    });
  });
});

describe("smart supermarket", () => {
  const shop: Facts = { ...restaurant, sector: "retail", premises: "owned", floorArea: 120 };
  it.each<[string, Facts, Outcome]>([
    ["retail, 164.99 m²", { ...shop, floorArea: 164.99 }, "eligible"],
    ["retail, 165 m²", { ...shop, floorArea: 165 }, "not_eligible"],
    ["food service", { ...shop, sector: "food_service" }, "not_eligible"],
    ["floor area not given", { ...shop, floorArea: undefined }, "need_more_info"],
  ])("%s → %s", (_name, facts, outcome) => {
    expect(run("smart-supermarket", facts).outcome).toBe(outcome);
  });
});

describe("unknown facts", () => {
  it("make every programme need more information, never pass or fail silently", () => {
    for (const p of PROGRAMME_SEEDS) {
      const result = evaluate(p.rules, {}, { today });
      expect(result.outcome).toBe("need_more_info");
      expect(result.criteria.every((c) => c.result === "unknown")).toBe(true);
      expect(result.criteria[0]!.explanation.en).toBe("To check this, we need your answer about: regular employees.");
    }
  });

  it("one failed criterion outweighs unknown ones", () => {
    expect(run("rent-loan", { employees: 50 }).outcome).toBe("not_eligible");
  });

  it("one missing answer is named", () => {
    const { loanDefault: _omit, ...facts } = restaurant;
    const result = run("rent-loan", facts);
    expect(result.outcome).toBe("need_more_info");
    expect(result.criteria.find((c) => c.result === "unknown")).toMatchObject({
      id: "no-loan-default",
      missing: ["loanDefault"],
      explanation: { en: "To check this, we need your answer about: loan in default.", ko: "확인하려면 다음 질문에 답해 주세요: 대출 연체." },
    });
  });
});

describe("rule language operators", () => {
  const one = (condition: Rules["criteria"][number]["condition"]): Rules => ({
    criteria: [{ id: "c", label: { en: "c", ko: "c" }, condition }],
    support: { kind: "service", text: { en: "s", ko: "s" } },
  });
  const result = (condition: Rules["criteria"][number]["condition"], facts: Facts) => evaluate(one(condition), facts, { today }).criteria[0]!;

  it("between is inclusive", () => {
    const c = { type: "between", fact: "floorArea", min: 10, max: 20 } as const;
    expect(result(c, { floorArea: 10 }).result).toBe("pass");
    expect(result(c, { floorArea: 20 }).result).toBe("pass");
    expect(result(c, { floorArea: 20.5 }).result).toBe("fail");
    expect(result(c, { floorArea: 21 }).explanation.en).toBe("You would need floor area between 10 m² and 20 m²; you told us 21 m².");
  });

  it("not inverts pass and fail and keeps unknown", () => {
    const c: Condition = { type: "not", of: { type: "in", fact: "region", values: ["seoul"] } };
    expect(result(c, { region: "busan" }).result).toBe("pass");
    expect(result(c, { region: "seoul" }).result).toBe("fail");
    expect(result(c, {}).result).toBe("unknown");
  });

  it("= and > compare numbers; dates compare as calendar days", () => {
    expect(result({ type: "compare", fact: "creditScore", op: "=", value: 700 }, { creditScore: 700 }).result).toBe("pass");
    expect(result({ type: "compare", fact: "creditScore", op: ">", value: 700 }, { creditScore: 700 }).result).toBe("fail");
    expect(result({ type: "date", fact: "openedOn", op: ">", value: "2020-01-01" }, { openedOn: "2020-01-02" }).result).toBe("pass");
  });

  it("refuses invalid rules with the path of each error", () => {
    const bad = structuredClone(rules("support-fund")) as any;
    bad.criteria[3].condition.of[2].of[1].op = "≈";
    bad.support.tiers[1].amountKrw = -1;
    bad.criteria[1].label = { en: "Operating" };
    const result = parseRules(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.some((e) => e.startsWith("criteria.3.condition"))).toBe(true);
      expect(result.errors.some((e) => e.startsWith("support.tiers.1.amountKrw"))).toBe(true);
      expect(result.errors.some((e) => e.startsWith("criteria.1.label.ko"))).toBe(true);
    }
    const between = parseRules({ ...one({ type: "between", fact: "floorArea", min: 20, max: 10 }) });
    expect(between).toEqual({ ok: false, errors: [expect.stringMatching(/^criteria\.0\.condition/)] });
  });

  it("counts months back to the same day, or the month's last day", () => {
    expect(monthsBefore("2026-11-26", 12)).toBe("2025-11-26");
    expect(monthsBefore("2026-08-31", 6)).toBe("2026-02-28");
    expect(monthsBefore("2024-08-31", 6)).toBe("2024-02-29");
    expect(monthsBefore("2026-03-15", 15)).toBe("2024-12-15");
  });
});

describe("facts schema", () => {
  it("accepts the empty set (nothing answered) and a full answer", () => {
    expect(FactsSchema.safeParse({}).success).toBe(true);
    expect(FactsSchema.safeParse(restaurant).success).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ["negative sales", { sales2019: -1 }],
    ["fractional won", { sales2019: 1.5 }],
    ["too many employees", { employees: 100_001 }],
    ["credit score above 1000", { creditScore: 1001 }],
    ["an impossible date", { openedOn: "2021-02-29" }],
    ["a sector that does not exist", { sector: "bakery" }],
    ["closure before opening", { openedOn: "2020-01-02", closedOn: "2020-01-01" }],
  ])("refuses %s", (_name, facts) => {
    expect(FactsSchema.safeParse(facts).success).toBe(false);
  });

  it("refuses an opening date after the day of the check", () => {
    expect(factsSchemaOn(today).safeParse({ openedOn: "2026-11-26" }).success).toBe(true);
    expect(factsSchemaOn(today).safeParse({ openedOn: "2026-11-27" }).success).toBe(false);
  });
});

describe("questionnaire answers (the GET query string)", () => {
  const parse = (query: string) => parseAnswers(new URLSearchParams(query), { today });

  it("is not submitted without any question in the URL", () => {
    expect(parse("").submitted).toBe(false);
    expect(parse("lng=en").submitted).toBe(false);
  });

  it("treats empty answers as unanswered and accepts thousands separators", () => {
    const parsed = parse("sector=food_service&employees=&sales2019=150%2C000%2C000&taxArrears=no");
    expect(parsed).toMatchObject({ submitted: true, ok: true, facts: { sector: "food_service", sales2019: 150_000_000, taxArrears: false } });
    if (parsed.submitted && parsed.ok) expect(parsed.facts.employees).toBeUndefined();
  });

  it("accepts the unit shown beside a field typed with the number, and only that unit", () => {
    for (const typed of ["3명", "3 명", "3 people", "3인"]) {
      expect(parse(`employees=${encodeURIComponent(typed)}`)).toMatchObject({ ok: true, facts: { employees: 3 } });
    }
    for (const typed of ["80㎡", "80 m2", "80m²", "80제곱미터"]) {
      expect(parse(`sector=retail&floorArea=${encodeURIComponent(typed)}`)).toMatchObject({ ok: true, facts: { floorArea: 80 } });
    }
    // Another field's unit, or the unit in the middle, is still not a number.
    expect(parse(`employees=${encodeURIComponent("3㎡")}`)).toMatchObject({ ok: false, errors: [{ field: "employees", code: "notNumber" }] });
    expect(parse(`employees=${encodeURIComponent("3명 2")}`)).toMatchObject({ ok: false, errors: [{ field: "employees", code: "notNumber" }] });
  });

  it("ignores answers to questions that do not apply", () => {
    const parsed = parse("premises=owned&monthlyRent=abc&businessState=operating&closedOn=nonsense&sector=food_service&floorArea=-1");
    expect(parsed).toMatchObject({ ok: true, facts: { premises: "owned", businessState: "operating", sector: "food_service" } });
    expect(parsed.submitted && parsed.ok && parsed.query).toBe("sector=food_service&businessState=operating&premises=owned");
  });

  it.each<[string, string, string]>([
    ["employees=abc", "employees", "notNumber"],
    ["employees=-3", "employees", "negative"],
    ["employees=2.5", "employees", "notWhole"],
    ["employees=100001", "employees", "tooLarge"],
    ["sales2019=1e9", "sales2019", "notAmount"],
    ["sales2019=1.5", "sales2019", "notAmount"],
    ["premises=rented&monthlyRent=0", "monthlyRent", "notPositive"],
    ["sales2020=-1", "sales2020", "negative"],
    ["openedOn=2027-01-01", "openedOn", "future"],
    ["openedOn=2021-13-01", "openedOn", "invalidDate"],
    ["openedOn=2020-01-02&businessState=closed&closedOn=2020-01-01", "closedOn", "beforeOpening"],
    ["sector=bakery", "sector", "choose"],
    ["region=atlantis", "region", "choose"],
    ["taxArrears=maybe", "taxArrears", "choose"],
    ["creditScore=1001", "creditScore", "tooLarge"],
  ])("%s → %s: %s", (query, field, code) => {
    const parsed = parse(`${query}&sector=${query.startsWith("sector") ? "bakery" : "retail"}`);
    expect(parsed).toMatchObject({ submitted: true, ok: false });
    if (parsed.submitted && !parsed.ok) expect(parsed.errors).toContainEqual({ field, code });
  });

  it("reads amounts typed the Korean way", () => {
    const parsed = parse("sector=retail&sales2019=1억2천만&sales2020=1.2억&premises=rented&monthlyRent=150만원");
    expect(parsed).toMatchObject({ ok: true, facts: { sales2019: 120_000_000, sales2020: 120_000_000, monthlyRent: 1_500_000 } });
  });

  it("keeps every answer as typed when there are errors", () => {
    const parsed = parse("employees=lots&sector=retail&floorArea=80");
    expect(parsed.values).toMatchObject({ employees: "lots", sector: "retail", floorArea: "80" });
  });

  it("round-trips facts through the canonical query string", () => {
    const parsed = parse(toQuery(restaurant));
    expect(parsed).toMatchObject({ ok: true, facts: restaurant });
  });
});
