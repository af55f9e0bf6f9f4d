/**
 * What one application adds to the counters, as a pure function of its row, and the histogram of
 * decision times. The service (app/modules/statistics/counters.server.ts) stores each application's last
 * contribution, so a change subtracts exactly what was added before and adds the new one: any
 * from → to, in any order, keeps the counters equal to the COUNT(*)/SUM of the applications.
 */

const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000; // Korea has no daylight saving time.
const HOUR_MS = 60 * 60 * 1000;

/** The Seoul calendar date of an instant. */
export function seoulDay(instant: Date | string): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return new Date(ms + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** Statuses whose award (else requested amount) counts as approved money. */
export const AWARDED_STATUSES: readonly string[] = ["approved", "paid"];

export interface CountedRow {
  programme_id: number;
  status: string;
  region: string;
  sector: string;
  requested_amount_krw: number | string | bigint | null;
  award_amount_krw: number | string | bigint | null;
  submitted_at: string | null;
  decided_at: string | null;
  assigned_to: number | null;
}

export interface Contribution {
  programme_id: number;
  status: string;
  region: string;
  sector: string;
  requested_krw: number;
  awarded_krw: number;
  submitted_day: string | null;
  bucket_hours: number | null;
  /** The caseworker working it; 0 = unassigned. */
  assignee_id: number;
}

const num = (v: number | string | bigint | null) => (v === null ? 0 : Number(v));

export function contributionOf(row: CountedRow): Contribution {
  const submitted = row.status !== "draft" && row.submitted_at !== null;
  return {
    programme_id: row.programme_id,
    status: row.status,
    region: row.region,
    sector: row.sector,
    requested_krw: row.status === "draft" ? 0 : num(row.requested_amount_krw),
    awarded_krw: AWARDED_STATUSES.includes(row.status) ? num(row.award_amount_krw ?? row.requested_amount_krw) : 0,
    submitted_day: submitted ? seoulDay(row.submitted_at!) : null,
    bucket_hours: submitted && row.decided_at ? durationBucket(Date.parse(row.decided_at) - Date.parse(row.submitted_at!)) : null,
    assignee_id: row.assigned_to ?? 0,
  };
}

/**
 * Histogram buckets, by lower bound in hours: one hour wide for the first 3 days, 6 hours up to
 * 30 days, a day up to a year, then one open bucket. At most ~520 buckets per programme whatever
 * the number of applications; a median read from them is within half a bucket of the exact one.
 */
export const OPEN_BUCKET_HOURS = 24 * 365;

export function durationBucket(ms: number): number | null {
  if (!Number.isFinite(ms) || ms < 0) return null;
  const h = ms / HOUR_MS;
  if (h < 72) return Math.floor(h);
  if (h < 720) return Math.floor(h / 6) * 6;
  if (h < OPEN_BUCKET_HOURS) return Math.floor(h / 24) * 24;
  return OPEN_BUCKET_HOURS;
}

export function bucketWidthHours(lower: number): number {
  if (lower < 72) return 1;
  if (lower < 720) return 6;
  if (lower < OPEN_BUCKET_HOURS) return 24;
  return 0;
}

/**
 * The p-quantile (0…1) in hours from a histogram, interpolating linearly inside the bucket that
 * holds it; null without data.
 */
export function quantileFromBuckets(buckets: { bucket_hours: number; n: number }[], p: number): number | null {
  const sorted = buckets.filter((b) => b.n > 0).sort((a, b) => a.bucket_hours - b.bucket_hours);
  const total = sorted.reduce((s, b) => s + b.n, 0);
  if (!total) return null;
  const target = Math.min(Math.max(p, 0), 1) * total;
  let before = 0;
  for (const b of sorted) {
    if (before + b.n >= target) {
      return b.bucket_hours + bucketWidthHours(b.bucket_hours) * ((target - before) / b.n);
    }
    before += b.n;
  }
  const last = sorted[sorted.length - 1]!;
  return last.bucket_hours + bucketWidthHours(last.bucket_hours);
}
