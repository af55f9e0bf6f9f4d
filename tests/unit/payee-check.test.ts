import { describe, expect, it } from "vitest";
import { holderMatches, normaliseHolderName, payeeVerdict, readInquiryAnswer } from "../../app/modules/payments/payee-check";

const allowed = { people: ["박똠"], businessName: "남원 공동식당" };

describe("the payee check's rule of who may be paid", () => {
  it("normalises names as banks compare them: spaces of any width, compatibility forms, corporate forms", () => {
    expect(normaliseHolderName(" 박\u3000똠 ")).toBe("박똠");
    expect(normaliseHolderName("주식회사 남원공동식당")).toBe(normaliseHolderName("(주)남원공동식당"));
    expect(normaliseHolderName("㈜남원공동식당")).toBe(normaliseHolderName("남원공동식당(주)"));
    expect(normaliseHolderName("ＫＩＭ Minji")).toBe("kimminji");
    // Combining jamo (NFD) and precomposed syllables are one name.
    expect(normaliseHolderName("박똠".normalize("NFD"))).toBe("박똠");
  });

  it("accepts the confirmed representative or the business, and nobody else", () => {
    expect(holderMatches("박똠", allowed)).toBe(true);
    expect(holderMatches("주식회사 남원 공동식당", allowed)).toBe(true);
    expect(holderMatches("이몽룡", allowed)).toBe(false);
    expect(holderMatches("", allowed)).toBe(false);
    expect(holderMatches("(주)", { people: [], businessName: "(주)" })).toBe(false);
  });

  it("turns the bank's answer into a verdict: matched, unchecked, or refused at the right field", () => {
    expect(payeeVerdict({ kind: "found", holderName: "박똠" }, allowed)).toEqual({ kind: "matched", holderName: "박똠" });
    expect(payeeVerdict({ kind: "unavailable" }, allowed)).toEqual({ kind: "unchecked" });
    expect(payeeVerdict({ kind: "found", holderName: "이몽룡" }, allowed)).toMatchObject({ kind: "refused", field: "holderName" });
    expect(payeeVerdict({ kind: "not_found" }, allowed)).toMatchObject({ kind: "refused", field: "accountNumber" });
    expect(payeeVerdict({ kind: "closed" }, allowed)).toMatchObject({ kind: "refused", field: "accountNumber" });
  });

  it("reads anything unexpected from the bank as unavailable, never as a match", () => {
    expect(readInquiryAnswer({ result: "found", holder_name: "박똠" })).toEqual({ kind: "found", holderName: "박똠" });
    expect(readInquiryAnswer({ result: "found" })).toEqual({ kind: "unavailable" });
    expect(readInquiryAnswer({ result: "found", holder_name: "x".repeat(101) })).toEqual({ kind: "unavailable" });
    expect(readInquiryAnswer({ result: "maybe" })).toEqual({ kind: "unavailable" });
    expect(readInquiryAnswer(null)).toEqual({ kind: "unavailable" });
    expect(readInquiryAnswer("found")).toEqual({ kind: "unavailable" });
  });
});
