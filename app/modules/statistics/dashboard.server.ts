/**
 * The staff dashboard: per programme, applications by status, approvals against capacity and the
 * plan's target, the amount approved against the budget, the median days to a decision, the oldest
 * application still waiting and submissions per day (Asia/Seoul days) for the last 30 days.
 *
 * Everything comes from the counters kept by every status change (app/modules/statistics/counters.server.ts):
 * a few hundred small rows whatever the number of applications, so the page answers in
 * milliseconds at a million. The median is read from the decision-time histogram (within half a
 * bucket: an hour for decisions under three days). "Oldest waiting" is one index seek per programme
 * and open status (the first entry of applications_queue_programme), not a scan. Objections by
 * state come from their own counters.
 */
import type { Kysely } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { APPLICATION_STATUSES, type ApplicationStatus } from "~/modules/applications";
import { quantileFromBuckets, seoulDay } from "~/modules/statistics/counters";
import { countsByProgrammeStatus, decisionBuckets, objectionCounts, submissionsPerDay } from "./counters.server";

export { seoulDay };
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
  /** Objections (both kinds) by state, from the objection counters. */
  objections: { open: number; upheld: number; overturned: number };
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
  const { days } = lastSeoulDays(now);
  const programmes = await db
    .selectFrom("programmes")
    .select(["id", "slug", "name_en", "name_ko", "status", "capacity", "target_count", "budget_krw"])
    .orderBy("id")
    .execute();
  const [statusCounts, buckets, perDayRows, oldest, objectionRows] = await Promise.all([
    countsByProgrammeStatus(db),
    decisionBuckets(db),
    submissionsPerDay(db, days[0]!),
    Promise.all(programmes.map((p) => oldestWaiting(db, p.id))),
    objectionCounts(db),
  ]);

  return programmes.map((p, i) => {
    const byStatus = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<ApplicationStatus, number>;
    let approvedCount = 0;
    let approvedAmountKrw = 0;
    for (const c of statusCounts) {
      if (c.programme_id !== p.id) continue;
      byStatus[c.status as ApplicationStatus] = c.n;
      if (APPROVED_STATUSES.includes(c.status as ApplicationStatus)) {
        approvedCount += c.n;
        approvedAmountKrw += c.awarded_krw;
      }
    }
    const own = buckets.filter((b) => b.programme_id === p.id);
    const medianHours = quantileFromBuckets(own, 0.5);
    const counts = new Map(perDayRows.filter((r) => r.programme_id === p.id).map((r) => [r.day, r.n]));
    const objections = { open: 0, upheld: 0, overturned: 0 };
    for (const o of objectionRows) if (o.programme_id === p.id) objections[o.state] += o.n;
    return {
      ...p,
      byStatus,
      approvedCount,
      approvedAmountKrw,
      decidedCount: own.reduce((sum, b) => sum + b.n, 0),
      medianDaysToDecision: medianHours === null ? null : Math.round((medianHours / 24) * 10) / 10,
      oldestWaitingSubmittedAt: oldest[i] ?? null,
      submissionsPerDay: days.map((day) => ({ day, count: counts.get(day) ?? 0 })),
      objections,
    };
  });
}

/** The earliest submission still open in a programme: one index seek per open status. */
async function oldestWaiting(db: Kysely<Database>, programmeId: number): Promise<string | null> {
  const firsts = await Promise.all(
    OPEN_STATUSES.map((status) =>
      db
        .selectFrom("applications")
        .select("submitted_at")
        .where("programme_id", "=", programmeId)
        .where("status", "=", status)
        .where("submitted_at", "is not", null)
        .orderBy("submitted_at")
        .limit(1)
        .executeTakeFirst(),
    ),
  );
  const found = firsts.map((f) => f?.submitted_at ?? null).filter((v): v is string => v !== null);
  return found.length ? found.sort()[0]! : null;
}
