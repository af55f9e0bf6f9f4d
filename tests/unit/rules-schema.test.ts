import { describe, expect, it } from "vitest";
import { PROGRAMME_SEEDS } from "../../db/seed-programmes";
import { describeCondition } from "../../app/modules/eligibility/describe";
import { parseRules, RequiredDocumentsSchema } from "../../app/modules/eligibility/rules";

describe("rule schema", () => {
  it.each(PROGRAMME_SEEDS.map((p) => [p.slug, p] as const))("accepts the seeded rules of %s", (_slug, p) => {
    expect(parseRules(JSON.stringify(p.rules))).toMatchObject({ ok: true });
    expect(RequiredDocumentsSchema.safeParse(p.documents).success).toBe(true);
  });

  it("refuses an unknown comparator with the path of the error", () => {
    const rules = structuredClone(PROGRAMME_SEEDS[0]!.rules) as any;
    rules.criteria[0].condition.op = "≈";
    const result = parseRules(rules);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.some((e) => e.startsWith("criteria.0.condition"))).toBe(true);
  });

  it("refuses a sector code that does not exist", () => {
    const result = parseRules({
      criteria: [{ id: "x", label: { en: "x", ko: "x" }, condition: { type: "in", fact: "sector", values: ["bakery"] } }],
      support: { kind: "service", text: { en: "x", ko: "x" } },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join()).toContain("bakery");
  });

  it("quotes a long unknown code or a repeated long id shortened", () => {
    const long = "b".repeat(20_000);
    const result = parseRules({
      criteria: [
        { id: "i".repeat(5_000), label: { en: "x", ko: "x" }, condition: { type: "in", fact: "sector", values: [long] } },
        { id: "i".repeat(5_000), label: { en: "x", ko: "x" }, condition: { type: "in", fact: "sector", values: ["retail"] } },
      ],
      support: { kind: "service", text: { en: "x", ko: "x" } },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toContain(`criteria.0.condition.values.0: "${"b".repeat(79)}…" is not a sector code`);
      expect(result.errors).toContain(`criteria.1.id: Duplicate id "${"i".repeat(79)}…"`);
    }
  });

  it("refuses a date condition with both a fixed and a relative date", () => {
    const result = parseRules({
      criteria: [
        {
          id: "d",
          label: { en: "d", ko: "d" },
          condition: { type: "date", fact: "openedOn", op: "<=", value: "2020-11-30", monthsAgo: 6 },
        },
      ],
      support: { kind: "service", text: { en: "x", ko: "x" } },
    });
    expect(result.ok).toBe(false);
  });

  it("refuses text that is not JSON", () => {
    expect(parseRules("{not json")).toMatchObject({ ok: false });
  });

  it("refuses duplicate criterion ids", () => {
    const rules = structuredClone(PROGRAMME_SEEDS[0]!.rules) as any;
    rules.criteria[1].id = rules.criteria[0].id;
    expect(parseRules(rules).ok).toBe(false);
  });
});

describe("describeCondition", () => {
  it("says a sector-dependent threshold in plain words in both languages", () => {
    const condition = PROGRAMME_SEEDS[0]!.rules.criteria[0]!.condition;
    expect(describeCondition(condition, "en")).toBe(
      "regular employees under 5 (10 in manufacturing, 10 in construction, 10 in transport, 10 in mining)",
    );
    expect(describeCondition(condition, "ko")).toContain("상시근로자 수 5 미만");
  });
});
