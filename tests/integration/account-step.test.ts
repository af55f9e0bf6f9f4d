import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { createBusiness, createUser, pdfBytes, seedCatalogue } from "../helpers/fixtures";
import {
  addDocument,
  getOwnerApplication,
  listOwnerApplications,
  saveAnswers,
  saveFacts,
  startApplication,
  submitApplication,
} from "../../app/modules/applications/applications.server";
import { savePayoutAccount } from "../../app/modules/payments/payout.server";
import { getAccountStep, reusePayoutAccount } from "../../app/modules/payments/account-step.server";
import { listPayoutAccountGaps } from "../../app/modules/payments/account-gaps.server";
import { checkAnswersSummary } from "../../app/modules/applications/check-answers";
import { restrictedRestaurant, restrictedRestaurantForm } from "../helpers/facts";
import { toQuery } from "../../app/modules/eligibility/questionnaire";
import { askBank, startFakeBank, type RunningBank } from "../helpers/fake-bank";
import * as migration from "../../migrations/20261208T1100_payout_account_task";

/**
 * The payout account as a step of a paying programme's application, against the local bank (a
 * real HTTP server): required before submission, checked with the bank before it is saved, reused
 * from another application of the same business only when the owner confirms, masked when shown,
 * never asked by a service programme. The fixtures confirm "Kim Minji" as each business's representative.
 */
const now = new Date("2026-12-01T02:00:00Z");
const db = () => getDb();
let bank: RunningBank;
let seq = 0;

beforeAll(async () => {
  await seedCatalogue(db(), new Date("2026-11-26T03:00:00Z"));
  bank = await startFakeBank();
});
afterAll(() => bank?.stop());

async function bankAccount(holder: string) {
  seq++;
  const number = `55${String(process.pid % 1000).padStart(3, "0")}${String(seq).padStart(6, "0")}`;
  await bank.control({ accounts: [{ bank: "088", number, holder }] });
  return { bankCode: "088", accountNumber: number, holderName: holder };
}

async function readyDraft(programme = "support-fund", owner?: { id: number; email: string }, businessId?: number) {
  const who = owner ?? (await createUser(db()));
  const business = businessId ?? (await createBusiness(db(), who.id));
  const started = await startApplication({ ownerId: who.id, businessId: business, programmeSlug: programme }, { now });
  if (!started.ok) throw new Error(started.reason);
  const key = started.key;
  expect(await saveFacts({ key, ownerId: who.id, form: restrictedRestaurantForm() }, { now })).toEqual({ ok: true });
  if (programme === "rent-loan")
    expect(await saveAnswers({ key, ownerId: who.id, form: { requestedAmount: "5,000,000" } }, { now })).toEqual({ ok: true });
  const docs = programme === "rent-loan" ? ["business-registration", "lease-contract"] : ["business-registration"];
  for (const code of docs) {
    expect(await addDocument({ key, ownerId: who.id, requirementCode: code, fileName: `${code}.pdf`, bytes: pdfBytes(code) }, { now })).toMatchObject(
      {
        ok: true,
      },
    );
  }
  return { owner: who, businessId: business, key };
}

const save = (draft: { key: string; owner: { id: number } }, input: { bankCode: string; accountNumber: string; holderName: string }) =>
  savePayoutAccount({ ref: draft.key, ownerId: draft.owner.id, input }, { now, check: askBank(bank) });

describe("the account step of a paying programme", () => {
  it("no longer asks the free-text account question", async () => {
    const row = await db().selectFrom("programmes").select("questions").where("slug", "=", "support-fund").executeTakeFirstOrThrow();
    expect(JSON.parse(row.questions)).toEqual([]);
  });

  it("is a task of the draft, and submission is refused until an account is saved", async () => {
    const draft = await readyDraft();
    const app = await getOwnerApplication({ key: draft.key, ownerId: draft.owner.id }, { now });
    expect(app!.tasks.account).toBe("todo");
    expect(await submitApplication({ key: draft.key, ownerId: draft.owner.id, declared: true }, { now })).toEqual({
      ok: false,
      reason: "payout_account",
    });
    // Nothing was taken: still a draft, no reference.
    const still = await db().selectFrom("applications").select(["status", "reference"]).where("public_id", "=", draft.key).executeTakeFirstOrThrow();
    expect(still).toEqual({ status: "draft", reference: null });
    const listed = await listOwnerApplications(draft.owner.id);
    expect(listed.find((a) => a.public_id === draft.key)!.needsAccount).toBe(true);
  });

  it("refuses a stranger's account at its field, with nothing saved", async () => {
    const draft = await readyDraft();
    const stranger = await bankAccount("이몽룡");
    const refused = await save(draft, stranger);
    expect(refused).toMatchObject({ ok: false, reason: "invalid", errors: { holderName: { en: expect.stringContaining("not held by") } } });
    const app = await getOwnerApplication({ key: draft.key, ownerId: draft.owner.id }, { now });
    expect(app!.payout).toBeNull();
    expect(app!.tasks.account).toBe("todo");
  });

  it("saves a matched account, shows it masked, and then submits", async () => {
    const draft = await readyDraft();
    const mine = await bankAccount("Kim Minji");
    expect(await save(draft, mine)).toEqual({ ok: true, payee: "matched" });
    const app = (await getOwnerApplication({ key: draft.key, ownerId: draft.owner.id }, { now }))!;
    expect(app.tasks.account).toBe("done");
    expect(JSON.stringify(app)).not.toContain(mine.accountNumber);
    const summary = checkAnswersSummary(app, "en");
    expect(summary.paying).toBe(true);
    expect(summary.account).toContainEqual(["Account number", `*******${mine.accountNumber.slice(-4)}`]);
    expect(summary.account).toContainEqual(["Bank", "Shinhan Bank"]);
    const submitted = await submitApplication({ key: draft.key, ownerId: draft.owner.id, declared: true }, { now });
    expect(submitted).toMatchObject({ ok: true });
  });

  it("saves the account unchecked when the bank cannot answer, and submission accepts it", async () => {
    const draft = await readyDraft();
    const mine = await bankAccount("Kim Minji");
    await bank.control({ fail: true });
    try {
      expect(await save(draft, mine)).toEqual({ ok: true, payee: "unchecked" });
    } finally {
      await bank.control({ fail: false });
    }
    expect(await submitApplication({ key: draft.key, ownerId: draft.owner.id, declared: true }, { now })).toMatchObject({ ok: true });
  });

  it("is not somebody else's to save", async () => {
    const draft = await readyDraft();
    const other = await createUser(db());
    expect(
      await savePayoutAccount({ ref: draft.key, ownerId: other.id, input: await bankAccount("Kim Minji") }, { now, check: askBank(bank) }),
    ).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await getAccountStep({ key: draft.key, ownerId: other.id })).toBeNull();
  });
});

describe("reusing an account of the same business", () => {
  it("offers the account given on another application, saves it only when confirmed, and never another business's", async () => {
    const first = await readyDraft();
    const mine = await bankAccount("Kim Minji");
    expect(await save(first, mine)).toMatchObject({ ok: true });
    const second = await readyDraft("rent-loan", first.owner, first.businessId);
    const step = (await getAccountStep({ key: second.key, ownerId: second.owner.id }))!;
    expect(step.account).toBeNull();
    expect(step.reuse).toHaveLength(1);
    expect(step.reuse[0]).toMatchObject({ bankCode: "088", lastDigits: mine.accountNumber.slice(-4), holderName: "Kim Minji" });
    expect(JSON.stringify(step)).not.toContain(mine.accountNumber);
    // Offered, not saved: the second draft still has no account.
    expect((await getOwnerApplication({ key: second.key, ownerId: second.owner.id }, { now }))!.tasks.account).toBe("todo");

    // Another owner's business never offers it, and cannot take it by its id.
    const stranger = await readyDraft("rent-loan");
    expect((await getAccountStep({ key: stranger.key, ownerId: stranger.owner.id }))!.reuse).toEqual([]);
    expect(
      await reusePayoutAccount({ key: stranger.key, ownerId: stranger.owner.id, accountId: step.reuse[0]!.id }, { now, check: askBank(bank) }),
    ).toEqual({
      ok: false,
      reason: "not_found",
    });

    const before = await bank.inquiries();
    expect(
      await reusePayoutAccount({ key: second.key, ownerId: second.owner.id, accountId: step.reuse[0]!.id }, { now, check: askBank(bank) }),
    ).toEqual({
      ok: true,
      payee: "matched",
    });
    // The bank was asked again for the reused account.
    expect(await bank.inquiries()).toBe(before + 1);
    const after = (await getAccountStep({ key: second.key, ownerId: second.owner.id }))!;
    expect(after.account).toMatchObject({ bankCode: "088", masked: `*******${mine.accountNumber.slice(-4)}` });
    expect(after.reuse).toEqual([]);
    expect(await submitApplication({ key: second.key, ownerId: second.owner.id, declared: true }, { now })).toMatchObject({ ok: true });
  });
});

describe("a service programme", () => {
  it("has no account step, refuses an account, and submits without one", async () => {
    const owner = await createUser(db());
    const businessId = await createBusiness(db(), owner.id);
    const started = await startApplication({ ownerId: owner.id, businessId, programmeSlug: "tax-legal-advice" }, { now });
    if (!started.ok) throw new Error(started.reason);
    const key = started.key;
    const closing = new URLSearchParams(toQuery({ ...restrictedRestaurant, businessState: "closing" }));
    expect(await saveFacts({ key, ownerId: owner.id, form: closing }, { now })).toEqual({ ok: true });
    expect(await saveAnswers({ key, ownerId: owner.id, form: { adviceTopic: "tax", advisor: "lawyer" } }, { now })).toEqual({ ok: true });
    const app = (await getOwnerApplication({ key, ownerId: owner.id }, { now }))!;
    expect(app.tasks).not.toHaveProperty("account");
    expect(checkAnswersSummary(app, "en").paying).toBe(false);
    expect(
      await savePayoutAccount({ ref: key, ownerId: owner.id, input: await bankAccount("Kim Minji") }, { now, check: askBank(bank) }),
    ).toMatchObject({
      ok: false,
      reason: "not_editable",
    });
    for (const need of app.documentNeeds.filter((d) => d.needed !== "no")) {
      await addDocument({ key, ownerId: owner.id, requirementCode: need.code, fileName: "doc.pdf", bytes: pdfBytes(need.code) }, { now });
    }
    expect(await submitApplication({ key, ownerId: owner.id, declared: true }, { now })).toMatchObject({ ok: true });
    expect((await listOwnerApplications(owner.id))[0]!.needsAccount).toBe(false);
  });
});

describe("applications submitted before the step", () => {
  it("are listed for supervisors per programme, a page at a time, until the owner saves an account", async () => {
    const supervisor = await createUser(db(), "supervisor");
    const programme = await db().selectFrom("programmes").select("id").where("slug", "=", "support-fund").executeTakeFirstOrThrow();
    // As the migration leaves them: submitted without an account, each with a gap row.
    const legacy = [];
    for (let i = 0; i < 3; i++) {
      const draft = await readyDraft();
      const mine = await bankAccount("Kim Minji");
      await save(draft, mine);
      const done = await submitApplication({ key: draft.key, ownerId: draft.owner.id, declared: true }, { now });
      if (!done.ok) throw new Error(done.reason);
      const row = await db().selectFrom("applications").select("id").where("reference", "=", done.reference).executeTakeFirstOrThrow();
      await db().deleteFrom("payout_accounts").where("application_id", "=", row.id).execute();
      await db()
        .insertInto("payout_account_gaps")
        .values({ application_id: row.id, programme_id: programme.id, owner_id: draft.owner.id, created_at: now.toISOString() })
        .execute();
      legacy.push({ ...draft, reference: done.reference, mine });
    }
    const caseworker = await createUser(db(), "caseworker");
    expect(await listPayoutAccountGaps({ staff: caseworker, programmeId: programme.id })).toBeNull();
    const first = (await listPayoutAccountGaps({ staff: supervisor, programmeId: programme.id, limit: 2 }))!;
    expect(first.rows.map((r) => r.reference)).toEqual(legacy.slice(0, 2).map((l) => l.reference));
    const second = (await listPayoutAccountGaps({ staff: supervisor, programmeId: programme.id, after: first.next!, limit: 2 }))!;
    expect(second.rows.map((r) => r.reference)).toEqual([legacy[2]!.reference]);
    expect(second.next).toBeNull();
    // The owner sees "add your account" on their list, and adds it on the payout page.
    expect((await listOwnerApplications(legacy[0]!.owner.id))[0]!.needsAccount).toBe(true);
    expect(
      await savePayoutAccount({ ref: legacy[0]!.reference, ownerId: legacy[0]!.owner.id, input: legacy[0]!.mine }, { now, check: askBank(bank) }),
    ).toEqual({
      ok: true,
      payee: "matched",
    });
    expect((await listOwnerApplications(legacy[0]!.owner.id))[0]!.needsAccount).toBe(false);
    const left = (await listPayoutAccountGaps({ staff: supervisor, programmeId: programme.id }))!;
    expect(left.rows.map((r) => r.reference)).toEqual(legacy.slice(1).map((l) => l.reference));
  });
});

describe("the migration", () => {
  it("takes the free-text question out of stored programmes and lists what was submitted without an account", async () => {
    const programme = await db().selectFrom("programmes").select(["id", "questions"]).where("slug", "=", "support-fund").executeTakeFirstOrThrow();
    const old = {
      id: "payoutAccount",
      kind: "text",
      required: true,
      maxLength: 60,
      label: { en: "Bank and account number for the payment", ko: "지원금을 받을 은행과 계좌번호" },
    };
    const other = { id: "note", kind: "text", required: false, maxLength: 100, label: { en: "Note", ko: "메모" } };
    await db()
      .updateTable("programmes")
      .set({ questions: JSON.stringify([old, other]) })
      .where("id", "=", programme.id)
      .execute();
    // An open draft that answered the old question, and an application submitted with it and no account.
    const openDraft = await readyDraft();
    expect(await saveAnswers({ key: openDraft.key, ownerId: openDraft.owner.id, form: { payoutAccount: "KB 123-456" } }, { now })).toEqual({
      ok: true,
    });
    const legacy = await readyDraft();
    await saveAnswers({ key: legacy.key, ownerId: legacy.owner.id, form: { payoutAccount: "KB 123-456" } }, { now });
    await save(legacy, await bankAccount("Kim Minji"));
    const done = await submitApplication({ key: legacy.key, ownerId: legacy.owner.id, declared: true }, { now });
    if (!done.ok) throw new Error(done.reason);
    const row = await db().selectFrom("applications").select("id").where("reference", "=", done.reference).executeTakeFirstOrThrow();
    await db().deleteFrom("payout_accounts").where("application_id", "=", row.id).execute();

    await migration.down(db());
    await migration.up(db());

    const after = await db().selectFrom("programmes").select("questions").where("id", "=", programme.id).executeTakeFirstOrThrow();
    expect(JSON.parse(after.questions)).toEqual([other]);
    const gaps = await db().selectFrom("payout_account_gaps").select("application_id").where("programme_id", "=", programme.id).execute();
    expect(gaps.map((g) => g.application_id)).toContain(row.id);
    const draftRow = await db().selectFrom("applications").select("id").where("public_id", "=", openDraft.key).executeTakeFirstOrThrow();
    expect(gaps.map((g) => g.application_id)).not.toContain(draftRow.id);
    // The open draft keeps working: its questions are answered, the account is its next task.
    const app = (await getOwnerApplication({ key: openDraft.key, ownerId: openDraft.owner.id }, { now }))!;
    expect(app.tasks).toMatchObject({ questions: "done", account: "todo" });
    await db().updateTable("programmes").set({ questions: programme.questions }).where("id", "=", programme.id).execute();
  });
});
