import { describe, expect, it } from "vitest";
import { addYears, daysBetween, seoulToday, windowState } from "../../app/modules/catalogue/programme-window";

const programme = { opens_on: "2026-01-01", closes_on: "2026-12-31", status: "published" };

describe("windowState", () => {
  it.each([
    ["2025-12-31", "upcoming"],
    ["2026-01-01", "open"],
    ["2026-06-15", "open"],
    ["2026-12-17", "open"],
    ["2026-12-18", "closing_soon"],
    ["2026-12-31", "closing_soon"],
    ["2027-01-01", "closed"],
  ])("on %s is %s", (today, expected) => {
    expect(windowState(programme, today)).toBe(expected);
  });

  it("treats an unpublished programme as closed whatever the dates", () => {
    expect(windowState({ ...programme, status: "draft" }, "2026-06-15")).toBe("closed");
  });
});

describe("dates", () => {
  it("counts whole days", () => {
    expect(daysBetween("2026-12-17", "2026-12-31")).toBe(14);
  });
  it("adds a year, keeping the end of February valid", () => {
    expect(addYears("2026-11-26", 1)).toBe("2027-11-26");
    expect(addYears("2028-02-29", 1)).toBe("2029-02-28");
  });
  it("uses Korea's calendar day", () => {
    // 20:00 UTC on 30 November is already 1 December in Seoul.
    expect(seoulToday(new Date("2026-11-30T20:00:00Z"))).toBe("2026-12-01");
  });
});
