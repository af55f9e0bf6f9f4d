/**
 * The one way the portal sends email. With SMTP_URL, through nodemailer; without it (development,
 * tests, a demo), the message is written to the `outbox` table and logged, so it can be read there.
 * The outbox holds reset links in clear, which is why production must set SMTP_URL.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { getDb } from "../../db/client";
import { getEnv } from "~/lib/env.server";

export interface Email {
  to: string;
  subject: string;
  text: string;
}

let transport: Transporter | undefined;

export async function sendEmail(email: Email, { now = new Date() } = {}): Promise<void> {
  const env = getEnv();
  if (env.SMTP_URL) {
    transport ??= nodemailer.createTransport(env.SMTP_URL);
    await transport.sendMail({ from: env.MAIL_FROM, to: email.to, subject: email.subject, text: email.text });
    console.log(`${now.toISOString()} email: sent "${email.subject}" by SMTP`);
    return;
  }
  await getDb()
    .insertInto("outbox")
    .values({ to_address: email.to, subject: email.subject, body_text: email.text, created_at: now.toISOString() })
    .execute();
  // The address and body are personal data and a secret link: only outside production, for developers.
  if (env.PORTAL_ENV !== "production") {
    console.log(`${now.toISOString()} email (outbox) to ${email.to}: ${email.subject}\n${email.text}`);
  } else {
    console.log(`${now.toISOString()} email: written to the outbox (SMTP_URL is not set)`);
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
