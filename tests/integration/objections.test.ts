import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { verifyAuditChain } from "../../app/modules/audit/audit.server";
import { objectionDeadline } from "../../app/modules/objections/objection";
import {
  decideObjectionAsStaff,
  fileListObjection,
  fileObjection,
  getListObjectionPage,
  getObjection,
  getOwnerObjections,
  listObjections,
  type Staff,
} from "../../app/modules/objections/objections.server";
import { objectionCounts, recountCounters } from "../../app/modules/statistics/counters.server";
import { getDashboard } from "../../app/modules/statistics/dashboard.server";
import { openObjectionCount } from "../../app/modules/review/queue.server";
import { decide } from "../../app/modules/review/review.server";
import { createUser, pdfBytes, seedCatalogue } from "../helpers/fixtures";
import { approvedWithAccount } from "../helpers/payments";

const db = () => getDb();
let caseworker1: Staff;
let caseworker2: Staff;

beforeAll(async () => {
  await seedCatalogue(db(), new Date("2026-11-26T03:00:00Z"));
  caseworker1 = await createUser(db(), "caseworker");
  caseworker2 = await createUser(db(), "caseworker");
});

/** An application rejected by `by` through the review service at `at`. */
async function rejected(by: Staff, at = new Date()) {
  const app = await approvedWithAccount(db(), { withAccount: false });
  await db()
    .updateTable("applications")
    .set({ status: "under_review", assigned_to: by.id, award_amount_krw: null })
    .where("id", "=", app.id)
    .execute();
  const { version } = await db().selectFrom("applications").select("version").where("id", "=", app.id).executeTakeFirstOrThrow();
  const r = await decide(
    { ref: app.reference, intent: "reject", version, staff: by, reasonCode: "not_eligible", reasonText: "Sales did not fall." },
    { now: at },
  );
  expect(r).toMatchObject({ ok: true, outcome: "rejected" });
  return app;
}

describe("filing", () => {
  it("within 30 days of the rejection, with a reason and documents; once", async () => {
    const rejectedAt = new Date("2026-12-01T03:00:00Z");
    const app = await rejected(caseworker1, rejectedAt);
    const owner = app.owner.id;
    const ctx = await getOwnerObjections({ ref: app.reference, ownerId: owner, now: new Date("2026-12-05T00:00:00Z") });
    expect(ctx?.canObject).toEqual({ deadline: "2026-12-31T03:00:00.000Z" });
    expect(await getOwnerObjections({ ref: app.reference, ownerId: caseworker2.id })).toBeNull();

    const late = await fileObjection({ ref: app.reference, ownerId: owner, reason: "late", files: [] }, { now: new Date("2027-01-01T00:00:00Z") });
    expect(late).toMatchObject({ ok: false, code: "window_closed" });
    const badDoc = await fileObjection(
      { ref: app.reference, ownerId: owner, reason: "See the statement.", files: [{ name: "x.exe", bytes: new TextEncoder().encode("MZ") }] },
      { now: new Date("2026-12-05T00:00:00Z") },
    );
    expect(badDoc).toEqual({ ok: false, reason: "document", code: "wrong_type", file: "x.exe" });
    const longName = await fileObjection(
      {
        ref: app.reference,
        ownerId: owner,
        reason: "See the statement.",
        files: [{ name: `${"n".repeat(10_000)}.exe`, bytes: new TextEncoder().encode("MZ") }],
      },
      { now: new Date("2026-12-05T00:00:00Z") },
    );
    // The refusal quotes the owner's file name shortened.
    expect(longName).toEqual({ ok: false, reason: "document", code: "wrong_type", file: `${"n".repeat(79)}…` });
    const stranger = await fileObjection({ ref: app.reference, ownerId: caseworker2.id, reason: "x", files: [] });
    expect(stranger).toEqual({ ok: false, reason: "not_found" });

    const filed = await fileObjection(
      {
        ref: app.reference,
        ownerId: owner,
        reason: "My sales fell by 40%; here is the statement.",
        files: [{ name: "sales.pdf", bytes: pdfBytes("sales") }],
      },
      { now: new Date("2026-12-05T00:00:00Z") },
    );
    expect(filed).toMatchObject({ ok: true });
    const twice = await fileObjection({ ref: app.reference, ownerId: owner, reason: "again", files: [] }, { now: new Date("2026-12-06T00:00:00Z") });
    expect(twice).toMatchObject({ ok: false, code: "already_objected" });
    const docs = await db()
      .selectFrom("application_documents")
      .select(["requirement_code", "display_name"])
      .where("application_id", "=", app.id)
      .execute();
    expect(docs).toEqual([{ requirement_code: "objection", display_name: "sales.pdf" }]);
  });

  it("only against a rejection", async () => {
    const app = await approvedWithAccount(db());
    expect(await fileObjection({ ref: app.reference, ownerId: app.owner.id, reason: "x", files: [] })).toMatchObject({
      ok: false,
      code: "not_refused",
    });
  });

  it("for a business told it is not on a list", async () => {
    const owner = await createUser(db());
    const app = await approvedWithAccount(db(), { owner });
    const b = await db().selectFrom("applications").select(["business_id", "programme_id"]).where("id", "=", app.id).executeTakeFirstOrThrow();
    const input = {
      ownerId: owner.id,
      businessId: b.business_id,
      programmeId: b.programme_id,
      notifiedAt: "2026-12-01T00:00:00.000Z",
      reason: "We were closed by order.",
    };
    expect(await fileListObjection(input, { now: new Date("2026-12-02T00:00:00Z") })).toMatchObject({ ok: true });
    expect(await fileListObjection(input, { now: new Date("2026-12-02T00:00:00Z") })).toMatchObject({ ok: false, code: "already_objected" });
    expect(await fileListObjection({ ...input, ownerId: caseworker1.id }, { now: new Date("2026-12-02T00:00:00Z") })).toEqual({
      ok: false,
      reason: "not_found",
    });
  });
});

describe("not on the list", () => {
  it("the page offers only unlisted businesses, a listed one cannot object, and the decision reaches the owner", async () => {
    const owner = await createUser(db());
    const listedApp = await approvedWithAccount(db(), { owner });
    const unlistedApp = await approvedWithAccount(db(), { owner });
    const [listed, unlisted] = await Promise.all(
      [listedApp, unlistedApp].map((a) =>
        db()
          .selectFrom("applications as a")
          .innerJoin("businesses as b", "b.id", "a.business_id")
          .select(["b.id", "b.registration_number", "a.programme_id"])
          .where("a.id", "=", a.id)
          .executeTakeFirstOrThrow(),
      ),
    );
    const programme = await db().selectFrom("programmes").select(["id", "slug"]).where("id", "=", listed!.programme_id).executeTakeFirstOrThrow();
    const before = await getListObjectionPage({ ownerId: owner.id, programmeSlug: programme.slug });
    const publishedAt = "2026-12-01T00:00:00.000Z";
    const list = await db()
      .insertInto("verified_lists")
      .values({ programme_id: programme.id, round: 7, created_at: publishedAt })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db()
      .insertInto("verified_entries")
      .values({
        list_id: list.id,
        registration_number: listed!.registration_number,
        trade_name: "Listed",
        representative: "Kim",
        facts: "{}",
        amount_krw: 1_000_000,
        source: "test",
        row_hash: "h",
        last_import_id: 0,
        last_row: 2,
        created_at: publishedAt,
        updated_at: publishedAt,
      })
      .execute();
    const page = await getListObjectionPage({ ownerId: owner.id, programmeSlug: programme.slug, now: new Date("2026-12-10T00:00:00Z") });
    expect(page!.notifiedAt).toBe(publishedAt);
    expect(page!.deadline).toBe(objectionDeadline(publishedAt));
    expect(page!.windowOpen).toBe(true);
    expect(page!.businesses.map((b) => b.id)).toEqual([unlisted!.id]);
    expect(before!.businesses.map((b) => b.id)).toContain(listed!.id);
    expect(await getListObjectionPage({ ownerId: owner.id, programmeSlug: "no-such-programme" })).toBeNull();

    const at = new Date("2026-12-10T00:00:00Z");
    const base = { ownerId: owner.id, programmeId: programme.id, notifiedAt: publishedAt, reason: "Our 2020 sales fell by half." };
    expect(await fileListObjection({ ...base, businessId: listed!.id }, { now: at })).toMatchObject({ ok: false, code: "not_refused" });
    const filed = await fileListObjection({ ...base, businessId: unlisted!.id }, { now: at });
    if (!filed.ok) throw new Error("file");
    const shown = await getListObjectionPage({ ownerId: owner.id, programmeSlug: programme.slug, now: at });
    expect(shown!.objections).toMatchObject([{ id: filed.objectionId, state: "open" }]);

    const decided = await decideObjectionAsStaff({
      id: filed.objectionId,
      staff: caseworker1,
      decision: "overturn",
      reason: "The tax office confirmed the fall.",
    });
    expect(decided).toMatchObject({ ok: true, state: "overturned" });
    const notice = await db()
      .selectFrom("notifications")
      .select(["kind", "params", "application_id"])
      .where("user_id", "=", owner.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(notice.kind).toBe("objection_decided");
    expect(notice.application_id).toBeNull();
    const params = JSON.parse(notice.params) as { text: { en: string; ko: string }; link: string };
    expect(params.text.en).toContain("was accepted: The tax office confirmed the fall.");
    expect(params.link).toBe(`/applications/rapid/objection?programme=${programme.slug}`);
    const mail = await db()
      .selectFrom("outbox")
      .select("body_text")
      .where("to_address", "=", owner.email)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain("이의신청이 받아들여졌습니다");
    const after = await getListObjectionPage({ ownerId: owner.id, programmeSlug: programme.slug, now: at });
    expect(after!.objections).toMatchObject([{ state: "overturned", decision_reason: "The tax office confirmed the fall." }]);
  });
});

describe("deciding", () => {
  it("never by the caseworker who rejected; a second caseworker overturns and the application is reopened", async () => {
    const app = await rejected(caseworker1);
    const filed = await fileObjection({ ref: app.reference, ownerId: app.owner.id, reason: "Please look again.", files: [] });
    if (!filed.ok) throw new Error("file");
    const queue = await listObjections(caseworker2);
    expect(queue!.map((o) => o.id)).toContain(filed.objectionId);
    expect((await listObjections(caseworker1))!.find((o) => o.id === filed.objectionId)?.yours).toBe(true);
    expect(await listObjections({ id: app.owner.id, email: app.owner.email, role: "owner" })).toBeNull();

    const detail1 = await getObjection(filed.objectionId, caseworker1);
    expect(detail1).toMatchObject({ mayDecide: false, original_decider_email: caseworker1.email });
    const own = await decideObjectionAsStaff({ id: filed.objectionId, staff: caseworker1, decision: "overturn", reason: "I was wrong." });
    expect(own).toMatchObject({ ok: false, code: "same_decider" });
    // Not even a supervisor account held by the same person id.
    expect(
      await decideObjectionAsStaff({ id: filed.objectionId, staff: { ...caseworker1, role: "supervisor" }, decision: "uphold", reason: "x" }),
    ).toMatchObject({ code: "same_decider" });
    expect(await decideObjectionAsStaff({ id: filed.objectionId, staff: caseworker2, decision: "overturn", reason: " " })).toMatchObject({
      code: "reason_required",
    });

    const detail2 = await getObjection(filed.objectionId, caseworker2);
    expect(detail2?.mayDecide).toBe(true);
    const done = await decideObjectionAsStaff({
      id: filed.objectionId,
      staff: caseworker2,
      decision: "overturn",
      reason: "The statement shows the fall.",
      version: detail2!.version,
    });
    expect(done).toEqual({ ok: true, state: "overturned" });
    const row = await db()
      .selectFrom("applications")
      .select(["status", "assigned_to", "decided_at"])
      .where("id", "=", app.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "under_review", assigned_to: caseworker2.id, decided_at: null });
    const event = await db()
      .selectFrom("status_events")
      .select(["action", "from_status", "to_status", "reason", "actor_id"])
      .where("application_id", "=", app.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      action: "reopen",
      from_status: "rejected",
      to_status: "under_review",
      reason: "The statement shows the fall.",
      actor_id: caseworker2.id,
    });
    const note = await db()
      .selectFrom("notifications")
      .select(["kind", "params"])
      .where("application_id", "=", app.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(note.kind).toBe("objection_decided");
    expect(JSON.parse(note.params)).toMatchObject({ objection: "overturned", decisionReason: "The statement shows the fall." });
    const owner = await getOwnerObjections({ ref: app.reference, ownerId: app.owner.id });
    expect(owner?.objections[0]).toMatchObject({ state: "overturned", decisionReason: "The statement shows the fall." });

    // Decided once: a second decision is refused.
    expect(await decideObjectionAsStaff({ id: filed.objectionId, staff: caseworker2, decision: "uphold", reason: "x" })).toMatchObject({
      code: "wrong_state",
    });
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it("upheld: the refusal stands and the owner reads why", async () => {
    const app = await rejected(caseworker1);
    const filed = await fileObjection({ ref: app.reference, ownerId: app.owner.id, reason: "Please look again.", files: [] });
    if (!filed.ok) throw new Error("file");
    expect(await decideObjectionAsStaff({ id: filed.objectionId, staff: caseworker2, decision: "uphold", reason: "Sales rose in 2020." })).toEqual({
      ok: true,
      state: "upheld",
    });
    expect((await db().selectFrom("applications").select("status").where("id", "=", app.id).executeTakeFirstOrThrow()).status).toBe("rejected");
    const owner = await getOwnerObjections({ ref: app.reference, ownerId: app.owner.id });
    expect(owner).toMatchObject({ canObject: null, objections: [{ state: "upheld", decisionReason: "Sales rose in 2020." }] });
  });
});

describe("counters", () => {
  /** The objections table itself, per programme × kind × state: what the counters must equal. */
  async function truth() {
    const rows = await db()
      .selectFrom("objections")
      .select(["programme_id", "kind", "state", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(["programme_id", "kind", "state"])
      .execute();
    return rows.map((r) => `${r.programme_id}|${r.kind}|${r.state}|${Number(r.n)}`).sort();
  }
  async function counted() {
    return (await objectionCounts(db())).map((r) => `${r.programme_id}|${r.kind}|${r.state}|${r.n}`).sort();
  }

  it("move with every filing and decision, in its transaction, and a recount lands on the same figures", async () => {
    const app = await rejected(caseworker1);
    const { programme_id } = await db().selectFrom("applications").select("programme_id").where("id", "=", app.id).executeTakeFirstOrThrow();
    const openBefore = await openObjectionCount(null);
    const filed = await fileObjection({ ref: app.reference, ownerId: app.owner.id, reason: "Please look again.", files: [] });
    if (!filed.ok) throw new Error("file");
    expect(await counted()).toEqual(await truth());
    expect(await openObjectionCount(null)).toBe(openBefore + 1);
    expect(await openObjectionCount([programme_id])).toBeGreaterThanOrEqual(1);
    expect(await openObjectionCount([])).toBe(0);

    // A refused decision (by the caseworker who rejected) moves nothing.
    const refused = await decideObjectionAsStaff({ id: filed.objectionId, staff: caseworker1, decision: "overturn", reason: "Mine." });
    expect(refused).toMatchObject({ ok: false });
    expect(await counted()).toEqual(await truth());

    const done = await decideObjectionAsStaff({
      id: filed.objectionId,
      staff: caseworker2,
      decision: "overturn",
      reason: "The statement shows the fall.",
    });
    expect(done).toMatchObject({ ok: true, state: "overturned" });
    expect(await counted()).toEqual(await truth());
    expect(await openObjectionCount(null)).toBe(openBefore);

    const dashboard = await getDashboard();
    const mine = dashboard.find((p) => p.id === programme_id)!;
    expect(mine.objections.overturned).toBeGreaterThanOrEqual(1);
    const totals = dashboard.reduce((sum, p) => sum + p.objections.open + p.objections.upheld + p.objections.overturned, 0);
    const all = await db()
      .selectFrom("objections")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(totals).toBe(Number(all.n));

    // Written around the services (as a fixture would): a recount rebuilds the same truth.
    await db().updateTable("objection_counters").set({ n: 0 }).execute();
    await recountCounters(db());
    expect(await counted()).toEqual(await truth());
  });
});
