import fs from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { resultFile, splitCsvLine } from "../../app/modules/payments/payment-files";
import { addSession, addUser, client } from "../helpers/accounts";
import { CookieJar } from "../helpers/identity-provider";
import { startPortalWithServices, type PortalWithServices } from "../helpers/portal-with-services";
import { ROOT, type RunningServer } from "../helpers/server";
import { listCsv, listedNumber, listRow } from "../helpers/verified-list";

/**
 * A stranger's attempt on a listed business, end to end over HTTP (docs/identity.md): everything
 * public about the business typed right, their own identity verified, and still no money moves;
 * then the real representative arrives, takes the number over, applies in one step and is paid,
 * and the stranger is told and sees nothing of the business any more. The built server, the local
 * identity provider and the local business register run as real processes on a fresh database.
 */

// The business the stranger goes for: the local register's record (its representative is the
// provider's test person 박똠), put on the verified list among 199 others.
const NUMBER = "1010000017";
const SHOWN = "101-00-00017";
const record = (
  JSON.parse(fs.readFileSync(path.join(ROOT, "tools/business-register/businesses.json"), "utf8")) as {
    businesses: Array<{ number: string; openedOn: string; representatives: string[]; tradeName: string }>;
  }
).businesses.find((b) => b.number === NUMBER)!;
const REPRESENTATIVE = { sub: "test-person-0002", name: "박똠" };
const STRANGER_PERSON = { sub: "test-person-0003", name: "이몽룡" };
const AMOUNT = 2_000_000;
const PROGRAMME = "support-fund";
const RAPID = `/applications/rapid?programme=${PROGRAMME}`;

let portal: PortalWithServices;
let server: RunningServer;
let db: Kysely<Database>;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  portal = await startPortalWithServices({ bank: true });
  ({ server, db } = portal);
  http = client(server);
}, 40_000);
afterAll(async () => {
  await portal?.stop();
});

/** Someone with a browser: registers, confirms their email, verifies who they are, fills in forms. */
class Visitor {
  readonly jar = new CookieJar();
  id = 0;
  constructor(readonly email: string) {}

  /** A page, following redirects like a browser. */
  async open(pathname: string) {
    const { response, url } = await this.jar.browse(`${server.url}${pathname}`);
    return { status: response!.status, url, html: await response!.text() };
  }

  /** A form post: a redirect is reported (where to), not followed; a page is read. */
  async send(pathname: string, fields: Record<string, string>) {
    const { response, url } = await this.jar.browse(
      `${server.url}${pathname}`,
      {
        method: "POST",
        headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      },
      /./,
    );
    if (!response) return { status: 303, redirectedTo: url.slice(server.url.length), html: "" };
    return { status: response.status, redirectedTo: null, html: await response.text() };
  }

  async registerAndConfirm() {
    const registered = await this.send("/register", { consent: "yes", email: this.email, password: "a long passphrase of my own" });
    expect(registered.redirectedTo).toBe("/applications");
    this.id = (await db.selectFrom("users").select("id").where("email", "=", this.email).executeTakeFirstOrThrow()).id;
    const mail = await db
      .selectFrom("outbox")
      .select("body_text")
      .where("to_address", "=", this.email)
      .where("body_text", "like", "%/verify-email/%")
      .executeTakeFirstOrThrow();
    const link = new URL(mail.body_text.match(/https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]{43}/)![0]).pathname;
    expect((await this.open(link)).html).toContain("Your email address is confirmed");
    const row = await db.selectFrom("users").select("email_verified_at").where("id", "=", this.id).executeTakeFirstOrThrow();
    expect(row.email_verified_at).not.toBeNull();
  }

  /** Identity verification through the provider's own form, as one of its test people. */
  async verifyAs(person: { sub: string; name: string }) {
    const { response } = await this.jar.browse(`${server.url}/account/identity`, {
      method: "POST",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ returnTo: "/account" }).toString(),
    });
    const action = (await response!.text()).match(/action="(\/interaction\/[\w-]+\/login)"/)![1]!;
    const back = await this.jar.browse(
      `${portal.provider.issuer}${action}`,
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ person: person.sub }).toString(),
      },
      /\/account$/,
    );
    expect(back.url).toBe(`${server.url}/account`);
    const page = await this.open("/account/identity");
    expect(page.html).toContain("Your identity is verified");
    expect(page.html).toContain(person.name);
  }
}

/** The business form as someone types it: the public trade name and representative, their own contact details. */
function businessForm(contact: { phone: string; address: string }) {
  return {
    tradeName: record.tradeName,
    registrationNumber: SHOWN,
    representativeName: record.representatives[0]!,
    phone: contact.phone,
    address: contact.address,
    region: "seoul",
    sector: "food_service",
    employees: "2",
    openedOn: record.openedOn,
  };
}

/** Each person's own account at the local bank (tools/fake-bank/accounts.json). */
const ACCOUNTS: Record<string, { bankCode: string; accountNumber: string }> = {
  이몽룡: { bankCode: "020", accountNumber: "1002-123-456789" },
  박똠: { bankCode: "088", accountNumber: "110-123-456789" },
};
const payout = (holderName: string) => ({ ...ACCOUNTS[holderName]!, holderName, declaration: "yes" });

async function auditOf(actorId: number) {
  const rows = await db
    .selectFrom("audit_log")
    .select(["action", "target_type", "target_id"])
    .where("actor_id", "=", actorId)
    .orderBy("id")
    .execute();
  return rows;
}

async function paymentsForBusiness(businessId: number) {
  return db
    .selectFrom("payments")
    .innerJoin("applications", "applications.id", "payments.application_id")
    .select(["payments.batch_id", "payments.state", "payments.amount_krw", "payments.holder_name", "applications.owner_id", "applications.reference"])
    .where("applications.business_id", "=", businessId)
    .execute();
}

async function staff(email: string, role: "supervisor" | "admin" | "caseworker") {
  const user = await addUser(db, email, role);
  return { user, cookie: (await addSession(db, user.id)).cookie };
}

describe("a stranger's attempt on a listed business, over HTTP", () => {
  it("gives the stranger nothing, then moves the number to its proven representative, who applies in one step and is paid", async () => {
    // A supervisor imports a verified list of 200 businesses; ours is one of them.
    const supervisor = await staff("stranger-supervisor@test.example", "supervisor");
    const rows = Array.from({ length: 199 }, (_, i) => listRow({ registration_number: listedNumber(i + 1), trade_name: `명단 상호 ${i + 1}` }));
    rows.splice(
      137,
      0,
      listRow({ registration_number: NUMBER, trade_name: record.tradeName, representative: REPRESENTATIVE.name, opened_on: record.openedOn }),
    );
    const form = new FormData();
    form.set("programme", PROGRAMME);
    form.set("round", "1");
    form.set("encoding", "auto");
    form.set("file", new Blob([Buffer.from(listCsv(rows))], { type: "text/csv" }), "list.csv");
    const uploaded = await fetch(`${server.url}/admin/verified-lists`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, Cookie: supervisor.cookie, "Accept-Language": "en" },
      body: form,
    });
    expect(uploaded.status).toBe(302);
    let status = "";
    for (let i = 0; i < 100 && status !== "done"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await db.selectFrom("verified_imports").select("status").orderBy("id", "desc").executeTakeFirst())?.status ?? "";
    }
    expect(status).toBe("done");
    const listed = await db.selectFrom("verified_entries").select(["registration_number", "amount_krw"]).execute();
    expect(listed).toHaveLength(200);
    expect(listed.find((e) => e.registration_number === NUMBER)?.amount_krw).toBe(AMOUNT);

    // 1. The stranger: their own email, the business's public name and representative typed right.
    const stranger = new Visitor("stranger@example.com");
    await stranger.registerAndConfirm();
    const added = await stranger.send("/account/businesses/new", businessForm({ phone: "010-9999-0000", address: "낯선 사람의 주소 1" }));
    expect(added.redirectedTo).toBe("/account/businesses?notice=created");
    const business = await db.selectFrom("businesses").select(["id", "owner_id"]).where("registration_number", "=", NUMBER).executeTakeFirstOrThrow();
    expect(business.owner_id).toBe(stranger.id);
    // A draft on the normal track is possible before ownership is proven (and is all they get).
    const started = await stranger.send(`/applications/new?programme=${PROGRAMME}`, { programme: PROGRAMME, businessId: String(business.id) });
    const draftKey = started.redirectedTo!.match(/^\/applications\/([^/?]+)/)![1]!;

    await stranger.verifyAs(STRANGER_PERSON);
    const ownershipPage = `/account/businesses/${business.id}/ownership`;
    const refused = await stranger.send(ownershipPage, { openedOn: record.openedOn });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain("does not show you as the representative");
    expect(refused.html).toContain(`value="${record.openedOn}"`);

    // The one-step page says what is missing and offers no form; a forced post is refused the same way.
    const rapidPage = await stranger.open(RAPID);
    expect(rapidPage.status).toBe(200);
    expect(rapidPage.html).toContain(`${record.tradeName} (${SHOWN}) is on the list, but not yet confirmed as yours`);
    expect(rapidPage.html).toContain(`href="${ownershipPage}?returnTo=${encodeURIComponent(RAPID)}"`);
    expect(rapidPage.html).not.toContain('name="bankCode"');
    const forced = await stranger.send(RAPID, { businessId: String(business.id), ...payout("이몽룡") });
    expect(forced.status).toBe(403);
    expect(forced.html).toContain("Confirm that the business is yours before you apply.");
    expect(forced.html).toContain(`href="${ownershipPage}?returnTo=${encodeURIComponent(RAPID)}"`);

    // Nothing approved, nothing payable, nothing proven; the trail holds what the code writes.
    expect(await db.selectFrom("business_ownerships").select("user_id").where("business_id", "=", business.id).execute()).toEqual([]);
    expect(await db.selectFrom("applications").select(["owner_id", "status", "reference"]).where("business_id", "=", business.id).execute()).toEqual([
      { owner_id: stranger.id, status: "draft", reference: null },
    ]);
    expect(await db.selectFrom("payout_accounts").select("id").execute()).toEqual([]);
    const nothingToPay = await http.post("/admin/payments", { programme: PROGRAMME, maxCount: "100", maxAmount: "" }, { cookie: supervisor.cookie });
    expect(nothingToPay.status).toBe(409);
    expect(await nothingToPay.text()).toContain(
      "No approved application of this programme is waiting for payment with a payout account the bank has confirmed.",
    );
    expect(await db.selectFrom("payment_batches").select("id").execute()).toEqual([]);
    expect(await paymentsForBusiness(business.id)).toEqual([]);
    expect(await auditOf(stranger.id)).toEqual([
      { action: "account.email_verified", target_type: "user", target_id: String(stranger.id) },
      { action: "identity.verified", target_type: "user", target_id: String(stranger.id) },
    ]);

    // 2. The representative arrives later, proves who they are and adds the same number: it moves to them.
    const owner = new Visitor("ddom.owner@example.com");
    await owner.registerAndConfirm();
    await owner.verifyAs(REPRESENTATIVE);
    const ownerPhone = "02-1234-5678";
    const takenOver = await owner.send("/account/businesses/new", businessForm({ phone: ownerPhone, address: "서울특별시 중구 세종대로 110" }));
    expect(takenOver.redirectedTo).toBe("/account/businesses?notice=takenOver");
    const list = await owner.open("/account/businesses?notice=takenOver");
    expect(list.html).toContain("Your business has been added and confirmed as yours.");
    expect(list.html).toContain(SHOWN);
    const moved = await db
      .selectFrom("businesses")
      .select(["id", "owner_id", "phone", "address"])
      .where("registration_number", "=", NUMBER)
      .executeTakeFirstOrThrow();
    // The same row, now the representative's, with their own details: nothing of the stranger's stays.
    expect(moved).toEqual({ id: business.id, owner_id: owner.id, phone: ownerPhone, address: "서울특별시 중구 세종대로 110" });
    expect(
      await db.selectFrom("business_ownerships").select(["user_id", "representative_name"]).where("business_id", "=", business.id).execute(),
    ).toEqual([{ user_id: owner.id, representative_name: REPRESENTATIVE.name }]);
    const closed = await db.selectFrom("applications").select(["id", "status"]).where("public_id", "=", draftKey).executeTakeFirstOrThrow();
    expect(closed.status).toBe("withdrawn");
    expect(
      await db.selectFrom("status_events").select(["action", "actor_role"]).where("application_id", "=", closed.id).orderBy("id").execute(),
    ).toEqual([
      { action: "start", actor_role: "owner" },
      { action: "close_draft", actor_role: "system" },
    ]);

    // They apply in one step and are approved by the rules.
    const offered = await owner.open(RAPID);
    expect(offered.html).toContain('name="bankCode"');
    expect(offered.html).toContain(`value="${business.id}"`);
    const applied = await owner.send(RAPID, { businessId: String(business.id), ...payout(REPRESENTATIVE.name) });
    const reference = applied.redirectedTo!.match(/done=([A-Z]+-\d{4}-\d{6})$/)![1]!;
    const outcome = await owner.open(applied.redirectedTo!);
    expect(outcome.html).toContain("Approved");
    expect(outcome.html).toMatch(/approved at once: (₩|KRW)\s?2,000,000/);
    const approved = await db
      .selectFrom("applications")
      .select(["owner_id", "status", "award_amount_krw"])
      .where("reference", "=", reference)
      .executeTakeFirstOrThrow();
    expect(approved).toEqual({ owner_id: owner.id, status: "approved", award_amount_krw: AMOUNT });

    // The next payment batch holds their application, and nothing of the stranger's.
    const built = await http.post("/admin/payments", { programme: PROGRAMME, maxCount: "100", maxAmount: "" }, { cookie: supervisor.cookie });
    expect(built.status).toBe(302);
    const batchId = Number(/\/admin\/payments\/(\d+)/.exec(built.headers.get("location")!)![1]);
    expect(await paymentsForBusiness(business.id)).toEqual([
      { batch_id: batchId, state: "batched", amount_krw: AMOUNT, holder_name: REPRESENTATIVE.name, owner_id: owner.id, reference },
    ]);
    const admin = await staff("stranger-admin@test.example", "admin");
    expect((await http.post(`/admin/payments/${batchId}`, { intent: "release", confirm: "yes" }, { cookie: admin.cookie })).status).toBe(302);
    const transfer = await http.get(`/admin/payments/${batchId}/transfer.csv`, { cookie: supervisor.cookie });
    expect(transfer.status).toBe(200);
    const sent = (await transfer.text())
      .trim()
      .split("\r\n")
      .slice(1, -1)
      .map((line) => {
        const [, sequence, bankCode, accountNumber, holderName, amount, ref] = splitCsvLine(line)!;
        return {
          sequence: Number(sequence),
          bankCode: bankCode!,
          accountNumber: accountNumber!,
          holderName: holderName!,
          amountKrw: Number(amount),
          reference: ref!,
          resultCode: "0000",
        };
      });
    expect(sent.filter((p) => p.reference === reference)).toEqual([
      expect.objectContaining({ bankCode: "088", accountNumber: "110123456789", holderName: REPRESENTATIVE.name, amountKrw: AMOUNT }),
    ]);
    const answer = new FormData();
    answer.append("file", new Blob([resultFile(batchId, sent)], { type: "text/csv" }), "result.csv");
    const imported = await fetch(`${server.url}/admin/payments/${batchId}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: supervisor.cookie, Origin: server.url, "Accept-Language": "en" },
      body: answer,
    });
    expect(imported.status).toBe(302);
    expect((await owner.open(`/applications/${reference}`)).html).toContain("Paid");
    expect((await db.selectFrom("applications").select("status").where("reference", "=", reference).executeTakeFirstOrThrow()).status).toBe("paid");
    expect(await paymentsForBusiness(business.id)).toEqual([
      { batch_id: batchId, state: "paid", amount_krw: AMOUNT, holder_name: REPRESENTATIVE.name, owner_id: owner.id, reference },
    ]);

    // The stranger is told, and sees nothing of the business any more.
    const told = await db.selectFrom("notifications").select(["kind", "params"]).where("user_id", "=", stranger.id).execute();
    expect(told.map((n) => n.kind)).toEqual(["business_released"]);
    expect(JSON.parse(told[0]!.params).text.en).toContain(`The representative of business number ${SHOWN} has proven who they are`);
    expect(
      await db.selectFrom("outbox").select("id").where("to_address", "=", stranger.email).where("subject", "like", `%${SHOWN}%`).execute(),
    ).toHaveLength(1);
    const notices = await stranger.open("/notifications");
    expect(notices.html).toContain("has moved to their account");
    const strangerList = await stranger.open("/account/businesses");
    expect(strangerList.html).toContain("You have not registered a business yet.");
    for (const page of [strangerList, await stranger.open("/applications"), await stranger.open(RAPID)]) {
      expect(page.status).toBe(200);
      expect(page.html).not.toContain(record.tradeName);
      expect(page.html).not.toContain(SHOWN);
      expect(page.html).not.toContain(draftKey);
    }
    expect((await stranger.open(RAPID)).html).toContain("Your business is not on the list");
    for (const page of [`/account/businesses/${business.id}`, ownershipPage, `/applications/${draftKey}`, `/applications/${reference}`]) {
      expect((await stranger.open(page)).status, page).toBe(404);
    }
    expect(await db.selectFrom("applications").select("status").where("owner_id", "=", stranger.id).execute()).toEqual([{ status: "withdrawn" }]);
    expect(
      await db
        .selectFrom("payments")
        .innerJoin("applications", "applications.id", "payments.application_id")
        .select("payments.id")
        .where("applications.owner_id", "=", stranger.id)
        .execute(),
    ).toEqual([]);

    // Staff see the number settled; the trail says who took it from which account.
    const caseworker = await staff("stranger-caseworker@test.example", "caseworker");
    const numbers = await (await http.get("/admin/business-numbers", { cookie: caseworker.cookie })).text();
    expect(numbers).toContain(SHOWN);
    expect(numbers).toContain(owner.email);
    expect(numbers).toContain("Settled: moved to its proven representative");
    expect(await auditOf(stranger.id)).toHaveLength(2);
    const trail = await db
      .selectFrom("audit_log")
      .select(["action", "actor_id", "details"])
      .where("target_type", "=", "business")
      .where("target_id", "=", String(business.id))
      .orderBy("id")
      .execute();
    expect(trail.map((a) => [a.action, a.actor_id])).toEqual([
      ["business.ownership_confirmed", owner.id],
      ["business.number_released", owner.id],
    ]);
    expect(JSON.parse(trail[1]!.details)).toEqual({ registrationNumber: NUMBER, fromAccount: stranger.id, closedDrafts: 1 });
    const decided = await db
      .selectFrom("audit_log")
      .select(["action", "actor_label"])
      .where("target_type", "=", "application")
      .where("target_id", "=", reference)
      .execute();
    expect(decided).toContainEqual({ action: "application.auto_approve", actor_label: "system" });
  }, 90_000);
});
