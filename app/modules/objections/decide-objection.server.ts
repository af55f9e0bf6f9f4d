import { sql } from "kysely";
import { getDb } from "../../../db/client";
import { withTransaction } from "../../../db/transaction";
import { decideTransition, statusName, type ApplicationStatus } from "~/modules/applications";
import { decideObjection, objectionDeadline, type DecisionRefusal, type ObjectionDecision, type ObjectionState } from "./objection";
import { rejectionReasonLabel } from "~/modules/review";
import { hasStaffRole } from "~/modules/accounts";
import { RulesSchema, type LocalisedText } from "~/modules/eligibility";
import { getEnv } from "~/shared/env.server";
import { recordAudit } from "~/modules/audit/index.server";
import { moveObjectionCounter } from "~/modules/statistics/index.server";
import { enqueueEmail } from "~/modules/notifications/index.server";
import { notify } from "~/modules/notifications/index.server";
import { recordStatusChange } from "~/modules/applications/index.server";
import { Abort } from "~/shared/abort";
import { type Db, type Trx, type Staff } from "./objection-common.server";

/** The staff side: the objection queue, one objection, deciding it. */
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
          if (!t.ok) throw new Abort<DecideResult>({ ok: false, reason: "refused", code: "application_changed", message: t.message });
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
    if (error instanceof Abort) return error.result as DecideResult;
    throw error;
  }
}

/**
 * The owner of a not-on-the-list objection is told the decision and its reason (there is no
 * application to hang a status notice on): a notification with its own words and an email.
 */
export async function noticeOfListDecision(
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
