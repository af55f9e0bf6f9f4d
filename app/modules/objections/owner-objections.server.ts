import { createHash } from "node:crypto";
import { getDb } from "../../../db/client";
import { isUniqueViolation } from "../../../db/errors";
import { withTransaction } from "../../../db/transaction";
import { checkDocument, DOCUMENT_MEDIA_TYPES, displayName, type DocumentRefusal } from "~/modules/applications";
import { checkFiling, objectionDeadline, OBJECTION_DOCUMENTS_MAX, type FilingRefusal, type ObjectionState } from "./objection";
import { isReference } from "~/modules/applications";
import { type LocalisedText } from "~/modules/eligibility";
import { recordAudit } from "~/modules/audit/index.server";
import { moveObjectionCounter } from "~/modules/statistics/index.server";
import { type Db, type Trx, type UploadedFile, latestRejection } from "./objection-common.server";
import { echo } from "~/shared/echo";

/** The owner's side: their objections, filing one against a refusal or against not being on a verified list. */
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

/** The answer to a second objection to the same decision, which the database's unique index refuses. */
const ALREADY_OBJECTED = {
  ok: false,
  reason: "refused",
  code: "already_objected",
  message: { en: "You have already objected to this decision.", ko: "이 결정에 대해 이미 이의신청을 했습니다." },
} as const satisfies FileResult;

/** An owner objects to the rejection of their application, with a reason and up to three documents. */
export async function fileObjection(
  { ref, ownerId, reason, files }: { ref: string; ownerId: number; reason: string; files: UploadedFile[] },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<FileResult> {
  if (!isReference(ref)) return { ok: false, reason: "not_found" };
  if (files.length > OBJECTION_DOCUMENTS_MAX)
    return { ok: false, reason: "document", code: "too_many", file: echo(files[OBJECTION_DOCUMENTS_MAX]!.name) };
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
        // The name is the owner's and may be long: the message quotes it shortened.
        if (!c.ok) return { ok: false, reason: "document", code: c.code, file: echo(f.name) };
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
    if (isUniqueViolation(error)) return ALREADY_OBJECTED;
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
    // The same for an objection to not being listed: one per business and programme.
    if (isUniqueViolation(error)) return ALREADY_OBJECTED;
    throw error;
  }
}

export async function isOnList(db: Db | Trx, programmeId: number, registrationNumber: string): Promise<boolean> {
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
