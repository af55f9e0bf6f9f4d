import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { confirmOwnershipFixture, createBusiness, createUser, seedCatalogue } from "../helpers/fixtures";
import { listCsv, listRow } from "../helpers/verified-list";
import { createImport, runImports } from "../../app/modules/rapid/verified-lists.server";
import { rapidApply, getRapidPage } from "../../app/modules/rapid/rapid.server";
import { entitlementsForOwner, sendEntitlementNotices } from "../../app/modules/rapid/entitlements.server";
import { deliverSms } from "../../app/modules/notifications/sms.server";
import { saveFacts, startApplication, submitApplication, addDocument } from "../../app/modules/applications/applications.server";
import { seoulToday } from "../../app/modules/catalogue/programme-window";
import { addDays } from "../../app/modules/catalogue/opening-schedule";
import { verifyAuditChain } from "../../app/modules/audit/audit.server";
import { pdfBytes } from "../helpers/fixtures";
import { restrictedRestaurantForm } from "../helpers/facts";
import { giveAccount } from "../helpers/payments";

const db = () => getDb();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rapid-"));
let round = 0;
const account = { bankCode: "004", accountNumber: "123-456-789012", holderName: "김민지" };

async function businessNumber(id: number) {
  return (await db().selectFrom("businesses").select("registration_number").where("id", "=", id).executeTakeFirstOrThrow()).registration_number;
}

async function list(rows: ReturnType<typeof listRow>[]) {
  round++;
  const file = path.join(tmp, `r${round}.csv`);
  fs.writeFileSync(file, listCsv(rows));
  const supervisor = await createUser(db(), "supervisor");
  const created = await createImport({
    programmeSlug: "support-fund",
    round,
    fileName: "r.csv",
    uploadedPath: file,
    encoding: "auto",
    actor: { id: supervisor.id, label: supervisor.email },
  });
  if (!created.ok) throw new Error(created.message.en);
  await runImports();
  return (await db().selectFrom("verified_imports").select("list_id").where("id", "=", created.importId).executeTakeFirstOrThrow()).list_id;
}

async function listedOwner(overrides: Partial<ReturnType<typeof listRow>> = {}, { confirmed = true } = {}) {
  const owner = await createUser(db());
  const businessId = await createBusiness(db(), owner.id, {}, { confirmed });
  const number = await businessNumber(businessId);
  const listId = await list([listRow({ registration_number: number, ...overrides })]);
  return { owner, businessId, number, listId };
}

async function setSchedule(json: string | null, opensOn = seoulToday()) {
  await db().updateTable("programmes").set({ opening_schedule: json, opens_on: opensOn }).where("slug", "=", "support-fund").execute();
}

beforeAll(async () => {
  await seedCatalogue(db());
  process.env.VERIFIED_LIST_DIR = path.join(tmp, "stored");
});

describe("one-step application", () => {
  it("approves at once when the verified facts pass the rules, decided by the system", async () => {
    await setSchedule(null);
    const { owner, businessId, listId } = await listedOwner({ covid_measure: "closure", amount_krw: "3000000" });
    const page = await getRapidPage({ ownerId: owner.id, programmeSlug: "support-fund" });
    expect(page).toMatchObject({ ok: true, listed: [{ businessId, amountKrw: 3_000_000 }] });

    const result = await rapidApply({ ownerId: owner.id, programmeSlug: "support-fund", businessId, account, declared: true });
    expect(result).toMatchObject({ ok: true, outcome: "approved", amountKrw: 3_000_000, alreadySubmitted: false });
    if (!result.ok) return;
    expect(result.reference).toMatch(/^SF-\d{4}-\d{6}$/);
    const app = await db().selectFrom("applications").selectAll().where("reference", "=", result.reference).executeTakeFirstOrThrow();
    expect(app).toMatchObject({ status: "approved", award_amount_krw: 3_000_000, owner_id: owner.id });
    const events = await db()
      .selectFrom("status_events")
      .select(["from_status", "to_status", "action", "actor_role", "actor_id"])
      .where("application_id", "=", app.id)
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { from_status: null, to_status: "submitted", action: "submit", actor_role: "owner", actor_id: owner.id },
      { from_status: "submitted", to_status: "approved", action: "auto_approve", actor_role: "system", actor_id: null },
    ]);
    expect(await db().selectFrom("rapid_decisions").selectAll().where("application_id", "=", app.id).executeTakeFirstOrThrow()).toMatchObject({
      outcome: "approved",
      list_id: listId,
      amount_krw: 3_000_000,
    });
    expect(await db().selectFrom("payout_accounts").selectAll().where("application_id", "=", app.id).executeTakeFirstOrThrow()).toMatchObject({
      bank_code: "004",
      account_number: "123456789012",
      holder_name: "김민지",
    });
    const audit = await db()
      .selectFrom("audit_log")
      .select(["actor_label", "details"])
      .where("action", "=", "application.auto_approve")
      .where("target_id", "=", result.reference)
      .executeTakeFirstOrThrow();
    expect(audit.actor_label).toBe("system");
    expect(JSON.parse(audit.details)).toMatchObject({ listId, rulesVersion: 1, amountKrw: 3_000_000 });
    expect((await verifyAuditChain(db())).ok).toBe(true);

    // A retried POST gives the same answer and changes nothing.
    expect(await rapidApply({ ownerId: owner.id, programmeSlug: "support-fund", businessId, account, declared: true })).toEqual({
      ...result,
      alreadySubmitted: true,
    });
  });

  it("refuses a listed business not proven the owner's: being on the list is no proof of who asks", async () => {
    const { owner, businessId } = await listedOwner({}, { confirmed: false });
    expect((await getRapidPage({ ownerId: owner.id, programmeSlug: "support-fund" })) as { listed: Array<{ confirmed: boolean }> }).toMatchObject({
      listed: [{ businessId, confirmed: false }],
    });
    expect(await rapidApply({ ownerId: owner.id, programmeSlug: "support-fund", businessId, account, declared: true })).toEqual({
      ok: false,
      reason: "ownership_unconfirmed",
    });
    expect(await db().selectFrom("applications").select("id").where("business_id", "=", businessId).execute()).toEqual([]);
    expect(await db().selectFrom("payments").select("id").execute()).toEqual([]);
    await confirmOwnershipFixture(db(), owner.id, businessId);
    expect(await rapidApply({ ownerId: owner.id, programmeSlug: "support-fund", businessId, account, declared: true })).toMatchObject({
      ok: true,
      outcome: "approved",
    });
  });

  it("joins the normal queue with the reason when the rules do not pass", async () => {
    await setSchedule(null);
    const { owner, businessId } = await listedOwner({ opened_on: "2020-12-15" });
    const result = await rapidApply({ ownerId: owner.id, programmeSlug: "support-fund", businessId, account, declared: true });
    expect(result).toMatchObject({ ok: true, outcome: "queued", amountKrw: null });
    if (!result.ok) return;
    const app = await db()
      .selectFrom("applications")
      .select(["id", "status", "award_amount_krw"])
      .where("reference", "=", result.reference)
      .executeTakeFirstOrThrow();
    expect(app).toMatchObject({ status: "submitted", award_amount_krw: null });
    const decision = await db().selectFrom("rapid_decisions").selectAll().where("application_id", "=", app.id).executeTakeFirstOrThrow();
    expect(JSON.parse(decision.reason!).en).toMatch(/30 November 2020/);
  });

  it("refuses an owner not on the list, a bad account and a missing declaration, clearly", async () => {
    await setSchedule(null);
    const owner = await createUser(db());
    const businessId = await createBusiness(db(), owner.id);
    expect(await getRapidPage({ ownerId: owner.id, programmeSlug: "support-fund" })).toMatchObject({ ok: true, listed: [] });
    expect(await rapidApply({ ownerId: owner.id, programmeSlug: "support-fund", businessId, account, declared: true })).toEqual({
      ok: false,
      reason: "not_listed",
    });
    const stranger = await listedOwner();
    expect(await rapidApply({ ownerId: owner.id, programmeSlug: "support-fund", businessId: stranger.businessId, account, declared: true })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(
      await rapidApply({
        ownerId: stranger.owner.id,
        programmeSlug: "support-fund",
        businessId: stranger.businessId,
        account: { ...account, accountNumber: "12-34" },
        declared: true,
      }),
    ).toMatchObject({
      ok: false,
      reason: "account",
      errors: { accountNumber: { en: expect.stringMatching(/10 to 14 digits/) } },
    });
    expect(
      await rapidApply({ ownerId: stranger.owner.id, programmeSlug: "support-fund", businessId: stranger.businessId, account, declared: false }),
    ).toEqual({ ok: false, reason: "declaration" });
  });

  it("enforces the staggered opening in the transaction, for rapid and normal submissions, and says when", async () => {
    const today = seoulToday();
    // Day 1 is today for odd numbers, tomorrow for even ones: find a business on its wrong day.
    await setSchedule(JSON.stringify({ days: [{ lastDigits: [1, 3, 5, 7, 9] }, { lastDigits: [0, 2, 4, 6, 8] }] }), today);
    let listed = await listedOwner();
    while (Number(listed.number.slice(-1)) % 2 === 1) listed = await listedOwner();
    const refused = await rapidApply({
      ownerId: listed.owner.id,
      programmeSlug: "support-fund",
      businessId: listed.businessId,
      account,
      declared: true,
    });
    expect(refused).toMatchObject({
      ok: false,
      reason: "not_your_day",
      availableFrom: addDays(today, 1),
      message: { en: expect.stringMatching(/may apply from .* \(Korea time\)/), ko: expect.stringMatching(/부터 신청할 수 있습니다/) },
    });
    expect(await db().selectFrom("applications").select("id").where("business_id", "=", listed.businessId).execute()).toHaveLength(0);
    // The day after, the same owner gets through.
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    expect(
      await rapidApply(
        { ownerId: listed.owner.id, programmeSlug: "support-fund", businessId: listed.businessId, account, declared: true },
        { now: tomorrow },
      ),
    ).toMatchObject({ ok: true });

    // The normal submission checks the same schedule inside its transaction.
    const owner = await createUser(db());
    let businessId = await createBusiness(db(), owner.id);
    while (Number((await businessNumber(businessId)).slice(-1)) % 2 === 1) businessId = await createBusiness(db(), owner.id);
    const started = await startApplication({ ownerId: owner.id, businessId, programmeSlug: "support-fund" });
    if (!started.ok) throw new Error(started.reason);
    await saveFacts({ key: started.key, ownerId: owner.id, form: restrictedRestaurantForm() });
    await giveAccount(started.key, owner.id);
    await addDocument({ key: started.key, ownerId: owner.id, requirementCode: "business-registration", fileName: "r.pdf", bytes: pdfBytes() });
    expect(await submitApplication({ key: started.key, ownerId: owner.id, declared: true })).toMatchObject({
      ok: false,
      reason: "not_your_day",
      availableFrom: addDays(today, 1),
    });
    expect(await submitApplication({ key: started.key, ownerId: owner.id, declared: true }, { now: tomorrow })).toMatchObject({ ok: true });
    await setSchedule(null);
  });
});

describe("entitlement notices", () => {
  it("tells each listed business with an account once (in-app, email, SMS), in batches, and a later registration too", async () => {
    await setSchedule(null);
    const owners = await Promise.all(
      [1, 2, 3].map(async () => {
        const owner = await createUser(db());
        const businessId = await createBusiness(db(), owner.id);
        return { owner, businessId, number: await businessNumber(businessId) };
      }),
    );
    const listId = await list(
      owners.map((o, i) =>
        listRow({
          registration_number: o.number,
          amount_krw: String(1_000_000 * (i + 1)),
          covid_measure: i === 0 ? "none" : i === 1 ? "restriction" : "closure",
        }),
      ),
    );
    const first = await sendEntitlementNotices({ listId, batchSize: 2 });
    expect(first.sent).toBe(3);
    expect((await sendEntitlementNotices({ listId, batchSize: 2 })).sent).toBe(0);
    const notices = await db().selectFrom("entitlement_notices").select("entry_id").execute();
    expect(new Set(notices.map((n) => n.entry_id)).size).toBe(notices.length);
    const n = await db()
      .selectFrom("notifications")
      .select(["params"])
      .where("user_id", "=", owners[1]!.owner.id)
      .where("kind", "=", "entitlement")
      .execute();
    expect(n).toHaveLength(1);
    expect(JSON.parse(n[0]!.params).text.en).toMatch(/KRW 2,000,000\. You may apply in one step, without documents, from /);
    const mail = await db().selectFrom("outbox").select("body_text").where("to_address", "=", owners[1]!.owner.email).execute();
    expect(mail.filter((m) => m.body_text.includes("2,000,000원"))).toHaveLength(1);
    const sms = await db().selectFrom("sms_outbox").select(["to_phone", "body_text"]).where("body_text", "like", "%2,000,000원%").execute();
    expect(sms).toEqual([{ to_phone: "01012345678", body_text: expect.stringMatching(/applications\/rapid\?programme=support-fund/) }]);

    // The database itself refuses a second notice for the same entitlement.
    await expect(
      db()
        .insertInto("entitlement_notices")
        .values({
          entry_id: (await db().selectFrom("entitlement_notices").select("entry_id").executeTakeFirstOrThrow()).entry_id,
          business_id: owners[0]!.businessId,
          user_id: owners[0]!.owner.id,
          first_day: "2026-01-01",
          created_at: "x",
        })
        .execute(),
    ).rejects.toThrow();

    // A business registered after the list was sent sees its entitlement as soon as its number matches.
    const late = await createUser(db());
    const lateBusiness = await createBusiness(db(), late.id);
    expect(await entitlementsForOwner(late.id)).toEqual([]);
    const lateList = await list([listRow({ registration_number: await businessNumber(lateBusiness), amount_krw: "2000000" })]);
    expect(await entitlementsForOwner(late.id, { programmeSlug: "support-fund" })).toMatchObject([
      { businessId: lateBusiness, amountKrw: 2_000_000, programmeSlug: "support-fund" },
    ]);
    expect((await sendEntitlementNotices({ listId: lateList })).sent).toBe(1);
    expect((await sendEntitlementNotices({ listId: lateList })).sent).toBe(0);
  });

  it("delivers texts to an HTTP provider (fake, on loopback) and retries a failure", async () => {
    const received: unknown[] = [];
    let fail = true;
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (fail) {
          fail = false;
          res.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(body));
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
    try {
      await db().updateTable("sms_outbox").set({ sent_at: "done" }).where("sent_at", "is", null).execute();
      await db().insertInto("sms_outbox").values({ to_phone: "01099998888", body_text: "hello", created_at: new Date().toISOString() }).execute();
      const lines: string[] = [];
      expect(await deliverSms({ url: undefined, log: (l) => lines.push(l) })).toMatchObject({ sent: 0, waiting: 1 });
      expect(lines[0]).toMatch(/1 text\(s\) waiting in sms_outbox \(SMS_URL is not set\)/);
      expect(await deliverSms({ url, log: () => {} })).toMatchObject({ sent: 0, failed: 1 });
      expect(await deliverSms({ url, log: () => {} })).toMatchObject({ sent: 1, failed: 0 });
      expect(received).toEqual([{ to: "01099998888", text: "hello" }]);
      expect(await deliverSms({ url, log: () => {} })).toMatchObject({ sent: 0, failed: 0 });
      const row = await db().selectFrom("sms_outbox").selectAll().where("to_phone", "=", "01099998888").executeTakeFirstOrThrow();
      expect(row).toMatchObject({ attempts: 2, last_error: null });
      expect(row.sent_at).not.toBeNull();
    } finally {
      server.close();
    }
  });
});
