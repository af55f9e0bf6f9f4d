import { z } from "zod";
import { isCalendarDate } from "~/modules/eligibility";
import type { LocalisedText } from "~/modules/eligibility";

/**
 * Staggered opening (5부제 in 2021): on the first days only some registration numbers may apply,
 * by their last digit; after the listed days everyone may. Data on the programme row
 * (`programmes.opening_schedule`), e.g. day 1 odd, day 2 even, from day 3 everyone:
 *
 *   { "days": [ { "lastDigits": [1,3,5,7,9] }, { "lastDigits": [0,2,4,6,8] } ] }
 *
 * Day 1 is `startsOn` when given, else the programme's opening date. Pure: dates are Seoul
 * calendar dates (YYYY-MM-DD) handed in by the caller.
 */
const Digit = z.number().int().min(0).max(9);

export const OpeningScheduleSchema = z.object({
  startsOn: z.string().refine(isCalendarDate, "Use a real date like 2021-01-11").optional(),
  days: z
    .array(z.object({ lastDigits: z.array(Digit).min(1).max(10) }))
    .min(1)
    .max(31),
});
export type OpeningSchedule = z.infer<typeof OpeningScheduleSchema>;

/** The 2021 pattern: odd last digits on day 1, even on day 2, everyone from day 3. */
export const ODD_EVEN_SCHEDULE: OpeningSchedule = { days: [{ lastDigits: [1, 3, 5, 7, 9] }, { lastDigits: [0, 2, 4, 6, 8] }] };

/** Reads the stored JSON (or a supervisor's text): the schedule, null for none, or what is wrong. */
export function parseOpeningSchedule(text: string | null | undefined): { ok: true; schedule: OpeningSchedule | null } | { ok: false; error: string } {
  if (text === null || text === undefined || !text.trim()) return { ok: true, schedule: null };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: "The opening schedule is not valid JSON." };
  }
  const parsed = OpeningScheduleSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".") || "schedule"}: ${i.message}`).join("; ") };
  }
  return { ok: true, schedule: parsed.data };
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The first day a registration number may apply: the first scheduled day that lists its last
 * digit, else the day after the listed days (everyone). Without a schedule: the opening date.
 */
export function firstDayFor(schedule: OpeningSchedule | null, opensOn: string, registrationNumber: string): string {
  if (!schedule) return opensOn;
  const start = schedule.startsOn ?? opensOn;
  const digit = Number(registrationNumber.slice(-1));
  const index = schedule.days.findIndex((d) => d.lastDigits.includes(digit));
  return addDays(start, index === -1 ? schedule.days.length : index);
}

export type ScheduleDecision = { ok: true } | { ok: false; from: string; message: LocalisedText };

/**
 * Whether this number may apply on `today`. A number whose day has passed may always apply (its day
 * opens the door, it does not close it). The refusal names the day, in both languages.
 */
export function mayApplyOn(schedule: OpeningSchedule | null, opensOn: string, registrationNumber: string, today: string): ScheduleDecision {
  const from = firstDayFor(schedule, opensOn, registrationNumber);
  if (today >= from) return { ok: true };
  const digit = registrationNumber.slice(-1);
  return {
    ok: false,
    from,
    message: {
      en: `Businesses whose registration number ends in ${digit} may apply from ${formatDateEn(from)} (Korea time). Please come back then.`,
      ko: `사업자등록번호 끝자리가 ${digit}인 사업자는 ${formatDateKo(from)}부터 신청할 수 있습니다(한국 시간). 그때 다시 신청해 주세요.`,
    },
  };
}

const WEEKDAYS_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const WEEKDAYS_KO = ["일", "월", "화", "수", "목", "금", "토"];
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export function formatDateEn(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS_EN[weekday]} ${d} ${MONTHS_EN[m - 1]} ${y}`;
}

export function formatDateKo(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${y}년 ${m}월 ${d}일(${WEEKDAYS_KO[weekday]})`;
}
