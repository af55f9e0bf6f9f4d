/**
 * The one module that sends email, two ways:
 * - `sendEmail`: now. With SMTP_URL, through nodemailer; without it (development, tests, a demo),
 *   the message is written to the `outbox` table and logged, so it can be read there. The outbox
 *   then holds reset links in clear, which is why production must set SMTP_URL.
 * - `enqueueEmail` + `deliverOutbox`: mail that reports a change is written to the outbox in the
 *   same transaction as the change (so neither exists without the other, and none is lost while the
 *   mail server is down), then delivered; a delivered message keeps its subject but not its body.
 */
import crypto from "node:crypto";
import type { ExpressionBuilder, Kysely, Transaction } from "kysely";
import { isPostgres } from "../../../db/dialect";
import nodemailer, { type Transporter } from "nodemailer";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { getEnv } from "~/shared/env.server";
import { getLogger } from "~/shared/logger.server";

export interface Email {
  to: string;
  subject: string;
  text: string;
}

let transport: Transporter | undefined;
function getTransport(url: string): Transporter {
  transport ??= nodemailer.createTransport(url);
  return transport;
}

export async function sendEmail(email: Email, { now = new Date() } = {}): Promise<void> {
  const env = getEnv();
  if (env.SMTP_URL) {
    await getTransport(env.SMTP_URL).sendMail({ from: env.MAIL_FROM, to: email.to, subject: email.subject, text: email.text });
    getLogger().info("email: sent by SMTP");
    return;
  }
  await getDb()
    .insertInto("outbox")
    .values({ to_address: email.to, subject: email.subject, body_text: email.text, created_at: now.toISOString() })
    .execute();
  // The address and body are personal data and a secret link: printed only on a developer's own
  // machine (PORTAL_ENV=development, demo data), never in test or production logs.
  if (env.PORTAL_ENV === "development") {
    console.log(`${now.toISOString()} email (outbox) to ${email.to}: ${email.subject}\n${email.text}`);
  } else {
    getLogger().info("email: written to the outbox (SMTP_URL is not set)");
  }
}

/** Development and tests: the latest messages written to the outbox for an address. */
export async function readOutbox(to: string) {
  return getDb()
    .selectFrom("outbox")
    .select(["id", "to_address", "subject", "body_text", "created_at"])
    .where("to_address", "=", to)
    .orderBy("id", "desc")
    .execute();
}

/** Writes a message to the outbox inside the caller's transaction; `deliverOutbox` sends it. */
export async function enqueueEmail(executor: Kysely<Database> | Transaction<Database>, email: Email, now: Date): Promise<void> {
  await executor
    .insertInto("outbox")
    .values({ to_address: email.to, subject: email.subject, body_text: email.text, created_at: now.toISOString() })
    .execute();
}

/**
 * Sends waiting outbox messages, oldest first, when a mail server is configured. Every node runs a
 * deliverer, so each first claims a handful of messages for a lease (PostgreSQL skips rows another
 * deliverer is claiming: FOR UPDATE SKIP LOCKED; SQLite serialises the claim): a message is sent by
 * one process only, and a claim left by a crashed process lapses. A failure is recorded (attempts,
 * last error) and retried on a later run, up to 10 attempts.
 */
export async function deliverOutbox({
  db = getDb(),
  limit = 50,
  leaseMs = 120_000,
  now = () => new Date(),
}: { db?: Kysely<Database>; limit?: number; leaseMs?: number; now?: () => Date } = {}): Promise<{ sent: number; failed: number }> {
  const env = getEnv();
  if (!env.SMTP_URL) return { sent: 0, failed: 0 };
  const stamp = now().toISOString();
  const token = crypto.randomUUID();
  const claimable = (eb: ExpressionBuilder<Database, "outbox">) =>
    eb.and([eb("sent_at", "is", null), eb("attempts", "<", 10), eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", stamp)])]);
  // The claim is chosen once, in a materialised CTE: as a plain IN (subquery) PostgreSQL may rescan
  // a LIMIT … FOR UPDATE SKIP LOCKED subquery per row, claiming far more than `limit`.
  const waiting = await db
    .with(
      (cte) => cte("claim").materialized(),
      (qb) =>
        qb
          .selectFrom("outbox")
          .select("id")
          .where(claimable)
          .orderBy("id")
          .limit(limit)
          .$if(isPostgres(db), (q) => q.forUpdate().skipLocked()),
    )
    .updateTable("outbox")
    .set({ claim_token: token, claimed_until: new Date(now().getTime() + leaseMs).toISOString() })
    .where("id", "in", (eb) => eb.selectFrom("claim").select("claim.id"))
    // Checked again on the row itself: a claim that committed meanwhile wins.
    .where(claimable)
    .returning(["id", "to_address", "subject", "body_text", "attempts"])
    .execute();
  waiting.sort((a, b) => a.id - b.id);
  let sent = 0;
  let failed = 0;
  for (const m of waiting) {
    try {
      await getTransport(env.SMTP_URL).sendMail({ from: env.MAIL_FROM, to: m.to_address, subject: m.subject, text: m.body_text });
      // Delivered: the body (personal data, links) need not rest in the database any longer.
      await db
        .updateTable("outbox")
        .set({ sent_at: now().toISOString(), attempts: m.attempts + 1, last_error: null, body_text: "", claim_token: null, claimed_until: null })
        .where("id", "=", m.id)
        .where("claim_token", "=", token)
        .execute();
      sent++;
    } catch (error) {
      await db
        .updateTable("outbox")
        .set({ attempts: m.attempts + 1, last_error: (error as Error).message.slice(0, 500), claim_token: null, claimed_until: null })
        .where("id", "=", m.id)
        .where("claim_token", "=", token)
        .execute();
      failed++;
    }
  }
  return { sent, failed };
}
