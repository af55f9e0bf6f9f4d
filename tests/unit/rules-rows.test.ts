import { describe, expect, it } from "vitest";
import { PROGRAMME_SEEDS } from "../../db/seed-programmes";
import { applyRows, criteriaRows, tierRows } from "../../app/modules/eligibility/rules-rows";

const fund = PROGRAMME_SEEDS.find((p) => p.slug === "support-fund")!.rules;
const loan = PROGRAMME_SEEDS.find((p) => p.slug === "rent-loan")!.rules;

describe("rules editor rows", () => {
  it("shows simple criteria as fact, comparison and value, and the rest in words", () => {
    const rows = criteriaRows(fund, "en");
    const opened = rows.find((r) => r.kind === "date");
    expect(opened).toMatchObject({ kind: "date", op: "<=", value: "2020-11-30" });
    expect(rows.some((r) => r.kind === "other" && r.description.length > 0)).toBe(true);
    expect(criteriaRows(loan, "ko").some((r) => r.kind === "is")).toBe(true);
  });

  it("shows support tiers with amounts with separators", () => {
    expect(tierRows(fund, "en").map((t) => t.amount)).toEqual(["3,000,000", "2,000,000", "1,000,000"]);
    expect(tierRows(loan, "en")).toEqual([]);
  });

  it("applies only the rows that changed, reading amounts the Korean way", () => {
    const opened = criteriaRows(fund, "en").find((r) => r.kind === "date")!;
    const form = {
      [`crit.${opened.id}.op`]: "<=",
      [`crit.${opened.id}.value`]: "2020-12-31",
      [`crit.${opened.id}.orig`]: opened.kind === "date" ? opened.orig : "",
      "tier.1.amount": "250만",
      "tier.1.orig": "2,000,000",
      "tier.0.amount": "3,000,000",
      "tier.0.orig": "3,000,000",
    };
    const { rules, errors, changed } = applyRows(fund, form);
    expect(errors).toEqual({});
    expect(changed).toBe(true);
    expect(rules.criteria.find((c) => c.id === opened.id)!.condition).toMatchObject({ value: "2020-12-31" });
    expect(rules.support.kind === "tiers" && rules.support.tiers.map((t) => t.amountKrw)).toEqual([3_000_000, 2_500_000, 1_000_000]);
    // The original is untouched, and unchanged rows change nothing.
    expect(fund.support.kind === "tiers" && fund.support.tiers[1]!.amountKrw).toBe(2_000_000);
    expect(applyRows(fund, { "tier.0.amount": "3,000,000", "tier.0.orig": "3,000,000" }).changed).toBe(false);
  });

  it("names bad values by row", () => {
    const opened = criteriaRows(fund, "en").find((r) => r.kind === "date")!;
    const { errors } = applyRows(fund, {
      [`crit.${opened.id}.op`]: "≈",
      [`crit.${opened.id}.value`]: "x",
      "tier.2.amount": "lots",
      "tier.2.orig": "1,000,000",
    });
    expect(errors).toEqual({ [`crit.${opened.id}.op`]: "op", "tier.2.amount": "amount" });
  });
});
