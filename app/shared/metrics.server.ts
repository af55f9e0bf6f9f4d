/**
 * The portal's Prometheus metrics (prom-client) and the small functions other modules call to move
 * them. Importing this module costs nothing at run time: counters are plain objects, and the
 * process metrics (event loop, heap, RSS, GC) start only when the server calls `startMetrics()`.
 *
 * Every label set is bounded: route patterns (not URLs), methods, status codes, programme slugs and
 * a few fixed words. Never a user id, an email, a reference or anything a person typed.
 * docs/operations.md explains each family and what to do when it moves.
 */
import client from "prom-client";

export const registry = new client.Registry();

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = new client.Counter({
  name: "portal_http_requests_total",
  help: "HTTP requests answered, by Remix route pattern (or bucket: static, unmatched, other), method and status code.",
  labelNames: ["route", "method", "status"] as const,
  registers: [registry],
});

export const httpDuration = new client.Histogram({
  name: "portal_http_request_duration_seconds",
  help: "Time from the request's arrival to the last byte of the response, by route pattern, method and status code.",
  labelNames: ["route", "method", "status"] as const,
  buckets: HTTP_BUCKETS,
  registers: [registry],
});

export const httpInFlight = new client.Gauge({
  name: "portal_http_requests_in_flight",
  help: "Requests being answered right now.",
  registers: [registry],
});

const slowQueries = new client.Counter({
  name: "portal_db_slow_queries_total",
  help: "Database queries slower than SLOW_QUERY_MS, by route pattern.",
  labelNames: ["route"] as const,
  registers: [registry],
});

const transactionRetries = new client.Counter({
  name: "portal_db_transaction_retries_total",
  help: "Transactions run again after a serialization failure or deadlock (PostgreSQL).",
  labelNames: ["reason"] as const,
  registers: [registry],
});

export type RetryReason = "serialization" | "deadlock" | "busy" | "other";

/** One more retry of a transaction (db/transaction.ts reports them through `onTransactionRetry`). */
export function recordTransactionRetry(reason: RetryReason = "other"): void {
  transactionRetries.inc({ reason });
}

export function recordSlowQuery(route: string): void {
  slowQueries.inc({ route });
}

// ---- Database pool (PostgreSQL). The pool owner registers a function read at scrape time.

export interface PoolStats {
  /** Connections checked out by a query or transaction. */
  inUse: number;
  /** Connections open but idle. */
  idle: number;
  /** Callers waiting for a connection: above 0 for long means the pool is saturated. */
  waiting: number;
  /** The pool's configured maximum. */
  max: number;
}

let poolStats: (() => PoolStats | null) | undefined;

/** Called once by db/client.ts when it opens a pool, e.g. `setPoolStats(() => ({ inUse: pool.totalCount - pool.idleCount, … }))`. */
export function setPoolStats(fn: (() => PoolStats | null) | undefined): void {
  poolStats = fn;
}

new client.Gauge({
  name: "portal_db_pool_connections",
  help: "Database pool connections by state (in_use, idle, waiting = callers queued for one, max). Absent on SQLite.",
  labelNames: ["state"] as const,
  registers: [registry],
  collect() {
    this.reset();
    const stats = poolStats?.();
    if (!stats) return;
    this.set({ state: "in_use" }, stats.inUse);
    this.set({ state: "idle" }, stats.idle);
    this.set({ state: "waiting" }, stats.waiting);
    this.set({ state: "max" }, stats.max);
  },
});

// ---- Admission control (the waiting room).

export type AdmissionOutcome = "admitted" | "queued" | "turned_away";

const admissions = new client.Counter({
  name: "portal_admission_total",
  help: "Admission control decisions: admitted at once, queued in the waiting room, turned away (room full).",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

/** The waiting room calls this once per decision. */
export function recordAdmission(outcome: AdmissionOutcome): void {
  admissions.inc({ outcome });
}

export interface AdmissionStats {
  /** Requests (or visitors) being served now. */
  active: number;
  /** Waiting in the room. */
  queued: number;
  /** Most the room holds before turning people away. */
  queueCapacity: number;
}

let admissionStats: (() => AdmissionStats | null) | undefined;

/** The waiting room registers a function read at scrape time. */
export function setAdmissionStats(fn: (() => AdmissionStats | null) | undefined): void {
  admissionStats = fn;
}

new client.Gauge({
  name: "portal_admission_current",
  help: "Admission control now: active (being served), queued (in the waiting room), queue_capacity.",
  labelNames: ["state"] as const,
  registers: [registry],
  collect() {
    this.reset();
    const stats = admissionStats?.();
    if (!stats) return;
    this.set({ state: "active" }, stats.active);
    this.set({ state: "queued" }, stats.queued);
    this.set({ state: "queue_capacity" }, stats.queueCapacity);
  },
});

// ---- Queues (email outbox, SMS): backlog and oldest age, asked of the database at scrape time.

export interface QueueStats {
  backlog: number;
  /** Age of the oldest waiting message, seconds; 0 when empty. */
  oldestAgeSeconds: number;
  /** Messages that ran out of delivery attempts and wait for a person. */
  failed?: number;
}

const queueCollectors = new Map<string, () => Promise<QueueStats | null>>();
const collectorErrors = new client.Counter({
  name: "portal_metrics_collector_errors_total",
  help: "Scrape-time collectors that failed (the metric is then missing from that scrape; the count shows from the next).",
  labelNames: ["collector"] as const,
  registers: [registry],
});

/**
 * Adds a queue to `portal_queue_backlog` / `portal_queue_oldest_age_seconds`. The function runs at
 * every scrape: keep it to one indexed query. Returning null leaves the queue out (no table yet).
 */
export function registerQueueCollector(queue: string, fn: () => Promise<QueueStats | null>): void {
  queueCollectors.set(queue, fn);
}

const queueSnapshot = new Map<string, QueueStats>();
async function collectQueues(): Promise<void> {
  queueSnapshot.clear();
  await Promise.all(
    [...queueCollectors].map(async ([queue, fn]) => {
      try {
        const stats = await fn();
        if (stats) queueSnapshot.set(queue, stats);
      } catch {
        collectorErrors.inc({ collector: `queue:${queue}` });
      }
    }),
  );
}

let pendingQueues: Promise<void> | undefined;
// Both gauges are collected in the same scrape: query once, share the answer.
function queuesOnce(): Promise<void> {
  pendingQueues ??= collectQueues().finally(() => setTimeout(() => (pendingQueues = undefined), 0));
  return pendingQueues;
}

new client.Gauge({
  name: "portal_queue_backlog",
  help: "Messages waiting to be delivered, by queue (email = outbox, sms).",
  labelNames: ["queue"] as const,
  registers: [registry],
  async collect() {
    await queuesOnce();
    this.reset();
    for (const [queue, stats] of queueSnapshot) this.set({ queue }, stats.backlog);
  },
});

new client.Gauge({
  name: "portal_queue_oldest_age_seconds",
  help: "Age of the oldest message still waiting, by queue; 0 when the queue is empty.",
  labelNames: ["queue"] as const,
  registers: [registry],
  async collect() {
    await queuesOnce();
    this.reset();
    for (const [queue, stats] of queueSnapshot) this.set({ queue }, stats.oldestAgeSeconds);
  },
});

new client.Gauge({
  name: "portal_queue_failed",
  help: "Messages that ran out of delivery attempts (they stay in the table for a person to look at), by queue.",
  labelNames: ["queue"] as const,
  registers: [registry],
  async collect() {
    await queuesOnce();
    this.reset();
    for (const [queue, stats] of queueSnapshot) if (stats.failed !== undefined) this.set({ queue }, stats.failed);
  },
});

// ---- Business counters, per programme slug (a bounded, staff-managed list).

const submissions = new client.Counter({
  name: "portal_applications_submitted_total",
  help: "Applications submitted (committed), by programme slug.",
  labelNames: ["programme"] as const,
  registers: [registry],
});
const autoApprovals = new client.Counter({
  name: "portal_applications_auto_approved_total",
  help: "Applications approved automatically (no caseworker), by programme slug.",
  labelNames: ["programme"] as const,
  registers: [registry],
});
const paymentsReleased = new client.Counter({
  name: "portal_payments_released_total",
  help: "Payments released, by programme slug.",
  labelNames: ["programme"] as const,
  registers: [registry],
});
const paymentsReleasedKrw = new client.Counter({
  name: "portal_payments_released_krw_total",
  help: "Amount of the payments released, KRW, by programme slug.",
  labelNames: ["programme"] as const,
  registers: [registry],
});

/** Call after the submission's transaction committed (never inside it: a retry would count twice). */
export function recordSubmission(programme: string): void {
  submissions.inc({ programme });
}

/** Call after the approving transaction committed. */
export function recordAutoApproval(programme: string): void {
  autoApprovals.inc({ programme });
}

/** Call after the payment's transaction committed; `amountKrw` is the amount released. */
export function recordPaymentReleased(programme: string, amountKrw: number | bigint = 0, count = 1): void {
  paymentsReleased.inc({ programme }, count);
  if (Number(amountKrw) > 0) paymentsReleasedKrw.inc({ programme }, Number(amountKrw));
}

/** Shows each programme at 0 from the start, so a rate over the first submission is not lost. */
export function initProgrammeSeries(programmes: readonly string[]): void {
  for (const programme of programmes) {
    submissions.inc({ programme }, 0);
    autoApprovals.inc({ programme }, 0);
    paymentsReleased.inc({ programme }, 0);
  }
}

let started = false;

/** Starts the process metrics (event-loop delay, heap, RSS, GC, handles); once, by the server. */
export function startMetrics(): void {
  if (started) return;
  started = true;
  client.collectDefaultMetrics({ register: registry });
  new client.Gauge({
    name: "portal_build_info",
    help: "Always 1; the labels say which Node.js runs the portal.",
    labelNames: ["node"] as const,
    registers: [registry],
  }).set({ node: process.version }, 1);
}

export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
