import { beforeAll, describe, expect, it } from "vitest";
import { raceInProcesses } from "../helpers/race";
import { getDb } from "../../db/client";
import { confirmOwnershipFixture, createBusiness, createUser, pdfBytes, pngBytes, seedCatalogue } from "../helpers/fixtures";
import {
  addDocument,
  answerInfoRequest,
  getDocument,
  getOwnerApplication,
  listOwnerApplications,
  removeDocument,
  saveAnswers,
  saveFacts,
  startApplication,
  submitApplication,
  withdrawApplication,
} from "../../app/modules/applications/applications.server";
import { countUnread } from "../../app/modules/notifications/notifications.server";
import { restrictedRestaurantForm } from "../helpers/facts";
import { giveAccount } from "../helpers/payments";

const now = new Date("2026-12-01T02:00:00Z");
const db = () => getDb();

const restrictedRestaurant = restrictedRestaurantForm();

async function readyDraft(programme = "support-fund", { confirmed = true } = {}) {
  const owner = await createUser(db());
  const businessId = await createBusiness(db(), owner.id, {}, { confirmed });
  const started = await startApplication({ ownerId: owner.id, businessId, programmeSlug: programme }, { now });
  if (!started.ok) throw new Error(started.reason);
  const key = started.key;
  expect(await saveFacts({ key, ownerId: owner.id, form: restrictedRestaurant }, { now })).toEqual({ ok: true });
  return { owner, businessId, key };
}

async function completeSupportFund({ confirmed = true } = {}) {
  const draft = await readyDraft("support-fund", { confirmed });
  expect(
    await addDocument(
      { key: draft.key, ownerId: draft.owner.id, requirementCode: "business-registration", fileName: "registration.pdf", bytes: pdfBytes() },
      { now },
    ),
  ).toMatchObject({ ok: true });
  // The payout account step (the bank is not asked here: saved unchecked); it needs the business confirmed.
  if (confirmed) await giveAccount(draft.key, draft.owner.id);
  return draft;
}

beforeAll(async () => {
  await seedCatalogue(db(), new Date("2026-11-26T03:00:00Z"));
});

describe("starting an application", () => {
  it("prefills facts from the business profile and resumes the same draft", async () => {
    const owner = await createUser(db());
    const businessId = await createBusiness(db(), owner.id, { sector: "retail", employees: 2 });
    const first = await startApplication(
      { ownerId: owner.id, businessId, programmeSlug: "smart-store", lastCheck: { premises: "rented", sector: "food_service" } },
      { now },
    );
    expect(first).toMatchObject({ ok: true, resumed: false });
    const again = await startApplication({ ownerId: owner.id, businessId, programmeSlug: "smart-store" }, { now });
    expect(again).toEqual({ ok: true, key: (first as { key: string }).key, resumed: true });
    const app = (await getOwnerApplication({ key: (first as { key: string }).key, ownerId: owner.id }, { now }))!;
    // The profile wins over the last check where both speak; the check fills the rest.
    expect(app.facts).toMatchObject({ sector: "retail", employees: 2, premises: "rented", region: "seoul" });
    expect(app.status).toBe("draft");
    expect(app.events.map((e) => e.action)).toEqual(["start"]);
  });

  it("refuses another owner's business and an unknown programme", async () => {
    const owner = await createUser(db());
    const stranger = await createUser(db());
    const businessId = await createBusiness(db(), owner.id);
    expect(await startApplication({ ownerId: stranger.id, businessId, programmeSlug: "support-fund" }, { now })).toEqual({
      ok: false,
      reason: "business_not_found",
    });
    expect(await startApplication({ ownerId: owner.id, businessId, programmeSlug: "nope" }, { now })).toEqual({
      ok: false,
      reason: "programme_not_found",
    });
  });
});

describe("saving a draft", () => {
  it("keeps invalid facts out and reports each field", async () => {
    const { owner, key } = await readyDraft();
    const bad = new URLSearchParams(restrictedRestaurant);
    bad.set("employees", "-4");
    bad.set("openedOn", "2099-01-01");
    const result = await saveFacts({ key, ownerId: owner.id, form: bad }, { now });
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    expect((result as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(["employees", "openedOn"]);
    expect((await getOwnerApplication({ key, ownerId: owner.id }, { now }))!.facts.employees).toBe(3);
  });

  it("refuses an amount over the programme's cap and stores a valid one", async () => {
    const { owner, key } = await readyDraft("rent-loan");
    const over = await saveAnswers({ key, ownerId: owner.id, form: { requestedAmount: "10,000,001" } }, { now });
    expect(over).toMatchObject({ ok: false, reason: "invalid", errors: { requestedAmount: { en: expect.stringContaining("10,000,000") } } });
    expect(await saveAnswers({ key, ownerId: owner.id, form: { requestedAmount: "7,000,000" } }, { now })).toEqual({ ok: true });
    const row = await db().selectFrom("applications").select("requested_amount_krw").where("public_id", "=", key).executeTakeFirstOrThrow();
    expect(row.requested_amount_krw).toBe(7_000_000);
  });

  it("shows the task list from what is saved", async () => {
    const { owner, key } = await readyDraft();
    const app = (await getOwnerApplication({ key, ownerId: owner.id }, { now }))!;
    expect(app.tasks).toEqual({ business: "done", facts: "done", questions: "done", documents: "todo", account: "todo", declaration: "todo" });
    expect(app.evaluation.support?.amountKrw).toBe(2_000_000);
    expect(app.missingDocuments).toEqual(["business-registration"]);
  });
});

describe("documents", () => {
  it("stores the bytes in the database and gives them back identical, only to the owner", async () => {
    const { owner, key } = await readyDraft();
    const bytes = pdfBytes("lease of 2021, 한글 포함");
    const added = await addDocument(
      { key, ownerId: owner.id, requirementCode: "business-registration", fileName: "../../etc/registration.pdf", bytes },
      { now },
    );
    expect(added).toMatchObject({ ok: true });
    const id = (added as { id: number }).id;
    const doc = await getDocument({ key, documentId: id, requester: owner }, { now });
    expect(doc?.display_name).toBe("registration.pdf");
    expect(new Uint8Array(doc!.content)).toEqual(bytes);
    expect(doc?.media_type).toBe("application/pdf");
    const stranger = await createUser(db());
    expect(await getDocument({ key, documentId: id, requester: stranger }, { now })).toBeNull();
  });

  it("refuses a renamed executable, an empty file, an oversized one, and the 21st", async () => {
    const { owner, key } = await readyDraft();
    const add = (bytes: Uint8Array, fileName = "x.pdf") =>
      addDocument({ key, ownerId: owner.id, requirementCode: "other", fileName, bytes }, { now });
    expect(await add(new TextEncoder().encode("MZ\u0090 not a pdf"), "invoice.pdf")).toEqual({ ok: false, reason: "wrong_type" });
    expect(await add(new Uint8Array(0))).toEqual({ ok: false, reason: "empty" });
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(pdfBytes());
    expect(await add(big)).toEqual({ ok: false, reason: "too_large" });
    for (let i = 0; i < 20; i++) expect(await add(pngBytes(), `photo${i}.png`)).toMatchObject({ ok: true });
    expect(await add(pngBytes())).toEqual({ ok: false, reason: "too_many" });
    const count = await db()
      .selectFrom("application_documents")
      .innerJoin("applications", "applications.id", "application_documents.application_id")
      .select(db().fn.countAll<number>().as("n"))
      .where("applications.public_id", "=", key)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(20);
  });

  it("refuses an unknown requirement code (a tampered hidden field)", async () => {
    const { owner, key } = await readyDraft();
    expect(await addDocument({ key, ownerId: owner.id, requirementCode: "../../x", fileName: "a.pdf", bytes: pdfBytes() }, { now })).toEqual({
      ok: false,
      reason: "unknown_requirement",
    });
  });
});

describe("submitting", () => {
  it("refuses a business not proven the owner's, keeps the draft, and submits once it is", async () => {
    const { owner, businessId, key } = await completeSupportFund({ confirmed: false });
    expect(await submitApplication({ key, ownerId: owner.id, declared: true }, { now })).toEqual({
      ok: false,
      reason: "ownership_unconfirmed",
      businessId,
    });
    const draft = await db()
      .selectFrom("applications")
      .select(["status", "reference"])
      .where("business_id", "=", businessId)
      .executeTakeFirstOrThrow();
    expect(draft).toEqual({ status: "draft", reference: null });
    await confirmOwnershipFixture(db(), owner.id, businessId);
    await giveAccount(key, owner.id);
    expect(await submitApplication({ key, ownerId: owner.id, declared: true }, { now })).toMatchObject({ ok: true, alreadySubmitted: false });
  });

  it("submits once: reference, snapshot, status event, notification and email in one go", async () => {
    const { owner, key } = await completeSupportFund();
    const result = await submitApplication({ key, ownerId: owner.id, declared: true }, { now });
    expect(result).toMatchObject({ ok: true, alreadySubmitted: false, reference: expect.stringMatching(/^SF-2026-\d{6}$/) });
    const reference = (result as { reference: string }).reference;
    const app = (await getOwnerApplication({ key: reference, ownerId: owner.id }, { now }))!;
    expect(app.status).toBe("submitted");
    expect(app.snapshot).toMatchObject({
      rulesVersion: 1,
      answers: {},
      evaluation: { outcome: "eligible", support: { amountKrw: 2_000_000 } },
    });
    expect(app.events.map((e) => `${e.from_status}->${e.to_status}`)).toEqual(["null->draft", "draft->submitted"]);
    expect(await countUnread(owner.id)).toBe(1);
    const mail = await db().selectFrom("outbox").select(["subject", "body_text"]).where("to_address", "=", owner.email).execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain(reference);

    // A double click, or a retried POST: the same reference, nothing new.
    expect(await submitApplication({ key, ownerId: owner.id, declared: true }, { now })).toEqual({ ok: true, reference, alreadySubmitted: true });
    // After submission the draft can no longer be edited.
    expect(await saveAnswers({ key, ownerId: owner.id, form: { payoutAccount: "changed" } }, { now })).toEqual({ ok: false, reason: "not_editable" });
    expect(await removeDocument({ key, ownerId: owner.id, documentId: app.documents[0]!.id })).toEqual({ ok: false });
  });

  // One process, one SQLite connection: these 20 queue one behind another, like a double click or
  // retried POSTs reaching one instance. Real concurrency is the next test, across processes.
  it("20 submits of one draft queued on one instance make exactly one application with one reference", async () => {
    const { owner, key } = await completeSupportFund();
    const before = await db().selectFrom("reference_sequences").select("last_value").where("prefix", "=", "SF").executeTakeFirst();
    const results = await Promise.all(Array.from({ length: 20 }, () => submitApplication({ key, ownerId: owner.id, declared: true }, { now })));
    const references = new Set(results.map((r) => (r.ok ? r.reference : r.reason)));
    expect(references.size).toBe(1);
    expect(results.filter((r) => r.ok && !r.alreadySubmitted)).toHaveLength(1);
    const after = await db().selectFrom("reference_sequences").select("last_value").where("prefix", "=", "SF").executeTakeFirstOrThrow();
    expect(after.last_value).toBe((before?.last_value ?? 0) + 1);
    const events = await db()
      .selectFrom("status_events")
      .innerJoin("applications", "applications.id", "status_events.application_id")
      .select("status_events.action")
      .where("applications.public_id", "=", key)
      .execute();
    expect(events.filter((e) => e.action === "submit")).toHaveLength(1);
  });

  it("several app instances (processes) submitting one draft at once make exactly one application", async () => {
    const { owner, key } = await completeSupportFund();
    const results = await raceInProcesses(
      Array.from({ length: 6 }, () => ({ op: "submit" as const, key, ownerId: owner.id, at: now.toISOString() })),
    );
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(new Set(results.map((r) => r.reference)).size).toBe(1);
    expect(results.filter((r) => r.ok && !r.alreadySubmitted)).toHaveLength(1);
  }, 60_000);

  it("two withdrawals of one application from two processes: one wins, one status event", async () => {
    const { owner, key } = await completeSupportFund();
    const submitted = await submitApplication({ key, ownerId: owner.id, declared: true }, { now });
    if (!submitted.ok) throw new Error(submitted.reason);
    const ref = submitted.reference;
    const results = await raceInProcesses([
      { op: "withdraw", key: ref, ownerId: owner.id, reason: "first" },
      { op: "withdraw", key: ref, ownerId: owner.id, reason: "second" },
    ]);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false });
    const events = await db()
      .selectFrom("status_events")
      .innerJoin("applications", "applications.id", "status_events.application_id")
      .select(["status_events.action", "applications.status"])
      .where("applications.reference", "=", ref)
      .execute();
    expect(events.filter((e) => e.action === "withdraw")).toHaveLength(1);
    expect(events[0]!.status).toBe("withdrawn");
  }, 60_000);

  it("numbers references without gaps, refusals included", async () => {
    const refs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { owner, key } = await completeSupportFund();
      if (i === 1)
        expect(await submitApplication({ key, ownerId: owner.id, declared: false }, { now })).toEqual({ ok: false, reason: "declaration" });
      const r = await submitApplication({ key, ownerId: owner.id, declared: true }, { now });
      refs.push(Number((r as { reference: string }).reference.slice(-6)));
    }
    expect(refs[1]).toBe(refs[0]! + 1);
    expect(refs[2]).toBe(refs[1]! + 1);
  });

  it("refuses missing documents, unanswered questions, a missing payout account and failed criteria, saving nothing", async () => {
    const { owner, key } = await readyDraft("rent-loan");
    expect(await submitApplication({ key, ownerId: owner.id, declared: true }, { now })).toEqual({ ok: false, reason: "questions" });
    await saveAnswers({ key, ownerId: owner.id, form: { requestedAmount: "5,000,000" } }, { now });
    expect(await submitApplication({ key, ownerId: owner.id, declared: true }, { now })).toEqual({
      ok: false,
      reason: "documents",
      missingDocuments: ["business-registration", "lease-contract"],
    });
    for (const code of ["business-registration", "lease-contract"]) {
      await addDocument({ key, ownerId: owner.id, requirementCode: code, fileName: `${code}.pdf`, bytes: pdfBytes(code) }, { now });
    }
    expect(await submitApplication({ key, ownerId: owner.id, declared: true }, { now })).toEqual({ ok: false, reason: "payout_account" });
    const notEligible = new URLSearchParams(restrictedRestaurant);
    notEligible.set("employees", "7");
    await saveFacts({ key, ownerId: owner.id, form: notEligible }, { now });
    expect(await submitApplication({ key, ownerId: owner.id, declared: true }, { now })).toEqual({ ok: false, reason: "not_eligible" });
    const app = (await getOwnerApplication({ key, ownerId: owner.id }, { now }))!;
    expect(app.status).toBe("draft");
    expect(app.reference).toBeNull();
  });

  it("refuses a closed programme but keeps the draft", async () => {
    const { owner, key } = await completeSupportFund();
    await db().updateTable("programmes").set({ closes_on: "2026-11-30" }).where("slug", "=", "support-fund").execute();
    try {
      expect(await submitApplication({ key, ownerId: owner.id, declared: true }, { now })).toEqual({ ok: false, reason: "closed" });
      expect((await getOwnerApplication({ key, ownerId: owner.id }, { now }))!.status).toBe("draft");
    } finally {
      await db().updateTable("programmes").set({ closes_on: "2027-11-26" }).where("slug", "=", "support-fund").execute();
    }
  });

  it("refuses a full programme", async () => {
    const { owner, key } = await completeSupportFund();
    await db().updateTable("programmes").set({ capacity: 1 }).where("slug", "=", "support-fund").execute();
    try {
      expect(await submitApplication({ key, ownerId: owner.id, declared: true }, { now })).toEqual({ ok: false, reason: "full" });
    } finally {
      await db().updateTable("programmes").set({ capacity: null }).where("slug", "=", "support-fund").execute();
    }
  });

  it("lets the database refuse a second active application of the same business", async () => {
    const { owner, businessId, key } = await completeSupportFund();
    await submitApplication({ key, ownerId: owner.id, declared: true }, { now });
    expect(await startApplication({ ownerId: owner.id, businessId, programmeSlug: "support-fund" }, { now })).toMatchObject({
      ok: false,
      reason: "already_applied",
    });
    // Even a draft forced in beside it cannot be submitted.
    const stamp = now.toISOString();
    await db()
      .insertInto("applications")
      .values({
        public_id: "dforcedforced",
        programme_id: 1,
        business_id: businessId,
        owner_id: owner.id,
        status: "draft",
        created_at: stamp,
        updated_at: stamp,
        reference: null,
        requested_amount_krw: null,
        rules_version: null,
        snapshot: null,
        submitted_at: null,
        decided_at: null,
      })
      .execute();
    await saveFacts({ key: "dforcedforced", ownerId: owner.id, form: restrictedRestaurant }, { now });
    await giveAccount("dforcedforced", owner.id);
    await addDocument(
      { key: "dforcedforced", ownerId: owner.id, requirementCode: "business-registration", fileName: "r.pdf", bytes: pdfBytes() },
      { now },
    );
    expect(await submitApplication({ key: "dforcedforced", ownerId: owner.id, declared: true }, { now })).toEqual({
      ok: false,
      reason: "already_applied",
    });
  });
});

describe("after submission", () => {
  it("an owner withdraws with a reason; a stranger cannot see or touch it", async () => {
    const { owner, key } = await completeSupportFund();
    const { reference } = (await submitApplication({ key, ownerId: owner.id, declared: true }, { now })) as { reference: string };
    const stranger = await createUser(db());
    expect(await getOwnerApplication({ key: reference, ownerId: stranger.id }, { now })).toBeNull();
    expect(await withdrawApplication({ key: reference, ownerId: stranger.id, reason: "x" }, { now })).toEqual({ ok: false, reason: "not_found" });
    expect(await withdrawApplication({ key: reference, ownerId: owner.id, reason: " " }, { now })).toMatchObject({ ok: false, reason: "refused" });
    expect(await withdrawApplication({ key: reference, ownerId: owner.id, reason: "Found other funding" }, { now })).toEqual({ ok: true });
    const app = (await getOwnerApplication({ key: reference, ownerId: owner.id }, { now }))!;
    expect(app.status).toBe("withdrawn");
    expect(app.events.at(-1)).toMatchObject({ action: "withdraw", reason: "Found other funding" });
    // Withdrawn is final.
    expect(await withdrawApplication({ key: reference, ownerId: owner.id, reason: "again" }, { now })).toMatchObject({
      ok: false,
      reason: "refused",
    });
  });

  it("answering a request for information sends it back to review", async () => {
    const { owner, key } = await completeSupportFund();
    const { reference } = (await submitApplication({ key, ownerId: owner.id, declared: true }, { now })) as { reference: string };
    expect(await answerInfoRequest({ key: reference, ownerId: owner.id, message: "Here" }, { now })).toMatchObject({ ok: false, reason: "refused" });
    await db().updateTable("applications").set({ status: "info_requested" }).where("reference", "=", reference).execute();
    expect(
      await addDocument({ key: reference, ownerId: owner.id, requirementCode: "other", fileName: "extra.png", bytes: pngBytes() }, { now }),
    ).toMatchObject({ ok: true });
    expect(await answerInfoRequest({ key: reference, ownerId: owner.id, message: "Here is the extra statement." }, { now })).toEqual({ ok: true });
    const app = (await getOwnerApplication({ key: reference, ownerId: owner.id }, { now }))!;
    expect(app.status).toBe("under_review");
    expect(app.messages.at(-1)).toMatchObject({ author_role: "owner", body: "Here is the extra statement." });
  });

  it("lists only the owner's own applications", async () => {
    const { owner } = await completeSupportFund();
    const list = await listOwnerApplications(owner.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: "draft", programme_slug: "support-fund" });
  });
});
