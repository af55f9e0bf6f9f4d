import { sql } from "kysely";
import { recordStatusChange } from "~/modules/applications/index.server";
import { applyCounters } from "~/modules/statistics/index.server";
import { withTransaction } from "../../../db/transaction";
import { getDb } from "../../../db/client";
import { statusName, type ApplicationStatus } from "~/modules/applications";
import {
  checkAward,
  checkReviewAction,
  isRejectionReason,
  needsFourEyes,
  type AwardProblem,
  type ReviewIntent,
  type ReviewRefusal,
  type ReviewState,
} from "./review";
import { hasStaffRole } from "~/modules/accounts";
import { RulesSchema, type LocalisedText } from "~/modules/eligibility";
import { recordAudit } from "~/modules/audit/index.server";
import { notify } from "~/modules/notifications/index.server";
import { isReference } from "~/modules/applications";
import { Abort } from "~/shared/abort";
import { type Db, type Trx, type Staff, MESSAGE_MAX, NOTE_MAX } from "./review-common.server";

/** Deciding: every review action through the state machine, in one transaction, with optimistic concurrency. */
// ---------------------------------------------------------------------------------------------
// Deciding

export interface DecisionInput {
  ref: string;
  intent: ReviewIntent;
  /** The version the form was drawn from; required for everything but claims and notes. */
  version?: number | null;
  staff: Staff;
  /** request_info: the message to the owner. */
  message?: string | null;
  /** approve: the award in whole won. */
  awardKrw?: number | null;
  /** reject: a code of REJECTION_REASONS and the caseworker's words (both shown to the owner). */
  reasonCode?: string | null;
  reasonText?: string | null;
  /** decline_approval: why (kept in the audit trail and as an internal note). */
  note?: string | null;
  /** reassign: the staff member who takes the work. */
  assigneeId?: number | null;
}

export type DecisionOutcome =
  | "claimed"
  | "reassigned"
  | "review_started"
  | "info_requested"
  | "approved"
  | "approval_proposed"
  | "approval_confirmed"
  | "approval_declined"
  | "rejected"
  | "paid"
  | "note_added";

export interface ConflictView {
  version: number;
  status: ApplicationStatus;
  assignee: string | null;
  proposedBy: string | null;
  awardKrw: number | null;
  /** The latest recorded change: what, by whom, when. */
  lastChange: { action: string; by: string; at: string } | null;
}

export type InvalidField = "message" | "awardKrw" | "reasonCode" | "reasonText" | "note" | "assigneeId" | "version";
export type InvalidCode = AwardProblem | "required" | "too_long" | "unknown";

export type DecisionResult =
  | { ok: true; outcome: DecisionOutcome; version: number }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "forbidden"; code: ReviewRefusal; message: LocalisedText }
  | { ok: false; reason: "refused"; code: ReviewRefusal; message: LocalisedText }
  | { ok: false; reason: "invalid"; field: InvalidField; code: InvalidCode }
  | { ok: false; reason: "conflict"; current: ConflictView };

/** Refusals that are about who asks (HTTP 403) rather than the application's state (409). */
export const PERMISSION_REFUSALS: readonly ReviewRefusal[] = ["forbidden", "not_assignee", "own_proposal"];

export function trimmed(value: string | null | undefined): string {
  return (value ?? "").trim();
}

/** Checks the free-text input of an intent before anything is read (cheap, and nothing half-done). */
export function checkInput(input: DecisionInput): Extract<DecisionResult, { reason: "invalid" }> | null {
  const invalid = (field: InvalidField, code: InvalidCode) => ({ ok: false, reason: "invalid", field, code }) as const;
  const needsVersion = input.intent !== "claim" && input.intent !== "add_note";
  if (needsVersion && (input.version === null || input.version === undefined || !Number.isInteger(input.version) || input.version < 0)) {
    return invalid("version", "required");
  }
  switch (input.intent) {
    case "request_info": {
      const m = trimmed(input.message);
      if (!m) return invalid("message", "required");
      if (m.length > MESSAGE_MAX) return invalid("message", "too_long");
      return null;
    }
    case "reject": {
      if (!trimmed(input.reasonCode)) return invalid("reasonCode", "required");
      if (!isRejectionReason(input.reasonCode)) return invalid("reasonCode", "unknown");
      const t = trimmed(input.reasonText);
      if (!t) return invalid("reasonText", "required");
      if (t.length > MESSAGE_MAX) return invalid("reasonText", "too_long");
      return null;
    }
    case "add_note": {
      const n = trimmed(input.note);
      if (!n) return invalid("note", "required");
      if (n.length > NOTE_MAX) return invalid("note", "too_long");
      return null;
    }
    case "decline_approval": {
      const n = trimmed(input.note);
      if (!n) return invalid("note", "required");
      if (n.length > NOTE_MAX) return invalid("note", "too_long");
      return null;
    }
    case "reassign":
      if (input.assigneeId === null || input.assigneeId === undefined || !Number.isInteger(input.assigneeId))
        return invalid("assigneeId", "required");
      return null;
    default:
      return null;
  }
}

export async function loadForDecision(trx: Trx, ref: string) {
  return trx
    .selectFrom("applications")
    .innerJoin("programmes", "programmes.id", "applications.programme_id")
    .innerJoin("users as owner", "owner.id", "applications.owner_id")
    .select([
      "applications.id",
      "applications.reference",
      "applications.status",
      "applications.version",
      "applications.owner_id",
      "applications.assigned_to",
      "applications.approval_proposed_by",
      "applications.award_amount_krw",
      "programmes.rules",
      "programmes.name_en",
      "programmes.name_ko",
      "programmes.four_eyes_threshold_krw",
      "owner.email as owner_email",
    ])
    .where("applications.reference", "=", ref)
    .executeTakeFirst();
}

export async function conflictView(trx: Trx, id: number, ref: string): Promise<ConflictView> {
  const row = await trx
    .selectFrom("applications")
    .leftJoin("users as assignee", "assignee.id", "applications.assigned_to")
    .leftJoin("users as proposer", "proposer.id", "applications.approval_proposed_by")
    .select([
      "applications.version",
      "applications.status",
      "applications.award_amount_krw",
      "assignee.email as assignee",
      "proposer.email as proposer",
    ])
    .where("applications.id", "=", id)
    .executeTakeFirstOrThrow();
  const [event, audit] = await Promise.all([
    trx
      .selectFrom("status_events")
      .leftJoin("users", "users.id", "status_events.actor_id")
      .select(["status_events.action", "status_events.at", "status_events.actor_role", "users.email"])
      .where("status_events.application_id", "=", id)
      .orderBy("status_events.id", "desc")
      .limit(1)
      .executeTakeFirst(),
    trx
      .selectFrom("audit_log")
      .select(["action", "at", "actor_label"])
      .where("target_type", "=", "application")
      .where("target_id", "=", ref)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst(),
  ]);
  const fromEvent = event ? { action: event.action, by: event.email ?? event.actor_role, at: event.at } : null;
  const fromAudit = audit ? { action: audit.action.replace(/^application\./, ""), by: audit.actor_label, at: audit.at } : null;
  const lastChange = fromEvent && fromAudit ? (fromAudit.at >= fromEvent.at ? fromAudit : fromEvent) : (fromAudit ?? fromEvent);
  return {
    version: row.version,
    status: row.status as ApplicationStatus,
    assignee: row.assignee,
    proposedBy: row.proposer,
    awardKrw: row.award_amount_krw,
    lastChange,
  };
}

/**
 * Takes one decision on an application. Never throws for bad input or a lost race: every refusal
 * is a result, and nothing is written unless the whole decision is.
 */
export async function decide(input: DecisionInput, { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {}): Promise<DecisionResult> {
  // Someone who is not staff learns nothing, not even whether the reference exists.
  if (!hasStaffRole(input.staff.role, "caseworker") || !isReference(input.ref)) return { ok: false, reason: "not_found" };
  const bad = checkInput(input);
  if (bad) return bad;
  const stamp = now.toISOString();
  const actor = { id: input.staff.id, label: input.staff.email };
  try {
    return await withTransaction(db, async (trx): Promise<DecisionResult> => {
      const app = await loadForDecision(trx, input.ref);
      if (!app) return { ok: false, reason: "not_found" };
      const rules = RulesSchema.parse(JSON.parse(app.rules));
      const state: ReviewState = {
        status: app.status as ApplicationStatus,
        supportKind: rules.support.kind,
        assignedTo: app.assigned_to,
        proposedBy: app.approval_proposed_by,
      };
      const conflict = async (): Promise<never> => {
        throw new Abort<DecisionResult>({ ok: false, reason: "conflict", current: await conflictView(trx, app.id, input.ref) });
      };
      // A form drawn from an older version: show what changed rather than act on a stale picture.
      if (input.version !== undefined && input.version !== null && input.version !== app.version) await conflict();

      const permission = checkReviewAction(input.intent, state, input.staff);
      if (!permission.ok) {
        // Lost a claim race (or claimed from a stale page): say who has it.
        if (permission.code === "already_assigned" && input.intent === "claim") await conflict();
        return {
          ok: false,
          reason: PERMISSION_REFUSALS.includes(permission.code) ? "forbidden" : "refused",
          code: permission.code,
          message: permission.message,
        } as DecisionResult;
      }

      const programmeName = { en: app.name_en, ko: app.name_ko };
      const audit = (action: string, details: Record<string, unknown> = {}) =>
        recordAudit(trx, {
          actor,
          action,
          target: { type: "application", id: input.ref },
          details: { fromVersion: app.version, ...details },
          at: now,
        });
      /** The guarded write: zero rows means someone else changed it first. */
      const update = async (values: Record<string, unknown>, extra?: "unassigned") => {
        let q = trx
          .updateTable("applications")
          .set({ ...values, updated_at: stamp, version: sql<number>`version + 1` })
          .where("id", "=", app.id)
          .where("version", "=", app.version);
        if (extra === "unassigned") q = q.where("assigned_to", "is", null);
        const result = await q.executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) await conflict();
      };
      const statusEvent = async (from: ApplicationStatus, to: ApplicationStatus, action: string, reason: string | null, message?: string) => {
        await recordStatusChange(trx, {
          applicationId: app.id,
          from,
          to,
          action,
          actorId: input.staff.id,
          actorRole: input.staff.role,
          reason,
          at: stamp,
        });
        await notify(trx, {
          userId: app.owner_id,
          email: app.owner_email,
          applicationId: app.id,
          kind: "status_changed",
          // A request for information carries its words, so the notification and email say what was asked.
          params: { reference: input.ref, programmeName, status: to, statusName: statusName(to), ...(message ? { message } : {}) },
          link: `/applications/${input.ref}`,
          now,
        });
      };
      const done = (outcome: DecisionOutcome): DecisionResult => ({
        ok: true,
        outcome,
        version: input.intent === "add_note" ? app.version : app.version + 1,
      });

      switch (input.intent) {
        case "claim": {
          await update({ assigned_to: input.staff.id, assigned_at: stamp }, "unassigned");
          await applyCounters(trx, app.id); // counted per assignee (the queue's counts)
          await audit("application.claim");
          return done("claimed");
        }
        case "reassign": {
          const to = await trx
            .selectFrom("users")
            .select(["id", "email", "role"])
            .where("id", "=", input.assigneeId!)
            .where("role", "in", ["caseworker", "supervisor", "admin"])
            .where("deactivated_at", "is", null)
            .executeTakeFirst();
          if (!to) return { ok: false, reason: "invalid", field: "assigneeId", code: "unknown" };
          await update({ assigned_to: to.id, assigned_at: stamp });
          await applyCounters(trx, app.id); // counted per assignee (the queue's counts)
          await audit("application.reassign", { from: app.assigned_to, to: to.id, toEmail: to.email });
          return done("reassigned");
        }
        case "add_note": {
          const body = trimmed(input.note);
          await trx.insertInto("internal_notes").values({ application_id: app.id, author_id: input.staff.id, body, created_at: stamp }).execute();
          await audit("application.note_added", { length: body.length });
          return done("note_added");
        }
        case "start_review": {
          // A supervisor starting unassigned work takes it on; a caseworker has claimed it already.
          await update({ status: "under_review", ...(app.assigned_to === null ? { assigned_to: input.staff.id, assigned_at: stamp } : {}) });
          await statusEvent(state.status, "under_review", "start_review", null);
          await audit("application.start_review");
          return done("review_started");
        }
        case "request_info": {
          const message = trimmed(input.message);
          await update({ status: "info_requested", owner_replied_at: null });
          await trx
            .insertInto("application_messages")
            .values({ application_id: app.id, author_id: input.staff.id, author_role: "staff", body: message, created_at: stamp })
            .execute();
          await statusEvent(state.status, "info_requested", "request_info", null, message);
          await audit("application.request_info", { length: message.length });
          return done("info_requested");
        }
        case "approve": {
          const award = rules.support.kind === "service" ? null : (input.awardKrw ?? null);
          const problem = checkAward(award, rules.support);
          if (problem) return { ok: false, reason: "invalid", field: "awardKrw", code: problem };
          if (needsFourEyes(award, app.four_eyes_threshold_krw)) {
            await update({ award_amount_krw: award, approval_proposed_by: input.staff.id, approval_proposed_at: stamp, owner_replied_at: null });
            await audit("application.approval_proposed", { awardKrw: award, thresholdKrw: app.four_eyes_threshold_krw });
            return done("approval_proposed");
          }
          await update({ status: "approved", award_amount_krw: award, decided_at: stamp, decision_reason_code: null, owner_replied_at: null });
          await statusEvent(state.status, "approved", "approve", null);
          await audit("application.approve", { awardKrw: award });
          return done("approved");
        }
        case "confirm_approval": {
          await update({ status: "approved", decided_at: stamp, decision_reason_code: null });
          await statusEvent(state.status, "approved", "approve", null);
          await audit("application.approval_confirmed", { awardKrw: app.award_amount_krw, proposedBy: app.approval_proposed_by });
          return done("approval_confirmed");
        }
        case "decline_approval": {
          const note = trimmed(input.note);
          await update({ award_amount_krw: null, approval_proposed_by: null, approval_proposed_at: null });
          await trx
            .insertInto("internal_notes")
            .values({ application_id: app.id, author_id: input.staff.id, body: note, created_at: stamp })
            .execute();
          await audit("application.approval_declined", { awardKrw: app.award_amount_krw, proposedBy: app.approval_proposed_by });
          return done("approval_declined");
        }
        case "reject": {
          const code = input.reasonCode!;
          const text = trimmed(input.reasonText);
          await update({ status: "rejected", decided_at: stamp, decision_reason_code: code, award_amount_krw: null, owner_replied_at: null });
          await statusEvent(state.status, "rejected", "reject", text);
          await audit("application.reject", { reasonCode: code });
          return done("rejected");
        }
        case "mark_paid": {
          // A payment batch owns this application until the bank answers: paying it by hand too
          // could pay it twice.
          const open = await trx
            .selectFrom("payments")
            .select("batch_id")
            .where("application_id", "=", app.id)
            .where("state", "in", ["batched", "released"])
            .executeTakeFirst();
          if (open) {
            return {
              ok: false,
              reason: "refused",
              code: "wrong_status",
              message: {
                en: `This application is in payment batch ${open.batch_id}; it is marked paid when the bank's result is imported.`,
                ko: `이 신청은 ${open.batch_id}번 지급 배치에 들어 있습니다. 은행 결과를 반영하면 지급 완료로 바뀝니다.`,
              },
            };
          }
          await update({ status: "paid" });
          await statusEvent(state.status, "paid", "mark_paid", null);
          await audit("application.mark_paid", { awardKrw: app.award_amount_krw });
          return done("paid");
        }
      }
    });
  } catch (error) {
    if (error instanceof Abort) return error.result as DecisionResult;
    throw error;
  }
}
