/** Whether a programme takes applications on a given day, from its dates and status. */
export type WindowState = "upcoming" | "open" | "closing_soon" | "closed";

/** Days before the closing date from which a programme is flagged as closing soon. */
export const CLOSING_SOON_DAYS = 14;

/** `today` and the programme's dates are calendar dates (YYYY-MM-DD); the window is inclusive. */
export function windowState(programme: { opens_on: string; closes_on: string; status: string }, today: string): WindowState {
  if (programme.status !== "published") return "closed";
  if (today < programme.opens_on) return "upcoming";
  if (today > programme.closes_on) return "closed";
  return daysBetween(today, programme.closes_on) < CLOSING_SOON_DAYS ? "closing_soon" : "open";
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// Built once: Intl formatters are costly to construct and cheap to reuse.
const SEOUL_DATE = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" });

/** Today's calendar date in Korea, where the programmes run. */
export function seoulToday(now: Date = new Date()): string {
  return SEOUL_DATE.format(now);
}

/** `date` plus whole years, as a calendar date (29 Feb → 28 Feb in a non-leap year). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, 1));
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
