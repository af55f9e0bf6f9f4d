import type { Kysely, Transaction } from "kysely";
import nodemailer, { type Transporter } from "nodemailer";
import { getDb } from "../../db/client";
import type { Database } from "../../db/schema";
import { getEnv } from "~/lib/env.server";

/**
 * Mail that must not be lost: written to the outbox in the same transaction as the change it
 * reports (so a status change and its email commit together), then delivered by `deliverOutbox`
 * when a mail server is configured. Without SMTP_URL the messages stay in the outbox for developers
 * and tests to read.
 */
export interface OutboxMessage {
  to: string;
  subject: string;
  text: string;
}

export async function enqueueEmail(
  executor: Kysely<Database> | Transaction<Database>,
  message: OutboxMessage,
  now: Date,
): Promise<void> {
  await executor
    .insertInto("outbox")
    .values({ to_address: message.to, subject: message.subject, body_text: message.text, created_at: now.toISOString() })
    .execute();
}

let transport: Transporter | undefined;

/** Sends waiting messages (oldest first). Failures are recorded and retried on a later call. */
export async function deliverOutbox({ db = getDb(), limit = 50 }: { db?: Kysely<Database>; limit?: number } = {}) {
  const env = getEnv();
  if (!env.SMTP_URL) return { sent: 0, failed: 0 };
  transport ??= nodemailer.createTransport(env.SMTP_URL);
  const waiting = await db
    .selectFrom("outbox")
    .select(["id", "to_address", "subject", "body_text", "attempts"])
    .where("sent_at", "is", null)
    .where("attempts", "<", 10)
    .orderBy("id")
    .limit(limit)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const m of waiting) {
    try {
      await transport.sendMail({ from: env.MAIL_FROM, to: m.to_address, subject: m.subject, text: m.body_text });
      await db.updateTable("outbox").set({ sent_at: new Date().toISOString(), attempts: m.attempts + 1, last_error: null }).where("id", "=", m.id).execute();
      sent++;
    } catch (error) {
      await db
        .updateTable("outbox")
        .set({ attempts: m.attempts + 1, last_error: (error as Error).message.slice(0, 500) })
        .where("id", "=", m.id)
        .execute();
      failed++;
    }
  }
  return { sent, failed };
}
