import { describe, expect, it } from "vitest";
import { PROGRAMME_SEEDS } from "../../db/seed-programmes";
import { isCalendarDate, QuestionsSchema, validateAnswers } from "../../app/modules/applications/questions";

const rentLoan = PROGRAMME_SEEDS.find((p) => p.slug === "rent-loan")!;
const taxAdvice = PROGRAMME_SEEDS.find((p) => p.slug === "tax-legal-advice")!;

describe("programme questions", () => {
  it.each(PROGRAMME_SEEDS.map((p) => [p.slug, p.questions] as const))("seeded questions of %s are valid", (_slug, questions) => {
    expect(QuestionsSchema.safeParse(questions).success).toBe(true);
  });

  it("the rent loan's requested amount is capped at the programme's maximum", () => {
    const support = rentLoan.rules.support;
    const amount = rentLoan.questions.find((q) => q.id === "requestedAmount")!;
    expect(support.kind === "loan" && amount.kind === "amount" && amount.maxKrw === support.maxKrw).toBe(true);
  });

  it.each([
    ["10,000,000", { requestedAmount: 10_000_000 }, undefined],
    ["₩5,000,000원", { requestedAmount: 5_000_000 }, undefined],
    ["500만원", { requestedAmount: 5_000_000 }, undefined],
    ["5백만", { requestedAmount: 5_000_000 }, undefined],
    ["10000001", {}, "Enter an amount from KRW 1,000,000 to KRW 10,000,000"],
    ["0", {}, "Enter an amount greater than 0"],
    ["-5", {}, "cannot be negative"],
    ["1e7", {}, "Enter an amount in won"],
    ["", {}, "Answer this question"],
  ])("requested amount %j", (input, answers, error) => {
    const result = validateAnswers(rentLoan.questions, { requestedAmount: input });
    expect(result.answers).toEqual(answers);
    if (error) expect(result.errors.requestedAmount?.en).toContain(error);
    else expect(result.errors.requestedAmount).toBeUndefined();
  });

  it("re-validates stored answers, whose amounts are numbers (as submission does)", () => {
    const stored = validateAnswers(rentLoan.questions, { requestedAmount: "8,000,000" }).answers;
    expect(validateAnswers(rentLoan.questions, stored)).toEqual({ answers: { requestedAmount: 8_000_000 }, errors: {} });
  });

  it("accepts only listed choices and leaves optional questions out", () => {
    expect(validateAnswers(taxAdvice.questions, { adviceTopic: "lease", advisor: "lawyer" })).toEqual({
      answers: { adviceTopic: "lease", advisor: "lawyer" },
      errors: {},
    });
    const bad = validateAnswers(taxAdvice.questions, { adviceTopic: "astrology", advisor: ["lawyer"] });
    expect(bad.errors.adviceTopic?.ko).toBe("보기 중 하나를 고르세요");
    expect(bad.errors.advisor?.en).toBe("Answer this question");
  });

  it("checks calendar dates without throwing", () => {
    expect(isCalendarDate("2021-02-28")).toBe(true);
    expect(isCalendarDate("2021-02-30")).toBe(false);
    expect(isCalendarDate("2021-13-45")).toBe(false);
    expect(isCalendarDate("tomorrow")).toBe(false);
  });
});
