import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROGRAMME_SEEDS } from "../../db/seed-programmes";
import { documentsFor, evaluate } from "../../app/modules/eligibility/eligibility";
import {
  BOOLEAN_FACTS,
  BUSINESS_STATES,
  COVID_MEASURES,
  DATE_FACTS,
  ENUM_FACTS,
  FactsSchema,
  NUMBER_FACTS,
  PREMISES,
  REGIONS,
  SECTORS,
  type Facts,
} from "../../app/modules/eligibility/facts";
import { parseAnswers, QUESTION_FIELDS } from "../../app/modules/eligibility/questionnaire";
import { RulesSchema, type Condition, type Rules } from "../../app/modules/eligibility/rules";

const isoDate = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const amount = fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.constantFrom(0, 400_000_000, 400_000_001, 1_000_000_000_000_000));

/** Any facts the schema accepts, each fact present or not. */
const factsArb: fc.Arbitrary<Facts> = fc
  .record(
    {
      sector: fc.constantFrom(...SECTORS),
      region: fc.constantFrom(...REGIONS),
      employees: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(4, 5, 9, 10)),
      sales2019: amount,
      sales2020: amount,
      openedOn: isoDate,
      covidMeasure: fc.constantFrom(...COVID_MEASURES),
      premises: fc.constantFrom(...PREMISES),
      monthlyRent: amount,
      taxArrears: fc.boolean(),
      loanDefault: fc.boolean(),
      businessState: fc.constantFrom(...BUSINESS_STATES),
      closedOn: isoDate,
      floorArea: fc.double({ min: 0, max: 1_000_000, noNaN: true }),
      creditScore: fc.integer({ min: 0, max: 1000 }),
    },
    { requiredKeys: [] },
  )
  .filter((f) => FactsSchema.safeParse(f).success);

const today = isoDate;

const op = fc.constantFrom("<", "<=", "=", ">=", ">" as const);
const leafArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    type: fc.constant("compare" as const),
    fact: fc.constantFrom(...NUMBER_FACTS),
    op,
    value: fc.integer({ min: -10, max: 1_000_000_000 }),
    valueBySector: fc.option(fc.dictionary(fc.constantFrom(...SECTORS), fc.integer({ min: 0, max: 20 })), { nil: undefined }),
  }),
  fc
    .tuple(fc.constantFrom(...NUMBER_FACTS), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }))
    .map(([fact, a, b]) => ({ type: "between" as const, fact, min: Math.min(a, b), max: Math.max(a, b) })),
  fc.record({ type: fc.constant("compareFacts" as const), left: fc.constantFrom(...NUMBER_FACTS), op, right: fc.constantFrom(...NUMBER_FACTS) }),
  fc.constantFrom(...(Object.keys(ENUM_FACTS) as (keyof typeof ENUM_FACTS)[])).chain((fact) =>
    fc.record({
      type: fc.constant("in" as const),
      fact: fc.constant(fact),
      values: fc.subarray([...ENUM_FACTS[fact]] as string[], { minLength: 1 }),
    }),
  ),
  fc.record({ type: fc.constant("is" as const), fact: fc.constantFrom(...BOOLEAN_FACTS), value: fc.boolean() }),
  fc.oneof(
    fc.record({ type: fc.constant("date" as const), fact: fc.constantFrom(...DATE_FACTS), op, value: isoDate }),
    fc.record({ type: fc.constant("date" as const), fact: fc.constantFrom(...DATE_FACTS), op, monthsAgo: fc.integer({ min: 0, max: 1200 }) }),
  ),
);

const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafArb,
    fc.record({ type: fc.constant("all" as const), of: fc.array(tie("c"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ type: fc.constant("any" as const), of: fc.array(tie("c"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ type: fc.constant("not" as const), of: tie("c") }),
  ),
})).c;

const rulesArb: fc.Arbitrary<Rules> = fc
  .record({
    criteria: fc.array(conditionArb, { minLength: 1, maxLength: 4 }),
    tiers: fc.array(fc.record({ when: conditionArb, amountKrw: fc.integer({ min: 0, max: 10_000_000 }) }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ criteria, tiers }) => ({
    criteria: criteria.map((condition, i) => ({ id: `c${i}`, label: { en: `c${i}`, ko: `c${i}` }, condition })),
    support: {
      kind: "tiers" as const,
      tiers: tiers.map((t) => ({ ...t, label: { en: "t", ko: "t" } })),
      text: { en: "s", ko: "s" },
    },
  }))
  .filter((r) => RulesSchema.safeParse(r).success);

function checkInvariants(rules: Rules, facts: Facts, day: string) {
  const result = evaluate(rules, facts, { today: day });
  if (result.outcome === "eligible") {
    expect(result.criteria.every((c) => c.result === "pass")).toBe(true);
  }
  if (result.outcome === "not_eligible") expect(result.criteria.some((c) => c.result === "fail")).toBe(true);
  if (result.outcome === "need_more_info") {
    expect(result.criteria.some((c) => c.result === "unknown")).toBe(true);
    expect(result.criteria.some((c) => c.result === "fail")).toBe(false);
  }
  expect(result.criteria).toHaveLength(rules.criteria.length);
  for (const c of result.criteria) {
    expect(c.explanation.en.length).toBeGreaterThan(0);
    expect(c.explanation.ko.length).toBeGreaterThan(0);
    if (c.result === "unknown") expect(c.missing.length).toBeGreaterThan(0);
  }
}

describe("evaluate, for any facts the schema accepts", () => {
  it("never throws on the seeded programmes, and 'eligible' never comes with a failed or unknown criterion", () => {
    fc.assert(
      fc.property(factsArb, today, (facts, day) => {
        for (const p of PROGRAMME_SEEDS) {
          checkInvariants(p.rules, facts, day);
          documentsFor(p.documents, facts, { today: day });
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("holds the same for random rules written in the rule language", () => {
    fc.assert(
      fc.property(rulesArb, factsArb, today, (rules, facts, day) => checkInvariants(rules, facts, day)),
      { numRuns: 500 },
    );
  });

  it("never marks an unanswered fact's criterion as passed or failed", () => {
    fc.assert(
      fc.property(factsArb, today, (facts, day) => {
        for (const p of PROGRAMME_SEEDS) {
          const result = evaluate(p.rules, facts, { today: day });
          for (const c of result.criteria.filter((x) => x.result === "unknown")) {
            for (const fact of c.missing) expect(facts[fact]).toBeUndefined();
          }
        }
      }),
    );
  });
});

describe("the questionnaire parser, for any query string", () => {
  it("never throws and always gives facts or field errors", () => {
    const field = fc.constantFrom(...QUESTION_FIELDS, "lng", "other");
    fc.assert(
      fc.property(fc.array(fc.tuple(field, fc.string({ maxLength: 30 })), { maxLength: 20 }), today, (pairs, day) => {
        const parsed = parseAnswers(new URLSearchParams(pairs), { today: day });
        if (parsed.submitted && parsed.ok) expect(FactsSchema.safeParse(parsed.facts).success).toBe(true);
        if (parsed.submitted && !parsed.ok) expect(parsed.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});
