/**
 * The SMS port: texts are written to `sms_outbox` in the caller's transaction (so a text exists
 * exactly when the change it reports does), then delivered. With SMS_URL set, `deliverSms` POSTs
 * each waiting text as JSON `{ "to": "01012345678", "text": "…" }` to the provider and marks it sent
 * on a 2xx answer (retried up to 10 times otherwise); unset, texts stay in the outbox and are logged.
 */
import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { getEnv } from "~/shared/env.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** Digits only; a Korean mobile number keeps its leading 0 (010…). */
export function normalisePhone(phone: string): string {
  return phone.replace(/[^\d+]/g, "").slice(0, 20);
}

export async function enqueueSms(executor: Executor, { to, text }: { to: string; text: string }, now: Date): Promise<void> {
  await executor
    .insertInto("sms_outbox")
    .values({ to_phone: normalisePhone(to), body_text: text, created_at: now.toISOString() })
    .execute();
}

export async function deliverSms({
  db = getDb(),
  limit = 200,
  url = getEnv().SMS_URL,
  log = (line: string) => console.log(line),
  now = () => new Date(),
}: { db?: Kysely<Database>; limit?: number; url?: string; log?: (line: string) => void; now?: () => Date } = {}): Promise<{
  sent: number;
  failed: number;
  waiting: number;
}> {
  const waiting = await db
    .selectFrom("sms_outbox")
    .select(["id", "to_phone", "body_text", "attempts"])
    .where("sent_at", "is", null)
    .where("attempts", "<", 10)
    .orderBy("id")
    .limit(limit)
    .execute();
  if (!url) {
    if (waiting.length) log(`${now().toISOString()} sms: ${waiting.length} text(s) waiting in sms_outbox (SMS_URL is not set)`);
    return { sent: 0, failed: 0, waiting: waiting.length };
  }
  let sent = 0;
  let failed = 0;
  for (const m of waiting) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ to: m.to_phone, text: m.body_text }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`provider answered ${response.status}`);
      await db
        .updateTable("sms_outbox")
        .set({ sent_at: now().toISOString(), attempts: m.attempts + 1, last_error: null })
        .where("id", "=", m.id)
        .execute();
      sent++;
    } catch (error) {
      await db
        .updateTable("sms_outbox")
        .set({ attempts: m.attempts + 1, last_error: (error as Error).message.slice(0, 500) })
        .where("id", "=", m.id)
        .execute();
      failed++;
    }
  }
  if (sent || failed) log(`${now().toISOString()} sms: ${sent} sent, ${failed} failed`);
  return { sent, failed, waiting: waiting.length - sent };
}
