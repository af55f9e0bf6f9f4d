import { createHash } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import { getDb } from "../../../db/client";
import { isUniqueViolation } from "../../../db/errors";
import type { Database } from "../../../db/schema";
import { withTransaction } from "../../../db/transaction";
import { decideTransition, statusName, type ApplicationStatus } from "~/modules/applications/application-state";
import { checkDocument, DOCUMENT_MEDIA_TYPES, displayName, type DocumentRefusal } from "~/modules/applications/documents";
import {
  checkFiling,
  decideObjection,
  objectionDeadline,
  OBJECTION_DOCUMENTS_MAX,
  type DecisionRefusal,
  type FilingRefusal,
  type ObjectionDecision,
  type ObjectionState,
} from "./objection";
import { isReference } from "~/modules/applications/reference";
import { rejectionReasonLabel } from "~/modules/review/review";
import { hasStaffRole, type Role } from "~/modules/accounts/roles";
import { RulesSchema, type LocalisedText } from "~/modules/eligibility/rules";
import { getEnv } from "~/shared/env.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { moveObjectionCounter } from "~/modules/statistics/counters.server";
import { enqueueEmail } from "~/modules/notifications/email.server";
import { notify } from "~/modules/notifications/notifications.server";
import { recordStatusChange } from "~/modules/applications/status-change.server";

/**
 * Objections (이의신청): an owner objects to a rejection within 30 days, with a reason and
 * documents (stored as the application's documents, through the same checks); a caseworker who did
 * not take the rejection decides — upheld, or overturned, which reopens the application for review
 * (rejected → under_review through the state machine and recordStatusChange). The owner reads the
 * decision and its reason on their application page and is told by notification and email.
 * `fileListObjection` is the entry for an owner told they are not on a verified list.
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export interface Staff {
  id: number;
  email: string;
  role: Role;
}

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** The latest rejection of an application and who took it (the status event is the record). */
async function latestRejection(db: Db | Trx, applicationId: number) {
  return db
    .selectFrom("status_events")
    .select(["id", "at", "actor_id", "reason"])
    .where("application_id", "=", applicationId)
    .where("action", "=", "reject")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// The owner's side

/** What the owner's application page shows about objections; null when the application is not theirs. */
export async function getOwnerObjections({ ref, ownerId, now = new Date() }: { ref: string; ownerId: number; now?: Date }, db: Db = getDb()) {
  if (!isReference(ref)) return null;
  const app = await db
    .selectFrom("applications")
    .select(["id", "status"])
    .where("reference", "=", ref)
    .where("owner_id", "=", ownerId)
    .executeTakeFirst();
  if (!app) return null;
  const [rejection, objections] = await Promise.all([
    app.status === "rejected" ? latestRejection(db, app.id) : Promise.resolve(undefined),
    db
      .selectFrom("objections")
      .select(["id", "state", "reason", "decision_reason", "decided_at", "created_at", "rejection_event_id"])
      .where("application_id", "=", app.id)
      .orderBy("id", "desc")
      .execute(),
  ]);
  let canObject: { deadline: string } | null = null;
  if (rejection) {
    const check = checkFiling({
      refusedAt: rejection.at,
      now,
      alreadyObjected: objections.some((o) => o.rejection_event_id === rejection.id),
      reason: "x",
    });
    if (check.ok) canObject = { deadline: check.deadline };
  }
  return {
    canObject,
    windowClosed: Boolean(rejection && !canObject && !objections.some((o) => o.rejection_event_id === rejection.id)),
    objections: objections.map((o) => ({
      id: o.id,
      state: o.state as ObjectionState,
      reason: o.reason,
      decisionReason: o.decision_reason,
      decidedAt: o.decided_at,
      createdAt: o.created_at,
    })),
  };
}

export type FileResult =
  | { ok: true; objectionId: number }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "refused"; code: FilingRefusal; message: LocalisedText }
  | { ok: false; reason: "document"; code: DocumentRefusal | "too_many"; file: string };

/** An owner objects to the rejection of their application, with a reason and up to three documents. */
export async function fileObjection(
  { ref, ownerId, reason, files }: { ref: string; ownerId: number; reason: string; files: UploadedFile[] },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<FileResult> {
  if (!isReference(ref)) return { ok: false, reason: "not_found" };
  if (files.length > OBJECTION_DOCUMENTS_MAX) return { ok: false, reason: "document", code: "too_many", file: files[OBJECTION_DOCUMENTS_MAX]!.name };
  const stamp = now.toISOString();
  try {
    return await withTransaction(db, async (trx): Promise<FileResult> => {
      const app = await trx
        .selectFrom("applications")
        .select(["id", "status", "programme_id", "business_id"])
        .where("reference", "=", ref)
        .where("owner_id", "=", ownerId)
        .executeTakeFirst();
      if (!app) return { ok: false, reason: "not_found" };
      const rejection = app.status === "rejected" ? await latestRejection(trx, app.id) : undefined;
      const already = rejection
        ? await trx.selectFrom("objections").select("id").where("rejection_event_id", "=", rejection.id).executeTakeFirst()
        : undefined;
      const check = checkFiling({ refusedAt: rejection?.at ?? null, now, alreadyObjected: Boolean(already), reason });
      if (!check.ok) return { ok: false, reason: "refused", code: check.code, message: check.message };

      const count = await trx
        .selectFrom("application_documents")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("application_id", "=", app.id)
        .executeTakeFirstOrThrow();
      const checked = [];
      for (const [i, f] of files.entries()) {
        const c = checkDocument(f.bytes, Number(count.n) + i);
        if (!c.ok) return { ok: false, reason: "document", code: c.code, file: f.name };
        checked.push({ file: f, kind: c.kind });
      }
      const inserted = await trx
        .insertInto("objections")
        .values({
          kind: "rejection",
          application_id: app.id,
          programme_id: app.programme_id,
          business_id: app.business_id,
          owner_id: ownerId,
          rejection_event_id: rejection!.id,
          original_decider_id: rejection!.actor_id,
          notified_at: rejection!.at,
          reason: reason.trim(),
          state: "open",
          created_at: stamp,
          updated_at: stamp,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await moveObjectionCounter(trx, { programmeId: app.programme_id, kind: "rejection", from: null, to: "open" });
      for (const { file, kind } of checked) {
        const doc = await trx
          .insertInto("application_documents")
          .values({
            application_id: app.id,
            requirement_code: "objection",
            display_name: displayName(file.name, kind),
            media_type: DOCUMENT_MEDIA_TYPES[kind],
            size_bytes: file.bytes.length,
            sha256: createHash("sha256").update(file.bytes).digest("hex"),
            content: Buffer.from(file.bytes),
            uploaded_by: ownerId,
            created_at: stamp,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx.insertInto("objection_documents").values({ objection_id: inserted.id, document_id: doc.id }).execute();
      }
      await recordAudit(trx, {
        actor: { id: ownerId, label: `owner:${ownerId}` },
        action: "objection.file",
        target: { type: "application", id: ref },
        details: { objection: inserted.id, documents: checked.length, deadline: check.deadline },
        at: now,
      });
      return { ok: true, objectionId: inserted.id };
    });
  } catch (error) {
    // Two submits of the same objection at once: the rejection's unique index lets one through.
    if (isUniqueViolation(error)) {
      return {
        ok: false,
        reason: "refused",
        code: "already_objected",
        message: { en: "You have already objected to this decision.", ko: "이 결정에 대해 이미 이의신청을 했습니다." },
      };
    }
    throw error;
  }
}

/**
 * For the verified-list track: an owner told on `notifiedAt` that their business is not on a
 * programme's list objects (within 30 days). No application exists, so there are no documents;
 * deciding it records the outcome for the list's owners to act on.
 */
export async function fileListObjection(
  {
    ownerId,
    businessId,
    programmeId,
    notifiedAt,
    reason,
  }: { ownerId: number; businessId: number; programmeId: number; notifiedAt: string; reason: string },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<Exclude<FileResult, { reason: "document" }>> {
  const stamp = now.toISOString();
  try {
    return await withTransaction(db, async (trx) => {
      const business = await trx
        .selectFrom("businesses")
        .select(["id", "registration_number"])
        .where("id", "=", businessId)
        .where("owner_id", "=", ownerId)
        .executeTakeFirst();
      if (!business) return { ok: false, reason: "not_found" } as const;
      // A business on the programme's list was not refused: nothing to object to.
      const listed = await isOnList(trx, programmeId, business.registration_number);
      const open = await trx
        .selectFrom("objections")
        .select("id")
        .where("kind", "=", "not_listed")
        .where("business_id", "=", businessId)
        .where("programme_id", "=", programmeId)
        .where("notified_at", "=", notifiedAt)
        .executeTakeFirst();
      const check = checkFiling({ refusedAt: listed ? null : notifiedAt, now, alreadyObjected: Boolean(open), reason });
      if (!check.ok) return { ok: false, reason: "refused", code: check.code, message: check.message } as const;
      const row = await trx
        .insertInto("objections")
        .values({
          kind: "not_listed",
          application_id: null,
          programme_id: programmeId,
          business_id: businessId,
          owner_id: ownerId,
          rejection_event_id: null,
          original_decider_id: null,
          notified_at: notifiedAt,
          reason: reason.trim(),
          state: "open",
          created_at: stamp,
          updated_at: stamp,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await moveObjectionCounter(trx, { programmeId, kind: "not_listed", from: null, to: "open" });
      await recordAudit(trx, {
        actor: { id: ownerId, label: `owner:${ownerId}` },
        action: "objection.file",
        target: { type: "business", id: businessId },
        details: { objection: row.id, kind: "not_listed", programmeId, deadline: check.deadline },
        at: now,
      });
      return { ok: true, objectionId: row.id } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return {
        ok: false,
        reason: "refused",
        code: "already_objected",
        message: { en: "You have already objected to this decision.", ko: "이 결정에 대해 이미 이의신청을 했습니다." },
      };
    }
    throw error;
  }
}

async function isOnList(db: Db | Trx, programmeId: number, registrationNumber: string): Promise<boolean> {
  const row = await db
    .selectFrom("verified_entries as e")
    .innerJoin("verified_lists as l", "l.id", "e.list_id")
    .select("e.id")
    .where("e.registration_number", "=", registrationNumber)
    .where("l.programme_id", "=", programmeId)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * What `/applications/rapid/objection` shows an owner: the programme's latest verified list (its
 * publication is when businesses not on it were told, and starts the 30 days), the owner's
 * businesses that are not on any of the programme's lists, and the objections they have made about
 * that, with each decision and its reason. Null when the programme is not published.
 */
export async function getListObjectionPage(
  { ownerId, programmeSlug, now = new Date() }: { ownerId: number; programmeSlug: string; now?: Date },
  db: Db = getDb(),
) {
  const programme = await db
    .selectFrom("programmes")
    .select(["id", "slug", "name_en", "name_ko", "status"])
    .where("slug", "=", programmeSlug)
    .executeTakeFirst();
  if (!programme || programme.status !== "published") return null;
  const list = await db
    .selectFrom("verified_lists")
    .select(["id", "created_at"])
    .where("programme_id", "=", programme.id)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  const businesses = await db
    .selectFrom("businesses as b")
    .select(["b.id", "b.trade_name", "b.registration_number"])
    .where("b.owner_id", "=", ownerId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("verified_entries as e")
            .innerJoin("verified_lists as l", "l.id", "e.list_id")
            .select("e.id")
            .whereRef("e.registration_number", "=", "b.registration_number")
            .where("l.programme_id", "=", programme.id),
        ),
      ),
    )
    .orderBy("b.id")
    .execute();
  const objections = await db
    .selectFrom("objections as o")
    .innerJoin("businesses as b", "b.id", "o.business_id")
    .select(["o.id", "o.state", "o.created_at", "o.decided_at", "o.decision_reason", "b.trade_name"])
    .where("o.owner_id", "=", ownerId)
    .where("o.programme_id", "=", programme.id)
    .where("o.kind", "=", "not_listed")
    .orderBy("o.id", "desc")
    .execute();
  const deadline = list ? objectionDeadline(list.created_at) : null;
  return {
    programme: { id: programme.id, slug: programme.slug, name: { en: programme.name_en, ko: programme.name_ko } },
    notifiedAt: list?.created_at ?? null,
    deadline,
    windowOpen: deadline !== null && now.toISOString() <= deadline,
    businesses,
    objections: objections.map((o) => ({ ...o, state: o.state as ObjectionState })),
  };
}

// ---------------------------------------------------------------------------------------------
// The staff side

export async function listObjections(staff: Staff, { state = "open" }: { state?: ObjectionState | "all" } = {}, db: Db = getDb()) {
  if (!hasStaffRole(staff.role, "caseworker")) return null;
  let q = db
    .selectFrom("objections as o")
    .innerJoin("programmes as p", "p.id", "o.programme_id")
    .innerJoin("businesses as b", "b.id", "o.business_id")
    .leftJoin("applications as a", "a.id", "o.application_id")
    .select([
      "o.id",
      "o.kind",
      "o.state",
      "o.created_at",
      "o.decided_at",
      "o.original_decider_id",
      "a.reference",
      "b.trade_name",
      "p.name_en as programme_name_en",
      "p.name_ko as programme_name_ko",
    ]);
  if (state !== "all") q = q.where("o.state", "=", state);
  const rows = await q.orderBy("o.created_at").orderBy("o.id").limit(200).execute();
  return rows.map((r) => ({ ...r, state: r.state as ObjectionState, yours: r.original_decider_id === staff.id }));
}

export async function getObjection(id: number, staff: Staff, db: Db = getDb()) {
  if (!hasStaffRole(staff.role, "caseworker") || !Number.isSafeInteger(id) || id < 1) return null;
  const o = await db
    .selectFrom("objections as o")
    .innerJoin("programmes as p", "p.id", "o.programme_id")
    .innerJoin("businesses as b", "b.id", "o.business_id")
    .innerJoin("users as owner", "owner.id", "o.owner_id")
    .leftJoin("applications as a", "a.id", "o.application_id")
    .leftJoin("users as original", "original.id", "o.original_decider_id")
    .leftJoin("users as decider", "decider.id", "o.decided_by")
    .select([
      "o.id",
      "o.kind",
      "o.state",
      "o.reason",
      "o.version",
      "o.notified_at",
      "o.created_at",
      "o.decided_at",
      "o.decision_reason",
      "o.original_decider_id",
      "o.rejection_event_id",
      "a.reference",
      "a.status as application_status",
      "a.decision_reason_code",
      "b.trade_name",
      "b.registration_number",
      "owner.email as owner_email",
      "original.email as original_decider_email",
      "decider.email as decided_by_email",
      "p.name_en as programme_name_en",
      "p.name_ko as programme_name_ko",
    ])
    .where("o.id", "=", id)
    .executeTakeFirst();
  if (!o) return null;
  const [documents, rejection] = await Promise.all([
    db
      .selectFrom("objection_documents as od")
      .innerJoin("application_documents as d", "d.id", "od.document_id")
      .select(["d.id", "d.display_name", "d.size_bytes"])
      .where("od.objection_id", "=", o.id)
      .orderBy("d.id")
      .execute(),
    o.rejection_event_id
      ? db.selectFrom("status_events").select(["reason", "at"]).where("id", "=", o.rejection_event_id).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const probe = decideObjection({
    state: o.state as ObjectionState,
    decision: "uphold",
    decider: staff,
    originalDeciderId: o.original_decider_id,
    reason: "x",
  });
  return {
    ...o,
    state: o.state as ObjectionState,
    deadline: objectionDeadline(o.notified_at),
    rejection: rejection
      ? { text: rejection.reason, at: rejection.at, code: o.decision_reason_code ? rejectionReasonLabel(o.decision_reason_code) : null }
      : null,
    documents,
    mayDecide: probe.ok,
    refusal: probe.ok ? null : probe.message,
  };
}
export type ObjectionDetail = NonNullable<Awaited<ReturnType<typeof getObjection>>>;

export type DecideResult =
  | { ok: true; state: Exclude<ObjectionState, "open"> }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "refused"; code: DecisionRefusal | "stale" | "application_changed"; message: LocalisedText };

class Abort extends Error {
  constructor(readonly result: DecideResult) {
    super("aborted");
  }
}

/**
 * Decides an objection in one transaction. Overturning a rejection reopens the application for
 * review, assigned to the decider; the owner is told either way, with the reason.
 */
export async function decideObjectionAsStaff(
  { id, staff, decision, reason, version }: { id: number; staff: Staff; decision: ObjectionDecision; reason: string; version?: number | null },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<DecideResult> {
  if (!hasStaffRole(staff.role, "caseworker")) return { ok: false, reason: "not_found" };
  const stamp = now.toISOString();
  try {
    return await withTransaction(db, async (trx): Promise<DecideResult> => {
      const o = await trx
        .selectFrom("objections as o")
        .innerJoin("users as owner", "owner.id", "o.owner_id")
        .innerJoin("programmes as p", "p.id", "o.programme_id")
        .select([
          "o.id",
          "o.kind",
          "o.state",
          "o.version",
          "o.programme_id",
          "o.application_id",
          "o.original_decider_id",
          "o.owner_id",
          "owner.email as owner_email",
          "p.slug",
          "p.name_en",
          "p.name_ko",
          "p.rules",
        ])
        .where("o.id", "=", id)
        .executeTakeFirst();
      if (!o) return { ok: false, reason: "not_found" };
      const verdict = decideObjection({
        state: o.state as ObjectionState,
        decision,
        decider: staff,
        originalDeciderId: o.original_decider_id,
        reason,
      });
      if (!verdict.ok) return { ok: false, reason: "refused", code: verdict.code, message: verdict.message };
      const text = reason.trim();
      let q = trx
        .updateTable("objections")
        .set({
          state: verdict.to,
          decided_by: staff.id,
          decided_at: stamp,
          decision_reason: text,
          updated_at: stamp,
          version: sql<number>`version + 1`,
        })
        .where("id", "=", o.id)
        .where("state", "=", "open");
      if (version !== undefined && version !== null) q = q.where("version", "=", version);
      const updated = await q.executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        return {
          ok: false,
          reason: "refused",
          code: "stale",
          message: { en: "Someone decided this objection while you had it open.", ko: "그사이 다른 사람이 이 이의신청을 결정했습니다." },
        };
      }
      await moveObjectionCounter(trx, { programmeId: o.programme_id, kind: o.kind, from: "open", to: verdict.to });
      const programmeName = { en: o.name_en, ko: o.name_ko };
      if (o.application_id !== null) {
        const app = await trx
          .selectFrom("applications")
          .select(["id", "reference", "status"])
          .where("id", "=", o.application_id)
          .executeTakeFirstOrThrow();
        let status = app.status as ApplicationStatus;
        if (verdict.to === "overturned") {
          const t = decideTransition({
            status,
            action: "reopen",
            actorRole: staff.role,
            reason: text,
            supportKind: RulesSchema.parse(JSON.parse(o.rules)).support.kind,
          });
          if (!t.ok) throw new Abort({ ok: false, reason: "refused", code: "application_changed", message: t.message });
          const moved = await trx
            .updateTable("applications")
            .set({
              status: t.to,
              assigned_to: staff.id,
              assigned_at: stamp,
              decided_at: null,
              decision_reason_code: null,
              award_amount_krw: null,
              updated_at: stamp,
              version: sql<number>`version + 1`,
            })
            .where("id", "=", app.id)
            .where("status", "=", t.from)
            .executeTakeFirst();
          if (Number(moved.numUpdatedRows) !== 1) throw new Error("application changed during the objection decision");
          await recordStatusChange(trx, {
            applicationId: app.id,
            from: t.from,
            to: t.to,
            action: "reopen",
            actorId: staff.id,
            actorRole: staff.role,
            reason: text,
            at: stamp,
          });
          status = t.to;
        }
        await notify(trx, {
          userId: o.owner_id,
          email: o.owner_email,
          applicationId: app.id,
          kind: "objection_decided",
          params: { reference: app.reference!, programmeName, status, statusName: statusName(status), objection: verdict.to, decisionReason: text },
          link: `/applications/${app.reference}`,
          now,
        });
      }
      if (o.application_id === null)
        await noticeOfListDecision(trx, {
          programmeSlug: o.slug,
          ownerId: o.owner_id,
          email: o.owner_email,
          programmeName,
          outcome: verdict.to,
          reason: text,
          now,
        });
      await recordAudit(trx, {
        actor: { id: staff.id, label: staff.email },
        action: `objection.${verdict.to}`,
        target: { type: "objection", id: o.id },
        details: { kind: o.kind, applicationId: o.application_id, originalDecider: o.original_decider_id },
        at: now,
      });
      return { ok: true, state: verdict.to };
    });
  } catch (error) {
    if (error instanceof Abort) return error.result;
    throw error;
  }
}

/**
 * The owner of a not-on-the-list objection is told the decision and its reason (there is no
 * application to hang a status notice on): a notification with its own words and an email.
 */
async function noticeOfListDecision(
  trx: Trx,
  {
    programmeSlug,
    ownerId,
    email,
    programmeName,
    outcome,
    reason,
    now,
  }: { programmeSlug: string; ownerId: number; email: string; programmeName: LocalisedText; outcome: ObjectionState; reason: string; now: Date },
): Promise<void> {
  const link = `/applications/rapid/objection?programme=${programmeSlug}`;
  const text: LocalisedText =
    outcome === "overturned"
      ? {
          en: `Your objection about not being on the ${programmeName.en} list was accepted: ${reason}`,
          ko: `${programmeName.ko} 명단 제외에 대한 이의신청이 받아들여졌습니다: ${reason}`,
        }
      : {
          en: `Your objection about not being on the ${programmeName.en} list was not accepted: ${reason}`,
          ko: `${programmeName.ko} 명단 제외에 대한 이의신청이 기각되었습니다: ${reason}`,
        };
  await trx
    .insertInto("notifications")
    .values({
      user_id: ownerId,
      application_id: null,
      kind: "objection_decided",
      params: JSON.stringify({ reference: "", programmeName, text, link, objection: outcome, decisionReason: reason }),
      read_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  const url = `${getEnv().PUBLIC_ORIGIN}${link}`;
  await enqueueEmail(
    trx,
    {
      to: email,
      subject: `[소상공인 지원 포털] ${programmeName.ko} 이의신청 결과 / Decision on your objection`,
      text: `${text.ko}\n${url}\n\n${text.en}\n${url}\n`,
    },
    now,
  );
}
