import { describe, expect, it } from "vitest";
import { PROGRAMME_SEEDS } from "../../db/seed-programmes";
import { evaluate } from "../../app/modules/eligibility/eligibility";
import {
  allowedReviewIntents,
  awardCap,
  awardPrefill,
  checkAward,
  checkReviewAction,
  diffEvaluations,
  needsFourEyes,
  rejectionReasonLabel,
  type ReviewState,
} from "../../app/modules/review/review";
import type { Rules } from "../../app/modules/eligibility/rules";

const rules = (slug: string) => PROGRAMME_SEEDS.find((p) => p.slug === slug)!.rules as Rules;

describe("award", () => {
  it("caps by the programme's support", () => {
    expect(awardCap(rules("support-fund").support)).toBe(3_000_000);
    expect(awardCap(rules("rent-loan").support)).toBe(10_000_000);
    expect(awardCap(rules("smart-store").support)).toBe(5_000_000);
    expect(awardCap(rules("tax-legal-advice").support)).toBeNull();
  });

  it("prefills from the tier, the share of the stated cost, or the loan asked for, never above the cap", () => {
    const restricted = evaluate(rules("support-fund"), { covidMeasure: "restriction" }, { today: "2026-12-01" });
    expect(awardPrefill(rules("support-fund").support, { evaluation: restricted, answers: {}, requestedAmountKrw: null })).toBe(2_000_000);
    expect(awardPrefill(rules("smart-store").support, { evaluation: null, answers: { equipmentCost: 4_000_000 }, requestedAmountKrw: null })).toBe(
      2_800_000,
    );
    expect(awardPrefill(rules("smart-store").support, { evaluation: null, answers: { equipmentCost: 40_000_000 }, requestedAmountKrw: null })).toBe(
      5_000_000,
    );
    expect(awardPrefill(rules("smart-store").support, { evaluation: null, answers: {}, requestedAmountKrw: null })).toBeNull();
    expect(awardPrefill(rules("rent-loan").support, { evaluation: null, answers: {}, requestedAmountKrw: 7_000_000 })).toBe(7_000_000);
    expect(awardPrefill(rules("tax-legal-advice").support, { evaluation: null, answers: {}, requestedAmountKrw: null })).toBeNull();
  });

  it.each([
    [null, "required"],
    [-1, "negative"],
    [0, "zero"],
    [1.5, "not_whole"],
    [10_000_001, "above_cap"],
    [10_000_000, null],
  ] as const)("award %j for a loan → %j", (amount, problem) => {
    expect(checkAward(amount, rules("rent-loan").support)).toBe(problem);
  });

  it("needs four eyes strictly above the threshold", () => {
    expect(needsFourEyes(5_000_000, 5_000_000)).toBe(false);
    expect(needsFourEyes(5_000_001, 5_000_000)).toBe(true);
    expect(needsFourEyes(9_000_000, null)).toBe(false);
  });
});

describe("who may do what", () => {
  const base: ReviewState = { status: "submitted", supportKind: "tiers", assignedTo: null, proposedBy: null };
  const cw = { id: 1, role: "caseworker" as const };
  const sv = { id: 2, role: "supervisor" as const };

  it("a caseworker claims first, then works only their own applications", () => {
    expect(allowedReviewIntents(base, cw)).toEqual(["claim", "add_note"]);
    expect(allowedReviewIntents({ ...base, assignedTo: 1 }, cw)).toEqual(["start_review", "add_note"]);
    expect(checkReviewAction("start_review", { ...base, assignedTo: 9 }, cw)).toMatchObject({ ok: false, code: "not_assignee" });
    expect(allowedReviewIntents({ ...base, status: "under_review", assignedTo: 1 }, cw)).toEqual(["request_info", "approve", "reject", "add_note"]);
  });

  it("a supervisor reassigns and acts on anything, but never confirms their own proposal", () => {
    expect(allowedReviewIntents({ ...base, assignedTo: 1 }, sv)).toEqual(["reassign", "start_review", "add_note"]);
    const proposed = { ...base, status: "under_review" as const, assignedTo: 1, proposedBy: 2 };
    expect(checkReviewAction("confirm_approval", proposed, sv)).toMatchObject({ ok: false, code: "own_proposal" });
    expect(checkReviewAction("confirm_approval", { ...proposed, proposedBy: 1 }, sv)).toEqual({ ok: true });
    expect(checkReviewAction("reject", proposed, sv)).toMatchObject({ ok: false, code: "proposal_pending" });
  });

  it("owners may do nothing; decided applications take only notes; services are never paid", () => {
    expect(allowedReviewIntents(base, { id: 3, role: "owner" })).toEqual([]);
    expect(allowedReviewIntents({ ...base, status: "rejected", assignedTo: 2 }, sv)).toEqual(["add_note"]);
    expect(checkReviewAction("mark_paid", { ...base, status: "approved", supportKind: "service", assignedTo: 1 }, cw)).toMatchObject({ ok: false });
  });

  it("labels every rejection reason in both languages", () => {
    expect(rejectionReasonLabel("duplicate")).toEqual({ en: "Duplicate application", ko: "중복 신청" });
    expect(rejectionReasonLabel("nope")).toBeNull();
  });
});

describe("evaluation then and now", () => {
  it("marks changed, new and dropped criteria", () => {
    const then = evaluate(rules("support-fund"), { employees: 3, sector: "food_service" }, { today: "2026-12-01" });
    const nowRules = { ...rules("support-fund"), criteria: rules("support-fund").criteria.filter((c) => c.id !== "operating") };
    const now = evaluate(nowRules, { employees: 3, sector: "food_service" }, { today: "2026-12-01" });
    const diff = diffEvaluations(then, now);
    const dropped = diff.criteria.find((c) => c.id === "operating")!;
    expect(dropped).toMatchObject({ now: null, changed: true });
    expect(diff.criteria.filter((c) => c.id !== "operating").every((c) => !c.changed)).toBe(true);
    expect(diffEvaluations(null, now).criteria.every((c) => c.changed)).toBe(true);
  });
});
