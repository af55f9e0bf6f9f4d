import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import { getDb } from "../../db/client";
import type { Database } from "../../db/schema";
import { addSession, addUser, client, serverDb } from "../helpers/accounts";
import { createBusiness, createUser, pdfBytes, seedCatalogue } from "../helpers/fixtures";
import { raceInProcesses } from "../helpers/race";
import { giveAccount } from "../helpers/payments";
import { startServer, type RunningServer } from "../helpers/server";
import { parseQueueFilters } from "../../app/modules/review/queue";
import { REVIEW_INTENTS, type ReviewIntent } from "../../app/modules/review/review";
import { listQueue } from "../../app/modules/review/queue.server";
import {
  addDocument,
  answerInfoRequest,
  getOwnerApplication,
  saveAnswers,
  saveFacts,
  startApplication,
  submitApplication,
} from "../../app/modules/applications/applications.server";
import { verifyAuditChain } from "../../app/modules/audit/audit.server";
import { decide, getDocumentForStaffView, getReviewDetail, type DecisionInput, type Staff } from "../../app/modules/review/review.server";

const now = new Date("2026-12-01T02:00:00Z");
const db = () => getDb();

const restrictedRestaurant = {
  sector: "food_service",
  region: "seoul",
  employees: "3",
  openedOn: "2018-03-01",
  businessState: "operating",
  premises: "rented",
  monthlyRent: "1,500,000",
  covidMeasure: "restriction",
  sales2019: "200000000",
  sales2020: "150000000",
  taxArrears: "no",
  loanDefault: "no",
};

/** An owner's submitted application, made through the owner's own services. */
async function submitted(
  programme: "support-fund" | "rent-loan" = "support-fund",
  { database = db(), loan = 8_000_000 }: { database?: Kysely<Database>; loan?: number } = {},
) {
  const owner = await createUser(database);
  const businessId = await createBusiness(database, owner.id);
  const opts = { now, db: database };
  const started = await startApplication({ ownerId: owner.id, businessId, programmeSlug: programme }, opts);
  if (!started.ok) throw new Error(started.reason);
  const key = started.key;
  expect(await saveFacts({ key, ownerId: owner.id, form: new URLSearchParams(restrictedRestaurant) }, opts)).toEqual({ ok: true });
  if (programme === "rent-loan")
    expect(await saveAnswers({ key, ownerId: owner.id, form: { requestedAmount: String(loan) } }, opts)).toEqual({ ok: true });
  await giveAccount(key, owner.id, { db: database });
  const docs = programme === "support-fund" ? ["business-registration"] : ["business-registration", "lease-contract"];
  for (const code of docs) {
    expect(await addDocument({ key, ownerId: owner.id, requirementCode: code, fileName: `${code}.pdf`, bytes: pdfBytes(code) }, opts)).toMatchObject({
      ok: true,
    });
  }
  const result = await submitApplication({ key, ownerId: owner.id, declared: true }, opts);
  if (!result.ok) throw new Error(result.reason);
  return { owner, businessId, ref: result.reference };
}

async function version(ref: string, database = db()) {
  const row = await database.selectFrom("applications").select("version").where("reference", "=", ref).executeTakeFirstOrThrow();
  return row.version;
}

async function row(ref: string) {
  return db()
    .selectFrom("applications")
    .select(["status", "version", "assigned_to", "award_amount_krw", "approval_proposed_by", "decided_at", "decision_reason_code"])
    .where("reference", "=", ref)
    .executeTakeFirstOrThrow();
}

/** Decides with the application's current version (as a fresh form would). */
async function act(input: Omit<DecisionInput, "version"> & { version?: number }) {
  return decide({ version: await version(input.ref), ...input }, { now });
}

let caseworker: Staff;
let caseworker2: Staff;
let supervisor: Staff;
let supervisor2: Staff;
let admin: Staff;

beforeAll(async () => {
  await seedCatalogue(db(), new Date("2026-11-26T03:00:00Z"));
  caseworker = await createUser(db(), "caseworker");
  caseworker2 = await createUser(db(), "caseworker");
  supervisor = await createUser(db(), "supervisor");
  supervisor2 = await createUser(db(), "supervisor");
  admin = await createUser(db(), "admin");
});

describe("review detail", () => {
  it("shows the application with the stored and current evaluation, and nothing to an owner", async () => {
    const { owner, ref, businessId } = await submitted();
    const detail = (await getReviewDetail(ref, caseworker, { now }))!;
    expect(detail.status).toBe("submitted");
    expect(detail.evaluation.stored?.outcome).toBe("eligible");
    expect(detail.evaluation.current.outcome).toBe("eligible");
    expect(detail.evaluation.diff.criteria.every((c) => !c.changed)).toBe(true);
    expect(detail.award.prefillKrw).toBe(2_000_000);
    expect(detail.programme.capKrw).toBe(3_000_000);
    expect(detail.documents).toHaveLength(1);
    expect(detail.allowed).toEqual(["claim", "add_note"]);
    expect(detail.owner.email).toBe(owner.email);
    expect(await getReviewDetail(ref, owner, { now })).toBeNull();
    expect(await getReviewDetail("SF-2026-999999", caseworker, { now })).toBeNull();

    // Another application of the same business shows up as a signal.
    await db().updateTable("applications").set({ status: "withdrawn" }).where("reference", "=", ref).execute();
    const started = await startApplication({ ownerId: owner.id, businessId, programmeSlug: "support-fund" }, { now });
    expect(started.ok).toBe(true);
    const again = (await getReviewDetail(ref, caseworker, { now }))!;
    expect(again.otherApplications).toHaveLength(1);
  });

  it("highlights criteria the current rules judge differently", async () => {
    const { ref } = await submitted();
    const programme = await db().selectFrom("programmes").select(["rules"]).where("slug", "=", "support-fund").executeTakeFirstOrThrow();
    const rules = JSON.parse(programme.rules);
    rules.criteria[2].condition.value = "2017-01-01"; // opened on or before 2017: the 2018 business now fails
    await db()
      .updateTable("programmes")
      .set({ rules: JSON.stringify(rules) })
      .where("slug", "=", "support-fund")
      .execute();
    try {
      const detail = (await getReviewDetail(ref, caseworker, { now }))!;
      expect(detail.evaluation.current.outcome).toBe("not_eligible");
      expect(detail.evaluation.diff.outcomeChanged).toBe(true);
      expect(detail.evaluation.diff.criteria.filter((c) => c.changed).map((c) => c.id)).toEqual(["opened-by-cutoff"]);
    } finally {
      await db().updateTable("programmes").set({ rules: programme.rules }).where("slug", "=", "support-fund").execute();
    }
  });

  it("audits a staff document view in the same transaction", async () => {
    const { ref } = await submitted();
    const detail = (await getReviewDetail(ref, caseworker, { now }))!;
    const doc = await getDocumentForStaffView({ ref, documentId: detail.documents[0]!.id, staff: caseworker }, { now });
    expect(doc?.media_type).toBe("application/pdf");
    const audit = await db()
      .selectFrom("audit_log")
      .select(["action", "actor_label", "details"])
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "document.view", actor_label: caseworker.email });
    expect(await getDocumentForStaffView({ ref, documentId: detail.documents[0]!.id + 999, staff: caseworker }, { now })).toBeNull();
  });
});

describe("claiming and assigning", () => {
  it("two caseworkers claiming at once (two processes): exactly one wins, the other is told who has it", async () => {
    const { ref } = await submitted();
    const results = await raceInProcesses([
      { op: "claim", ref, staff: caseworker },
      { op: "claim", ref, staff: caseworker2 },
    ]);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = results[0]!.ok ? caseworker : caseworker2;
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, reason: "conflict", current: { assignee: winner.email } });
    expect((await row(ref)).assigned_to).toBe(winner.id);
    const claims = await db().selectFrom("audit_log").select("id").where("action", "=", "application.claim").where("target_id", "=", ref).execute();
    expect(claims).toHaveLength(1);
  }, 60_000);

  it("several app instances (processes) claiming or deciding at once: exactly one wins each time", async () => {
    const { ref } = await submitted();
    const team = [caseworker, caseworker2, supervisor, supervisor2];
    const claims = await raceInProcesses(team.map((staff) => ({ op: "claim" as const, ref, staff })));
    expect(claims.filter((r) => r.error)).toEqual([]);
    expect(claims.filter((r) => r.ok)).toHaveLength(1);
    expect(claims.filter((r) => r.reason === "conflict")).toHaveLength(3);

    await db().updateTable("applications").set({ status: "under_review" }).where("reference", "=", ref).execute();
    const v = await version(ref);
    const decisions = await raceInProcesses([supervisor, supervisor2, admin].map((staff) => ({ op: "reject" as const, ref, staff, version: v })));
    expect(decisions.filter((r) => r.error)).toEqual([]);
    expect(decisions.filter((r) => r.ok)).toHaveLength(1);
    expect(decisions.filter((r) => r.reason === "conflict")).toHaveLength(2);
    const rejections = await db()
      .selectFrom("status_events")
      .innerJoin("applications", "applications.id", "status_events.application_id")
      .select("action")
      .where("reference", "=", ref)
      .where("action", "=", "reject")
      .execute();
    expect(rejections).toHaveLength(1);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  }, 60_000);

  it("only a supervisor reassigns, and only to active staff", async () => {
    const { owner, ref } = await submitted();
    await act({ ref, intent: "claim", staff: caseworker });
    expect(await act({ ref, intent: "reassign", staff: caseworker, assigneeId: caseworker2.id })).toMatchObject({
      ok: false,
      reason: "forbidden",
      code: "forbidden",
    });
    expect(await act({ ref, intent: "reassign", staff: supervisor, assigneeId: owner.id })).toEqual({
      ok: false,
      reason: "invalid",
      field: "assigneeId",
      code: "unknown",
    });
    expect(await act({ ref, intent: "reassign", staff: supervisor, assigneeId: caseworker2.id })).toMatchObject({ ok: true, outcome: "reassigned" });
    expect((await row(ref)).assigned_to).toBe(caseworker2.id);
    // The first caseworker no longer works it.
    expect(await act({ ref, intent: "start_review", staff: caseworker })).toMatchObject({ ok: false, reason: "forbidden", code: "not_assignee" });
    expect(await act({ ref, intent: "start_review", staff: caseworker2 })).toMatchObject({ ok: true, outcome: "review_started" });
  });
});

describe("permission matrix", () => {
  /** Puts an application into the state where `intent` makes sense, assigned to `caseworker`. */
  async function prepared(intent: ReviewIntent) {
    const programme = intent === "confirm_approval" || intent === "decline_approval" ? "rent-loan" : "support-fund";
    const { ref, owner } = await submitted(programme);
    if (intent === "claim") return { ref, owner };
    await act({ ref, intent: "claim", staff: caseworker });
    if (intent === "start_review" || intent === "reassign" || intent === "add_note") return { ref, owner };
    await act({ ref, intent: "start_review", staff: caseworker });
    if (intent === "confirm_approval" || intent === "decline_approval") {
      expect(await act({ ref, intent: "approve", staff: caseworker, awardKrw: 8_000_000 })).toMatchObject({ ok: true, outcome: "approval_proposed" });
    }
    if (intent === "mark_paid") await act({ ref, intent: "approve", staff: caseworker, awardKrw: 2_000_000 });
    return { ref, owner };
  }

  const inputs: Record<ReviewIntent, Partial<Omit<DecisionInput, "version">>> = {
    claim: {},
    reassign: {},
    start_review: {},
    request_info: { message: "Please upload the lease." },
    approve: { awardKrw: 2_000_000 },
    confirm_approval: {},
    decline_approval: { note: "Amount too high" },
    reject: { reasonCode: "not_eligible", reasonText: "Opened too late" },
    mark_paid: {},
    add_note: { note: "Called the owner" },
  };

  // caseworker (not assigned: a colleague), assigned caseworker, supervisor, admin, owner
  const expected: Record<ReviewIntent, [string, string, string, string]> = {
    //               colleague    assignee     supervisor   admin
    claim: ["ok", "ok", "ok", "ok"],
    reassign: ["forbidden", "forbidden", "ok", "ok"],
    start_review: ["forbidden", "ok", "ok", "ok"],
    request_info: ["forbidden", "ok", "ok", "ok"],
    approve: ["forbidden", "ok", "ok", "ok"],
    confirm_approval: ["forbidden", "forbidden", "ok", "ok"],
    decline_approval: ["forbidden", "forbidden", "ok", "ok"],
    reject: ["forbidden", "ok", "ok", "ok"],
    mark_paid: ["forbidden", "ok", "ok", "ok"],
    add_note: ["ok", "ok", "ok", "ok"],
  };

  for (const intent of REVIEW_INTENTS) {
    it(`${intent}: owner refused, each staff role as expected`, async () => {
      const who = [caseworker2, caseworker, supervisor, admin];
      for (let i = 0; i < who.length; i++) {
        const { ref, owner } = await prepared(intent);
        const asOwner = await decide(
          { ref, intent, staff: owner, version: await version(ref), assigneeId: caseworker2.id, ...inputs[intent] },
          { now },
        );
        expect(asOwner).toEqual({ ok: false, reason: "not_found" });
        const before = await version(ref);
        const result = await act({ ref, intent, staff: who[i]!, assigneeId: caseworker2.id, ...inputs[intent] });
        const got = result.ok ? "ok" : result.reason;
        expect(`${intent} by ${who[i]!.role}#${i}: ${got}`).toBe(`${intent} by ${who[i]!.role}#${i}: ${expected[intent][i]}`);
        // A refusal changes nothing.
        if (!result.ok) expect(await version(ref)).toBe(before);
      }
    });
  }
});

describe("decisions", () => {
  it("request information → owner answers → approve with the prefilled award → mark paid; owner notified each time", async () => {
    const { owner, ref } = await submitted();
    await act({ ref, intent: "claim", staff: caseworker });
    expect(await act({ ref, intent: "start_review", staff: caseworker })).toMatchObject({ ok: true });
    expect(await act({ ref, intent: "request_info", staff: caseworker, message: "  " })).toEqual({
      ok: false,
      reason: "invalid",
      field: "message",
      code: "required",
    });
    expect(await act({ ref, intent: "request_info", staff: caseworker, message: "Please send the 2020 sales statement." })).toMatchObject({
      ok: true,
      outcome: "info_requested",
    });
    const owned = (await getOwnerApplication({ key: ref, ownerId: owner.id }, { now }))!;
    expect(owned.status).toBe("info_requested");
    expect(owned.messages.at(-1)).toMatchObject({ author_role: "staff", body: "Please send the 2020 sales statement." });
    expect(await answerInfoRequest({ key: ref, ownerId: owner.id, message: "Attached." }, { now })).toEqual({ ok: true });
    // Wrong state: paying before approving.
    expect(await act({ ref, intent: "mark_paid", staff: caseworker })).toMatchObject({ ok: false, reason: "refused", code: "wrong_status" });
    // Award above the cap, negative, fractional: refused, nothing written.
    for (const [awardKrw, code] of [
      [3_000_001, "above_cap"],
      [-5, "negative"],
      [10.5, "not_whole"],
      [null, "required"],
    ] as const) {
      expect(await act({ ref, intent: "approve", staff: caseworker, awardKrw })).toEqual({ ok: false, reason: "invalid", field: "awardKrw", code });
    }
    expect((await row(ref)).status).toBe("under_review");
    expect(await act({ ref, intent: "approve", staff: caseworker, awardKrw: 2_000_000 })).toMatchObject({ ok: true, outcome: "approved" });
    expect(await row(ref)).toMatchObject({ status: "approved", award_amount_krw: 2_000_000, decided_at: now.toISOString() });
    expect(await act({ ref, intent: "mark_paid", staff: caseworker })).toMatchObject({ ok: true, outcome: "paid" });
    const notifications = await db().selectFrom("notifications").select("params").where("user_id", "=", owner.id).orderBy("id").execute();
    expect(notifications.map((n) => JSON.parse(n.params).status)).toEqual(["submitted", "under_review", "info_requested", "approved", "paid"]);
    const mail = await db().selectFrom("outbox").select("subject").where("to_address", "=", owner.email).execute();
    expect(mail).toHaveLength(5);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it("says what was asked and tells the caseworker when the owner answers (reply received, with the new documents)", async () => {
    const { owner, ref } = await submitted();
    await act({ ref, intent: "claim", staff: caseworker });
    await act({ ref, intent: "start_review", staff: caseworker });
    const asked = "Please send the lease contract for the new premises.";
    const later = new Date(now.getTime() + 60_000);
    expect(await decide({ ref, intent: "request_info", staff: caseworker, message: asked, version: await version(ref) }, { now })).toMatchObject({
      ok: true,
    });
    // The owner's notification and email carry the words of the request.
    const note = await db()
      .selectFrom("notifications")
      .select("params")
      .where("user_id", "=", owner.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(note.params)).toMatchObject({ status: "info_requested", message: asked });
    const mail = await db()
      .selectFrom("outbox")
      .select(["subject", "body_text"])
      .where("to_address", "=", owner.email)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain(asked);
    expect(mail.body_text).toContain("상태가 ‘보완 요청’으로 바뀌었습니다");

    // The owner uploads a document and answers.
    expect(
      await addDocument({ key: ref, ownerId: owner.id, requirementCode: "other", fileName: "lease.pdf", bytes: pdfBytes("lease") }, { now: later }),
    ).toMatchObject({ ok: true });
    expect(await answerInfoRequest({ key: ref, ownerId: owner.id, message: "Lease attached." }, { now: later })).toEqual({ ok: true });

    // The assigned caseworker is told, in the portal and by email.
    const toCaseworker = await db()
      .selectFrom("notifications")
      .select(["kind", "params"])
      .where("user_id", "=", caseworker.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(toCaseworker.kind).toBe("reply_received");
    expect(JSON.parse(toCaseworker.params)).toMatchObject({ reference: ref, message: "Lease attached." });
    const caseworkerMail = await db()
      .selectFrom("outbox")
      .select("body_text")
      .where("to_address", "=", caseworker.email)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(caseworkerMail.body_text).toContain("Lease attached.");

    // The review page and the queue mark the reply, with only the new document.
    const detail = (await getReviewDetail(ref, caseworker, { now: later }))!;
    expect(detail.reply).toMatchObject({ at: later.toISOString(), request: asked, answer: "Lease attached." });
    expect(detail.reply!.newDocuments.map((d) => d.display_name)).toEqual(["lease.pdf"]);
    const queue = await listQueue(parseQueueFilters(new URLSearchParams(`assignee=anyone&q=${ref}`)).filters, caseworker, { now: later });
    expect(queue.rows.find((r) => r.reference === ref)?.replyReceivedAt).toBe(later.toISOString());

    // Deciding clears the mark.
    expect(await act({ ref, intent: "approve", staff: caseworker, awardKrw: 2_000_000 })).toMatchObject({ ok: true });
    expect((await getReviewDetail(ref, caseworker, { now: later }))!.reply).toBeNull();
  });

  it("reject stores the reason code and the text for the owner", async () => {
    const { owner, ref } = await submitted();
    await act({ ref, intent: "claim", staff: caseworker });
    await act({ ref, intent: "start_review", staff: caseworker });
    expect(await act({ ref, intent: "reject", staff: caseworker, reasonCode: "made_up", reasonText: "x" })).toEqual({
      ok: false,
      reason: "invalid",
      field: "reasonCode",
      code: "unknown",
    });
    expect(await act({ ref, intent: "reject", staff: caseworker, reasonCode: "duplicate", reasonText: "" })).toEqual({
      ok: false,
      reason: "invalid",
      field: "reasonText",
      code: "required",
    });
    expect(
      await act({ ref, intent: "reject", staff: caseworker, reasonCode: "duplicate", reasonText: "Already funded under SF-2026-000001." }),
    ).toMatchObject({ ok: true });
    expect(await row(ref)).toMatchObject({ status: "rejected", decision_reason_code: "duplicate" });
    const owned = (await getOwnerApplication({ key: ref, ownerId: owner.id }, { now }))!;
    expect(owned.events.at(-1)).toMatchObject({ action: "reject", reason: "Already funded under SF-2026-000001." });
    // Decided: nothing more but notes.
    expect(await act({ ref, intent: "approve", staff: supervisor, awardKrw: 1 })).toMatchObject({
      ok: false,
      reason: "refused",
      code: "wrong_status",
    });
  });

  it("two decisions from the same version (two processes): one wins, the other conflicts and sees the change", async () => {
    const { ref } = await submitted();
    await act({ ref, intent: "claim", staff: caseworker });
    await act({ ref, intent: "start_review", staff: caseworker });
    const v = await version(ref);
    const results = await raceInProcesses([
      { op: "approve", ref, staff: caseworker, version: v, awardKrw: 2_000_000 },
      { op: "reject", ref, staff: supervisor, version: v },
    ]);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const [action, status, by] = results[0]!.ok ? ["approve", "approved", caseworker.email] : ["reject", "rejected", supervisor.email];
    expect(results.find((r) => !r.ok)).toMatchObject({
      ok: false,
      reason: "conflict",
      current: { version: v + 1, status, lastChange: { action, by } },
    });
    const events = await db()
      .selectFrom("status_events")
      .innerJoin("applications", "applications.id", "status_events.application_id")
      .select("action")
      .where("reference", "=", ref)
      .execute();
    expect(events.filter((e) => e.action === "approve" || e.action === "reject")).toHaveLength(1);
  }, 60_000);

  it("a forged or stale version is a conflict and writes nothing", async () => {
    const { ref } = await submitted();
    await act({ ref, intent: "claim", staff: caseworker });
    const v = await version(ref);
    for (const forged of [v + 5, v - 1, 0]) {
      expect(await decide({ ref, version: forged, intent: "start_review", staff: caseworker }, { now })).toMatchObject({
        ok: false,
        reason: "conflict",
        current: { version: v },
      });
    }
    expect(await decide({ ref, version: null, intent: "start_review", staff: caseworker }, { now })).toEqual({
      ok: false,
      reason: "invalid",
      field: "version",
      code: "required",
    });
    expect(await row(ref)).toMatchObject({ status: "submitted", version: v });
  });
});

describe("four eyes", () => {
  it("a large loan waits for a second supervisor; the proposer cannot confirm their own", async () => {
    const { owner, ref } = await submitted("rent-loan", { loan: 8_000_000 });
    expect((await getReviewDetail(ref, caseworker, { now }))!.award.prefillKrw).toBe(8_000_000);
    await act({ ref, intent: "claim", staff: caseworker });
    await act({ ref, intent: "start_review", staff: caseworker });
    expect(await act({ ref, intent: "approve", staff: caseworker, awardKrw: 10_000_001 })).toMatchObject({ ok: false, code: "above_cap" });
    expect(await act({ ref, intent: "approve", staff: caseworker, awardKrw: 8_000_000 })).toMatchObject({ ok: true, outcome: "approval_proposed" });
    expect(await row(ref)).toMatchObject({ status: "under_review", award_amount_krw: 8_000_000, approval_proposed_by: caseworker.id });
    // Nothing else while it waits; the caseworker cannot confirm.
    expect(await act({ ref, intent: "approve", staff: caseworker, awardKrw: 8_000_000 })).toMatchObject({ ok: false, code: "proposal_pending" });
    expect(await act({ ref, intent: "confirm_approval", staff: caseworker })).toMatchObject({ ok: false, reason: "forbidden" });
    // A supervisor declines with a reason; then proposes themselves, and cannot confirm their own.
    expect(await act({ ref, intent: "decline_approval", staff: supervisor, note: "Lease shows lower rent" })).toMatchObject({
      ok: true,
      outcome: "approval_declined",
    });
    expect(await row(ref)).toMatchObject({ award_amount_krw: null, approval_proposed_by: null });
    expect(await act({ ref, intent: "approve", staff: supervisor, awardKrw: 6_000_000 })).toMatchObject({ ok: true, outcome: "approval_proposed" });
    expect(await act({ ref, intent: "confirm_approval", staff: supervisor })).toMatchObject({ ok: false, reason: "forbidden", code: "own_proposal" });
    expect(await act({ ref, intent: "confirm_approval", staff: supervisor2 })).toMatchObject({ ok: true, outcome: "approval_confirmed" });
    expect(await row(ref)).toMatchObject({ status: "approved", award_amount_krw: 6_000_000 });
    const actions = await db().selectFrom("audit_log").select("action").where("target_id", "=", ref).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual([
      "application.claim",
      "application.start_review",
      "application.approval_proposed",
      "application.approval_declined",
      "application.approval_proposed",
      "application.approval_confirmed",
    ]);
    const notes = await db()
      .selectFrom("internal_notes")
      .innerJoin("applications", "applications.id", "internal_notes.application_id")
      .select("body")
      .where("reference", "=", ref)
      .execute();
    expect(notes.map((n) => n.body)).toEqual(["Lease shows lower rent"]);
    // The owner heard only of real status changes.
    const notified = await db().selectFrom("notifications").select("params").where("user_id", "=", owner.id).execute();
    expect(notified.map((n) => JSON.parse(n.params).status)).toEqual(["submitted", "under_review", "approved"]);
  });

  it("at or below the threshold a caseworker approves alone", async () => {
    const { ref } = await submitted("rent-loan", { loan: 5_000_000 });
    await act({ ref, intent: "claim", staff: caseworker });
    await act({ ref, intent: "start_review", staff: caseworker });
    expect(await act({ ref, intent: "approve", staff: caseworker, awardKrw: 5_000_000 })).toMatchObject({ ok: true, outcome: "approved" });
  });
});

describe("over HTTP (built server)", () => {
  let server: RunningServer;
  let sdb: Kysely<Database>;
  let ref: string;
  let cookies: Record<"owner" | "caseworker" | "supervisor", string>;

  beforeAll(async () => {
    server = await startServer();
    sdb = serverDb(server);
    const app = await submitted("rent-loan", { database: sdb, loan: 8_000_000 });
    ref = app.ref;
    const cw = await addUser(sdb, `cw-${Date.now()}@test.example`, "caseworker");
    const sv = await addUser(sdb, `sv-${Date.now()}@test.example`, "supervisor");
    cookies = {
      owner: (await addSession(sdb, app.owner.id)).cookie,
      caseworker: (await addSession(sdb, cw.id)).cookie,
      supervisor: (await addSession(sdb, sv.id)).cookie,
    };
  }, 60_000);

  afterAll(async () => {
    await sdb?.destroy();
    await server?.stop();
  });

  it("an owner gets 404 for the review page, its actions and its documents", async () => {
    const http = client(server);
    expect((await http.get(`/admin/applications/${ref}`, { cookie: cookies.owner })).status).toBe(404);
    expect((await http.post(`/admin/applications/${ref}`, { intent: "claim" }, { cookie: cookies.owner })).status).toBe(404);
    expect((await http.get(`/admin/applications/${ref}/documents/1`, { cookie: cookies.owner })).status).toBe(404);
    // Signed out: to the sign-in page.
    expect((await http.get(`/admin/applications/${ref}`)).status).toBe(302);
  });

  it("a caseworker sees the page, opens a document inline, gets 403 on a supervisor-only action, 409 on a stale form", async () => {
    const http = client(server);
    const page = await http.get(`/admin/applications/${ref}`, { cookie: cookies.caseworker });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(ref);
    const ko = await (await http.get(`/admin/applications/${ref}`, { cookie: cookies.caseworker, headers: { "Accept-Language": "ko" } })).text();
    expect(ko).toContain(`<title>신청 ${ref}`);
    expect(ko).toContain("자격 평가: 제출 당시와 현재");
    const docId = Number(html.match(new RegExp(`/admin/applications/${ref}/documents/(\\d+)`))![1]);
    const doc = await http.get(`/admin/applications/${ref}/documents/${docId}`, { cookie: cookies.caseworker });
    expect(doc.status).toBe(200);
    expect(doc.headers.get("content-type")).toBe("application/pdf");
    expect(doc.headers.get("content-disposition")).toMatch(/^inline;/);
    // The server's own headers come too (express appends): every value must be the strict one.
    expect(doc.headers.get("x-content-type-options")).toBe("nosniff");
    expect(doc.headers.get("content-security-policy")).toContain("default-src 'none'; sandbox");
    const audited = await sdb.selectFrom("audit_log").select(["action", "target_id"]).orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    expect(audited).toEqual({ action: "document.view", target_id: String(docId) });
    expect((await http.get(`/admin/applications/${ref}/documents/${docId + 1000}`, { cookie: cookies.caseworker })).status).toBe(404);

    const v = String(await version(ref, sdb));
    expect(
      (await http.post(`/admin/applications/${ref}`, { intent: "reassign", version: v, assigneeId: "1" }, { cookie: cookies.caseworker })).status,
    ).toBe(403);
    expect((await http.post(`/admin/applications/${ref}`, { intent: "confirm_approval", version: v }, { cookie: cookies.caseworker })).status).toBe(
      403,
    );
    // Unknown intent or a bad version: 400, not 500.
    expect((await http.post(`/admin/applications/${ref}`, { intent: "explode", version: v }, { cookie: cookies.caseworker })).status).toBe(400);
    expect((await http.post(`/admin/applications/${ref}`, { intent: "start_review", version: "abc" }, { cookie: cookies.caseworker })).status).toBe(
      400,
    );
    // CSRF: another origin is refused before the action runs.
    expect(
      (await http.post(`/admin/applications/${ref}`, { intent: "claim" }, { cookie: cookies.caseworker, origin: "https://evil.example" })).status,
    ).toBe(403);
    // Claim (redirect), then a form from before the claim is stale.
    const claim = await http.post(`/admin/applications/${ref}`, { intent: "claim", version: v }, { cookie: cookies.caseworker });
    expect(claim.status).toBe(302);
    const stale = await http.post(`/admin/applications/${ref}`, { intent: "start_review", version: v }, { cookie: cookies.caseworker });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("This application changed while you had it open");
    // Wrong state: 409 with the reason; bad awards: 400 at the field; nothing changes.
    const fresh = async () => String(await version(ref, sdb));
    expect(
      (await http.post(`/admin/applications/${ref}`, { intent: "mark_paid", version: await fresh() }, { cookie: cookies.caseworker })).status,
    ).toBe(409);
    expect(
      (await http.post(`/admin/applications/${ref}`, { intent: "start_review", version: await fresh() }, { cookie: cookies.caseworker })).status,
    ).toBe(302);
    const before = await fresh();
    const over = await http.post(
      `/admin/applications/${ref}`,
      { intent: "approve", version: before, awardKrw: "99,000,000" },
      { cookie: cookies.caseworker },
    );
    expect(over.status).toBe(400);
    expect(await over.text()).toContain("maximum of KRW 10,000,000");
    expect(
      (await http.post(`/admin/applications/${ref}`, { intent: "approve", version: before, awardKrw: "-5" }, { cookie: cookies.caseworker })).status,
    ).toBe(400);
    expect(
      (await http.post(`/admin/applications/${ref}`, { intent: "approve", version: before, awardKrw: "lots" }, { cookie: cookies.caseworker }))
        .status,
    ).toBe(400);
    expect(await fresh()).toBe(before);
    // Unknown reference: 404.
    expect((await http.get(`/admin/applications/SF-2026-999999`, { cookie: cookies.caseworker })).status).toBe(404);
  });
});
