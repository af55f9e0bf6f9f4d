/**
 * What the metrics scrape asks the database: the email outbox's and the SMS queue's backlog and
 * oldest age, the PostgreSQL pool's connections, and the programme slugs to show at zero from the
 * start. One indexed query per queue (outbox: `outbox_waiting`), run only when Prometheus scrapes.
 */
import { sql, type Kysely } from "kysely";
import { configFromEnv, getDb, poolStats } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { initProgrammeSeries, registerQueueCollector, setPoolStats, type QueueStats } from "~/shared/metrics.server";

/** Messages are retried up to this many times (deliverOutbox), then wait for a person. */
const MAX_ATTEMPTS = 10;

function ageSeconds(oldest: string | null | undefined, now: Date): number {
  const at = oldest ? Date.parse(oldest) : NaN;
  return Number.isNaN(at) ? 0 : Math.max(0, (now.getTime() - at) / 1000);
}

/** One pass over the waiting rows only (index `outbox_waiting` on sent_at, id). */
export function outboxStatsQuery(db: Kysely<Database>) {
  return db
    .selectFrom("outbox")
    .select([
      sql<number>`sum(case when attempts < ${MAX_ATTEMPTS} then 1 else 0 end)`.as("waiting"),
      sql<number>`sum(case when attempts >= ${MAX_ATTEMPTS} then 1 else 0 end)`.as("failed"),
      sql<string | null>`min(case when attempts < ${MAX_ATTEMPTS} then created_at end)`.as("oldest"),
    ])
    .where("sent_at", "is", null);
}

export async function outboxStats({ db = getDb(), now = new Date() } = {}): Promise<QueueStats & { failed: number }> {
  const row = await outboxStatsQuery(db).executeTakeFirst();
  return { backlog: Number(row?.waiting ?? 0), failed: Number(row?.failed ?? 0), oldestAgeSeconds: ageSeconds(row?.oldest, now) };
}

const MISSING_TABLE = /no such table|does not exist|42P01/;

/**
 * The SMS queue, when its table exists. Assumes the outbox's shape (`sent_at` null while waiting,
 * `created_at` ISO text); the SMS work may register its own collector instead with
 * `registerQueueCollector("sms", …)`. Without the table, SMS is simply absent from the metrics.
 */
export async function smsStats({ db = getDb(), now = new Date(), table = "sms_outbox" } = {}): Promise<QueueStats | null> {
  try {
    const { rows } = await sql<{ waiting: number | null; oldest: string | null }>`
      select count(*) as waiting, min(created_at) as oldest from ${sql.table(table)} where sent_at is null`.execute(db);
    return { backlog: Number(rows[0]?.waiting ?? 0), oldestAgeSeconds: ageSeconds(rows[0]?.oldest, now) };
  } catch (error) {
    if (MISSING_TABLE.test(String((error as Error).message)) || (error as { code?: string }).code === "42P01") return null;
    throw error;
  }
}

/** Called once by the server when metrics are on. */
export async function registerQueueMetrics({ db = getDb() } = {}): Promise<void> {
  registerQueueCollector("email", () => outboxStats({ db }));
  registerQueueCollector("sms", () => smsStats({ db }));
  const max = configFromEnv().poolSize ?? 10;
  setPoolStats(() => {
    const pool = poolStats();
    return pool ? { inUse: pool.total - pool.idle, idle: pool.idle, waiting: pool.waiting, max } : null;
  });
  const programmes = await db.selectFrom("programmes").select("slug").execute();
  initProgrammeSeries(programmes.map((p) => p.slug));
}
