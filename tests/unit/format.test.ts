import { describe, expect, it } from "vitest";
import { formatDate, formatKrw, formatKrwCompact } from "../../app/shared/format";

describe("money and dates", () => {
  it("formats whole won", () => {
    expect(formatKrw(2_000_000, "en")).toBe("KRW 2,000,000");
    expect(formatKrw(2_000_000, "ko")).toBe("2,000,000원");
  });
  it("says large budgets the way people do", () => {
    expect(formatKrwCompact(4_100_000_000_000, "en")).toBe("KRW 4.1 trillion");
    expect(formatKrwCompact(4_100_000_000_000, "ko")).toBe("4조 1,000억 원");
    expect(formatKrwCompact(10_000_000, "ko")).toBe("1,000만 원");
  });
  it("formats calendar dates per locale without shifting the day", () => {
    expect(formatDate("2020-11-30", "en")).toBe("30 November 2020");
    expect(formatDate("2020-11-30", "ko")).toBe("2020년 11월 30일");
  });
});
