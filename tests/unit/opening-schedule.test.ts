import { describe, expect, it } from "vitest";
import {
  addDays,
  firstDayFor,
  formatDateEn,
  formatDateKo,
  mayApplyOn,
  ODD_EVEN_SCHEDULE,
  parseOpeningSchedule,
} from "../../app/modules/catalogue/opening-schedule";

const OPENS = "2021-01-11";

describe("staggered opening", () => {
  it("gives odd last digits day 1, even day 2", () => {
    expect(firstDayFor(ODD_EVEN_SCHEDULE, OPENS, "2208123455")).toBe("2021-01-11");
    expect(firstDayFor(ODD_EVEN_SCHEDULE, OPENS, "2208123450")).toBe("2021-01-12");
    expect(firstDayFor(null, OPENS, "2208123450")).toBe(OPENS);
  });

  it("lets everyone in from the day after the listed days, and a digit not listed waits until then", () => {
    const oddOnly = { days: [{ lastDigits: [1, 3, 5, 7, 9] }] };
    expect(firstDayFor(oddOnly, OPENS, "1234567890")).toBe("2021-01-12");
    for (const n of ["1234567891", "1234567890"]) expect(mayApplyOn(ODD_EVEN_SCHEDULE, OPENS, n, "2021-01-13")).toEqual({ ok: true });
  });

  it("counts from startsOn when given", () => {
    expect(firstDayFor({ startsOn: "2021-02-01", days: ODD_EVEN_SCHEDULE.days }, OPENS, "1234567890")).toBe("2021-02-02");
  });

  it("refuses an even number on day 1 and says when, in both languages", () => {
    const d = mayApplyOn(ODD_EVEN_SCHEDULE, OPENS, "2208123450", "2021-01-11");
    expect(d).toMatchObject({ ok: false, from: "2021-01-12" });
    if (!d.ok) {
      expect(d.message.en).toBe(
        "Businesses whose registration number ends in 0 may apply from Tuesday 12 January 2021 (Korea time). Please come back then.",
      );
      expect(d.message.ko).toContain("2021년 1월 12일(화)부터");
    }
    // Before day 1 nobody; on or after their day, yes.
    expect(mayApplyOn(ODD_EVEN_SCHEDULE, OPENS, "2208123455", "2021-01-10").ok).toBe(false);
    expect(mayApplyOn(ODD_EVEN_SCHEDULE, OPENS, "2208123455", "2021-01-11").ok).toBe(true);
    expect(mayApplyOn(ODD_EVEN_SCHEDULE, OPENS, "2208123450", "2021-01-12").ok).toBe(true);
  });

  it("crosses months and years", () => {
    expect(addDays("2021-12-31", 1)).toBe("2022-01-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(formatDateEn("2022-01-01")).toBe("Saturday 1 January 2022");
    expect(formatDateKo("2022-01-01")).toBe("2022년 1월 1일(토)");
  });

  it("parses stored schedules and names what is wrong", () => {
    expect(parseOpeningSchedule(null)).toEqual({ ok: true, schedule: null });
    expect(parseOpeningSchedule("  ")).toEqual({ ok: true, schedule: null });
    expect(parseOpeningSchedule(JSON.stringify(ODD_EVEN_SCHEDULE))).toEqual({ ok: true, schedule: ODD_EVEN_SCHEDULE });
    expect(parseOpeningSchedule("{")).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(parseOpeningSchedule('{"days":[{"lastDigits":[10]}]}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/days\.0\.lastDigits\.0/),
    });
    expect(parseOpeningSchedule('{"days":[]}')).toMatchObject({ ok: false });
    expect(parseOpeningSchedule('{"startsOn":"2021-02-30","days":[{"lastDigits":[1]}]}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/startsOn/),
    });
  });
});
