import { describe, expect, it } from "vitest";
import { formatWon, formatWonWords, parseWon, wonFieldValue } from "../../app/shared/money";

describe("one money style", () => {
  it("writes exact amounts as 2,000,000원 and KRW 2,000,000", () => {
    expect(formatWon(2_000_000, "ko")).toBe("2,000,000원");
    expect(formatWon(2_000_000, "en")).toBe("KRW 2,000,000");
    expect(formatWon(0, "ko")).toBe("0원");
    expect(formatWon(-5000, "en")).toBe("-KRW 5,000");
  });
  it("writes large sums in Korean units, every group kept", () => {
    expect(formatWonWords(4_100_000_000_000, "ko")).toBe("4조 1,000억 원");
    expect(formatWonWords(4_000_000_000_000, "ko")).toBe("4조 원");
    expect(formatWonWords(120_000_000, "ko")).toBe("1억 2,000만 원");
    expect(formatWonWords(10_000_000, "ko")).toBe("1,000만 원");
    expect(formatWonWords(123_456_789, "ko")).toBe("1억 2,345만 6,789원");
    expect(formatWonWords(9_999, "ko")).toBe("9,999원");
    expect(formatWonWords(4_100_000_000_000, "en")).toBe("KRW 4.1 trillion");
    expect(formatWonWords(12_000_000, "en")).toBe("KRW 12 million");
    expect(formatWonWords(500_000, "en")).toBe("KRW 500,000");
  });
  it("never puts ₩ beside 원", () => {
    for (const n of [0, 1, 999, 10_000, 2_000_000, 4_100_000_000_000]) {
      expect(formatWon(n, "ko")).not.toContain("₩");
      expect(formatWonWords(n, "ko")).not.toContain("₩");
    }
  });
});

describe("amounts as people type them", () => {
  it.each([
    ["120,000,000", 120_000_000],
    ["120000000", 120_000_000],
    ["1억2천만", 120_000_000],
    ["1억 2천만 원", 120_000_000],
    ["1억 2,000만원", 120_000_000],
    ["1.2억", 120_000_000],
    ["500만원", 5_000_000],
    ["5천", 5_000],
    ["3천5백만", 35_000_000],
    ["4조 1,000억", 4_100_000_000_000],
    ["₩5,000,000", 5_000_000],
    ["KRW 5,000,000", 5_000_000],
    ["５０００", 5_000],
    ["0", 0],
    ["억", 100_000_000],
  ])("reads %s", (input, value) => {
    expect(parseWon(input)).toEqual({ ok: true, value });
  });
  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["-5000", "negative"],
    ["abc", "format"],
    ["12e5", "format"],
    ["2천만1억", "format"],
    ["1억1억", "format"],
    ["1.5", "fraction"],
    ["1.234567891억", "fraction"],
    ["99999조", "tooLarge"],
  ])("refuses %s (%s)", (input, problem) => {
    expect(parseWon(input)).toEqual({ ok: false, problem });
  });
  it("shows stored amounts with separators in fields", () => {
    expect(wonFieldValue(1_500_000_000_000)).toBe("1,500,000,000,000");
    expect(wonFieldValue("1억2천만")).toBe("120,000,000");
    expect(wonFieldValue("banana")).toBe("banana");
    expect(wonFieldValue(null)).toBe("");
  });
});
