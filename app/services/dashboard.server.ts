/**
 * The staff dashboard: per programme, applications by status, approvals against capacity and the
 * plan's target, the amount approved against the budget, the median days to a decision, the oldest
 * application still waiting and submissions per day (Asia/Seoul days) for the last 30 days.
 *
 * Counts and sums are GROUP BY queries. The median and the per-day buckets are computed here from
 * one narrow column each (decision durations, submission times of the last 30 days): portable
 * between SQLite and PostgreSQL without window functions, and fine for this service's volumes
 * (hundreds of thousands of rows at most; a materialised summary is the step after that).
 */
import type { Kysely } from "kysely";
import { getDb } from "../../db/client";
import type { Database } from "../../db/schema";
import { APPLICATION_STATUSES, type ApplicationStatus } from "~/domain/application-state";

export const OPEN_STATUSES: readonly ApplicationStatus[] = ["submitted", "under_review", "info_requested"];
export const APPROVED_STATUSES: readonly ApplicationStatus[] = ["approved", "paid"];
export const CHART_DAYS = 30;
const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000; // Korea has no daylight saving time.
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ProgrammeDashboard {
  id: number;
  slug: string;
  name_en: string;
  name_ko: string;
  status: string;
  capacity: number | null;
  target_count: number | null;
  budget_krw: number | null;
  byStatus: Record<ApplicationStatus, number>;
  approvedCount: number;
  approvedAmountKrw: number;
  decidedCount: number;
  medianDaysToDecision: number | null;
  oldestWaitingSubmittedAt: string | null;
  /** Oldest first; `day` is the Seoul calendar date (YYYY-MM-DD). */
  submissionsPerDay: { day: string; count: number }[];
}

/** The Seoul calendar date of an instant. */
export function seoulDay(instant: Date | string): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return new Date(ms + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last `days` Seoul dates ending today, oldest first, and the UTC instant the first one starts. */
export function lastSeoulDays(now: Date, days = CHART_DAYS): { days: string[]; since: string } {
  const todayMs = Date.parse(`${seoulDay(now)}T00:00:00Z`);
  const list: string[] = [];
  for (let i = days - 1; i >= 0; i--) list.push(new Date(todayMs - i * DAY_MS).toISOString().slice(0, 10));
  return { days: list, since: new Date(todayMs - SEOUL_OFFSET_MS - (days - 1) * DAY_MS).toISOString() };
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function getDashboard({ now = new Date(), db = getDb() }: { now?: Date; db?: Kysely<Database> } = {}): Promise<ProgrammeDashboard[]> {
  const { days, since } = lastSeoulDays(now);
  const [programmes, statusCounts, approved, oldest, decisions, submissions] = await Promise.all([
    db
      .selectFrom("programmes")
      .select(["id", "slug", "name_en", "name_ko", "status", "capacity", "target_count", "budget_krw"])
      .orderBy("id")
      .execute(),
    db
      .selectFrom("applications")
      .select(["programme_id", "status", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(["programme_id", "status"])
      .execute(),
    db
      .selectFrom("applications")
      .select([
        "programme_id",
        (eb) => eb.fn.countAll<number>().as("n"),
        (eb) => eb.fn.sum<number>(eb.fn.coalesce("award_amount_krw", "requested_amount_krw")).as("amount"),
      ])
      .where("status", "in", APPROVED_STATUSES)
      .groupBy("programme_id")
      .execute(),
    db
      .selectFrom("applications")
      .select(["programme_id", (eb) => eb.fn.min("submitted_at").as("oldest")])
      .where("status", "in", OPEN_STATUSES)
      .groupBy("programme_id")
      .execute(),
    db
      .selectFrom("applications")
      .select(["programme_id", "submitted_at", "decided_at"])
      .where("decided_at", "is not", null)
      .where("submitted_at", "is not", null)
      .execute(),
    db
      .selectFrom("applications")
      .select(["programme_id", "submitted_at"])
      .where("submitted_at", ">=", since)
      .execute(),
  ]);

  const durations = new Map<number, number[]>();
  for (const d of decisions) {
    const days = (Date.parse(d.decided_at!) - Date.parse(d.submitted_at!)) / DAY_MS;
    if (!Number.isFinite(days) || days < 0) continue;
    const list = durations.get(d.programme_id);
    if (list) list.push(days);
    else durations.set(d.programme_id, [days]);
  }
  const perDay = new Map<number, Map<string, number>>();
  for (const s of submissions) {
    const day = seoulDay(s.submitted_at!);
    const m = perDay.get(s.programme_id) ?? new Map<string, number>();
    m.set(day, (m.get(day) ?? 0) + 1);
    perDay.set(s.programme_id, m);
  }

  return programmes.map((p) => {
    const byStatus = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<ApplicationStatus, number>;
    for (const c of statusCounts) if (c.programme_id === p.id) byStatus[c.status as ApplicationStatus] = Number(c.n);
    const a = approved.find((r) => r.programme_id === p.id);
    const own = durations.get(p.id) ?? [];
    const m = median(own);
    const counts = perDay.get(p.id);
    return {
      ...p,
      byStatus,
      approvedCount: Number(a?.n ?? 0),
      approvedAmountKrw: Number(a?.amount ?? 0),
      decidedCount: own.length,
      medianDaysToDecision: m === null ? null : Math.round(m * 10) / 10,
      oldestWaitingSubmittedAt: (oldest.find((r) => r.programme_id === p.id)?.oldest as string | null | undefined) ?? null,
      submissionsPerDay: days.map((day) => ({ day, count: counts?.get(day) ?? 0 })),
    };
  });
}
