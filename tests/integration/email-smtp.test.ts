import net from "node:net";
import { fakeSmtp } from "../helpers/fake-smtp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const smtp = fakeSmtp();

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.server.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as net.AddressInfo;
  // Read by getEnv() on first use, which has not happened yet in this test file's process.
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MAIL_FROM = "Portal <no-reply@portal.test>";
});
afterAll(() => new Promise<void>((resolve) => smtp.server.close(() => resolve())));

describe("sendEmail with SMTP_URL", () => {
  it("sends through SMTP (nodemailer) and writes nothing to the outbox", async () => {
    const { sendEmail, readOutbox } = await import("../../app/modules/notifications/email.server");
    await sendEmail({ to: "owner@example.com", subject: "Reset your password", text: "The link: https://portal.test/reset-password/x" });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toContain("Subject: Reset your password");
    expect(smtp.messages[0]).toContain("To: owner@example.com");
    expect(smtp.messages[0]).toMatch(/From: Portal <no-reply@portal\.test>/);
    expect(await readOutbox("owner@example.com")).toEqual([]);
  });
});

describe("the outbox with SMTP_URL", () => {
  it("delivers waiting mail once, keeps the subject and drops the body after delivery", async () => {
    const { enqueueEmail, deliverOutbox } = await import("../../app/modules/notifications/email.server");
    const { getDb } = await import("../../db/client");
    const db = getDb();
    const before = smtp.messages.length;
    await db.transaction().execute(async (trx) => {
      await enqueueEmail(trx, { to: "queue@example.com", subject: "SF-2026-000001 submitted", text: "Your application is in." }, new Date());
      await enqueueEmail(trx, { to: "queue@example.com", subject: "SF-2026-000002 submitted", text: "Another one." }, new Date());
    });
    // Written in a transaction that rolls back: never sent.
    await db
      .transaction()
      .execute(async (trx) => {
        await enqueueEmail(trx, { to: "queue@example.com", subject: "rolled back", text: "x" }, new Date());
        throw new Error("roll back");
      })
      .catch(() => {});
    expect(await deliverOutbox()).toEqual({ sent: 2, failed: 0 });
    expect(smtp.messages.length - before).toBe(2);
    expect(smtp.messages.at(-1)).toContain("Subject: SF-2026-000002 submitted");
    expect(await deliverOutbox()).toEqual({ sent: 0, failed: 0 });
    const rows = await db
      .selectFrom("outbox")
      .select(["subject", "body_text", "sent_at", "attempts"])
      .where("to_address", "=", "queue@example.com")
      .orderBy("id")
      .execute();
    expect(rows.map((r) => r.subject)).toEqual(["SF-2026-000001 submitted", "SF-2026-000002 submitted"]);
    expect(rows.every((r) => r.sent_at !== null && r.body_text === "" && r.attempts === 1)).toBe(true);
  });
});
