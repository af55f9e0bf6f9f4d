import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { renderMetrics, registerQueueCollector } from "../../app/shared/metrics.server";
import { outboxStats, outboxStatsQuery, smsStats } from "../../app/modules/review/queue-metrics.server";
import { onPostgres } from "../helpers/pg-admin";

const db = getDb();
const now = new Date("2026-11-29T10:00:00.000Z");

async function mail(createdAt: string, { sent = false, attempts = 0 } = {}) {
  await db
    .insertInto("outbox")
    .values({ to_address: "someone@test.example", subject: "s", body_text: "b", created_at: createdAt, sent_at: sent ? createdAt : null, attempts })
    .execute();
}

afterAll(async () => {
  await db.schema.dropTable("sms_outbox").ifExists().execute();
});

describe("queue metrics read at scrape time", () => {
  it("counts the waiting outbox mail, its oldest age, and the mail that ran out of attempts", async () => {
    await db.deleteFrom("outbox").execute();
    expect(await outboxStats({ db, now })).toEqual({ backlog: 0, failed: 0, oldestAgeSeconds: 0 });
    await mail("2026-11-29T09:00:00.000Z", { sent: true });
    await mail("2026-11-29T09:50:00.000Z");
    await mail("2026-11-29T09:59:00.000Z", { attempts: 3 });
    await mail("2026-11-29T08:00:00.000Z", { attempts: 10 });
    expect(await outboxStats({ db, now })).toEqual({ backlog: 2, failed: 1, oldestAgeSeconds: 600 });
  });

  // SQLite's plan shows the index; PostgreSQL's planner rightly prefers a scan of a tiny table.
  it.skipIf(onPostgres)("reads the waiting messages through an index, not a scan of every message", async () => {
    const query = outboxStatsQuery(db).compile();
    const { rows } = await db.executeQuery<{ detail: string }>({ ...query, sql: `explain query plan ${query.sql}` });
    const plan = rows.map((r) => r.detail).join(" ");
    expect(plan).toMatch(/USING (COVERING )?INDEX outbox_waiting/);
    expect(plan).not.toMatch(/SCAN outbox/);
  });

  it("reads the SMS outbox (sms_outbox, from the rapid-payment migrations) the same way", async () => {
    expect(await smsStats({ db, now })).toEqual({ backlog: 0, oldestAgeSeconds: 0 });
    await sql`insert into sms_outbox (to_phone, body_text, created_at, sent_at) values ('01012345678', 'a', '2026-11-29T09:59:30.000Z', null), ('01012345678', 'b', '2026-11-29T09:00:00.000Z', '2026-11-29T09:00:01.000Z')`.execute(
      db,
    );
    expect(await smsStats({ db, now })).toEqual({ backlog: 1, oldestAgeSeconds: 30 });
  });

  it("shows a registered queue in the exposition and survives a collector that fails", async () => {
    registerQueueCollector("test-email", () => outboxStats({ db, now }));
    registerQueueCollector("broken", () => Promise.reject(new Error("no database")));
    await renderMetrics();
    // A failure is counted while the scrape runs, so the next scrape shows it.
    const { body } = await renderMetrics();
    expect(body).toContain('portal_queue_backlog{queue="test-email"} 2');
    expect(body).toContain('portal_queue_oldest_age_seconds{queue="test-email"} 600');
    expect(body).toContain('portal_queue_failed{queue="test-email"} 1');
    expect(body).toContain('portal_metrics_collector_errors_total{collector="queue:broken"} 1');
    expect(body).not.toContain('queue="broken"}');
  });
});
