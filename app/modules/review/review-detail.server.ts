import { getDb } from "../../../db/client";
import { type ApplicationStatus } from "~/modules/applications";
import { evaluate, type Evaluation } from "~/modules/eligibility";
import { FactsSchema } from "~/modules/eligibility";
import { seoulToday } from "~/modules/catalogue";
import { QuestionsSchema } from "~/modules/applications";
import { allowedReviewIntents, awardCap, awardPrefill, diffEvaluations, type ReviewState } from "./review";
import { hasStaffRole } from "~/modules/accounts";
import { RulesSchema, type LocalisedText } from "~/modules/eligibility";
import { getDocument, type Snapshot } from "~/modules/applications/index.server";
import { recordAudit } from "~/modules/audit/index.server";
import { getRulesVersion } from "~/modules/administration/index.server";
import { isReference } from "~/modules/applications";
import { type Db, type Trx, type Staff } from "./review-common.server";

/** Reading one application for review: every detail and document, opening it (audited), the staff a case may be assigned to. */
// ---------------------------------------------------------------------------------------------
// Reading

/** Everything the review page shows; null for an unknown reference (or an asker who is not staff). */
export async function getReviewDetail(ref: string, staff: Staff, { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {}) {
  if (!hasStaffRole(staff.role, "caseworker") || !isReference(ref)) return null;
  const app = await db
    .selectFrom("applications")
    .innerJoin("programmes", "programmes.id", "applications.programme_id")
    .innerJoin("businesses", "businesses.id", "applications.business_id")
    .innerJoin("users as owner", "owner.id", "applications.owner_id")
    .leftJoin("users as assignee", "assignee.id", "applications.assigned_to")
    .leftJoin("users as proposer", "proposer.id", "applications.approval_proposed_by")
    .select([
      "applications.id",
      "applications.reference",
      "applications.status",
      "applications.version",
      "applications.snapshot",
      "applications.rules_version",
      "applications.requested_amount_krw",
      "applications.submitted_at",
      "applications.decided_at",
      "applications.updated_at",
      "applications.assigned_to",
      "applications.assigned_at",
      "applications.award_amount_krw",
      "applications.approval_proposed_by",
      "applications.approval_proposed_at",
      "applications.decision_reason_code",
      "applications.owner_replied_at",
      "applications.business_id",
      "programmes.id as programme_id",
      "programmes.slug as programme_slug",
      "programmes.name_en as programme_name_en",
      "programmes.name_ko as programme_name_ko",
      "programmes.rules as programme_rules",
      "programmes.rules_version as programme_rules_version",
      "programmes.questions as programme_questions",
      "programmes.four_eyes_threshold_krw",
      "businesses.trade_name",
      "businesses.registration_number",
      "businesses.representative_name",
      "businesses.phone",
      "businesses.address",
      "businesses.region",
      "businesses.sector",
      "businesses.employees",
      "businesses.opened_on",
      "owner.email as owner_email",
      "assignee.email as assignee_email",
      "proposer.email as proposer_email",
    ])
    .where("applications.reference", "=", ref)
    .executeTakeFirst();
  if (!app) return null;

  const snapshot = app.snapshot ? (JSON.parse(app.snapshot) as Snapshot) : null;
  const currentRules = RulesSchema.parse(JSON.parse(app.programme_rules));
  const questions = QuestionsSchema.parse(JSON.parse(app.programme_questions));
  const facts = FactsSchema.safeParse(snapshot?.facts ?? {});
  const today = seoulToday(now);
  // The same facts, judged by the rules the programme has today.
  const rerun: Evaluation = evaluate(currentRules, facts.success ? facts.data : {}, { today });
  const stored = snapshot?.evaluation ?? null;
  const judgedBy = app.rules_version !== null ? await getRulesVersion(app.programme_id, app.rules_version, db) : undefined;

  const registration = snapshot?.business.registration_number ?? app.registration_number;
  const [documents, events, messages, notes, audit, others, conflicts, staffOptions] = await Promise.all([
    db
      .selectFrom("application_documents")
      .select(["id", "requirement_code", "display_name", "media_type", "size_bytes", "sha256", "created_at"])
      .where("application_id", "=", app.id)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("status_events")
      .leftJoin("users", "users.id", "status_events.actor_id")
      .select([
        "status_events.id",
        "status_events.from_status",
        "status_events.to_status",
        "status_events.action",
        "status_events.actor_role",
        "status_events.reason",
        "status_events.at",
        "users.email as actor_email",
      ])
      .where("status_events.application_id", "=", app.id)
      .orderBy("status_events.id")
      .execute(),
    db
      .selectFrom("application_messages")
      .leftJoin("users", "users.id", "application_messages.author_id")
      .select([
        "application_messages.id",
        "application_messages.author_role",
        "application_messages.body",
        "application_messages.created_at",
        "users.email as author_email",
      ])
      .where("application_messages.application_id", "=", app.id)
      .orderBy("application_messages.id")
      .execute(),
    db
      .selectFrom("internal_notes")
      .innerJoin("users", "users.id", "internal_notes.author_id")
      .select(["internal_notes.id", "internal_notes.body", "internal_notes.created_at", "users.email as author_email"])
      .where("internal_notes.application_id", "=", app.id)
      .orderBy("internal_notes.id")
      .execute(),
    db
      .selectFrom("audit_log")
      .select(["id", "at", "actor_label", "action", "details"])
      .where("target_type", "=", "application")
      .where("target_id", "=", ref)
      .orderBy("id")
      .limit(200)
      .execute(),
    db
      .selectFrom("applications")
      .innerJoin("programmes", "programmes.id", "applications.programme_id")
      .innerJoin("businesses", "businesses.id", "applications.business_id")
      .select([
        "applications.reference",
        "applications.public_id",
        "applications.status",
        "applications.submitted_at",
        "applications.created_at",
        "programmes.name_en as programme_name_en",
        "programmes.name_ko as programme_name_ko",
        "businesses.trade_name",
        "businesses.registration_number",
      ])
      .where("applications.id", "!=", app.id)
      .where((eb) => eb.or([eb("applications.business_id", "=", app.business_id), eb("businesses.registration_number", "=", registration)]))
      .orderBy("applications.id", "desc")
      .limit(50)
      .execute(),
    db
      .selectFrom("business_number_conflicts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("registration_number", "=", registration)
      .executeTakeFirstOrThrow(),
    hasStaffRole(staff.role, "supervisor") ? listAssignableStaff(db) : Promise.resolve([]),
  ]);

  const supportKind = currentRules.support.kind;
  const state: ReviewState = {
    status: app.status as ApplicationStatus,
    supportKind,
    assignedTo: app.assigned_to,
    proposedBy: app.approval_proposed_by,
  };
  return {
    id: app.id,
    reference: app.reference!,
    status: app.status as ApplicationStatus,
    version: app.version,
    submittedAt: app.submitted_at,
    decidedAt: app.decided_at,
    updatedAt: app.updated_at,
    programme: {
      id: app.programme_id,
      slug: app.programme_slug,
      name: { en: app.programme_name_en, ko: app.programme_name_ko } as LocalisedText,
      supportKind,
      capKrw: awardCap(currentRules.support),
      fourEyesThresholdKrw: app.four_eyes_threshold_krw,
      rulesVersion: app.programme_rules_version,
    },
    business: {
      tradeName: app.trade_name,
      registrationNumber: app.registration_number,
      representativeName: app.representative_name,
      phone: app.phone,
      address: app.address,
      region: app.region,
      sector: app.sector,
      employees: app.employees,
      openedOn: app.opened_on,
    },
    /** The business as declared at submission (it may have been edited since). */
    declaredBusiness: snapshot?.business ?? null,
    owner: { email: app.owner_email },
    facts: facts.success ? facts.data : {},
    answers: (snapshot?.answers ?? {}) as Record<string, unknown>,
    questions,
    evaluation: {
      storedRulesVersion: app.rules_version,
      storedRulesSavedAt: judgedBy?.created_at ?? null,
      currentRulesVersion: app.programme_rules_version,
      stored,
      current: rerun,
      diff: diffEvaluations(stored, rerun),
    },
    requestedAmountKrw: app.requested_amount_krw,
    award: {
      amountKrw: app.award_amount_krw,
      prefillKrw: awardPrefill(currentRules.support, {
        evaluation: stored,
        answers: (snapshot?.answers ?? {}) as Record<string, unknown>,
        requestedAmountKrw: app.requested_amount_krw,
      }),
    },
    proposal:
      app.approval_proposed_by !== null
        ? { by: app.proposer_email, byId: app.approval_proposed_by, at: app.approval_proposed_at, amountKrw: app.award_amount_krw }
        : null,
    assignee: app.assigned_to !== null ? { id: app.assigned_to, email: app.assignee_email, at: app.assigned_at } : null,
    decisionReasonCode: app.decision_reason_code,
    reply: replyReceived(app.owner_replied_at, events, messages, documents),
    documents,
    events,
    messages,
    notes,
    audit: audit.map((a) => ({ ...a, details: safeJson(a.details) })),
    otherApplications: others,
    numberConflicts: Number(conflicts.n),
    staffOptions,
    allowed: allowedReviewIntents(state, staff),
  };
}
export type ReviewDetail = NonNullable<Awaited<ReturnType<typeof getReviewDetail>>>;

/**
 * "Reply received": the owner's answer to the latest request for information and the documents
 * uploaded since that request, while no caseworker has decided since (owner_replied_at is set).
 */
export function replyReceived(
  repliedAt: string | null,
  events: { action: string; at: string }[],
  messages: { author_role: string; body: string; created_at: string }[],
  documents: { id: number; display_name: string; created_at: string }[],
) {
  if (!repliedAt) return null;
  const askedAt = events.filter((e) => e.action === "request_info").at(-1)?.at ?? "";
  const request = messages.filter((m) => m.author_role !== "owner" && m.created_at <= repliedAt).at(-1) ?? null;
  const answer = messages.filter((m) => m.author_role === "owner").at(-1) ?? null;
  return {
    at: repliedAt,
    request: request?.body ?? null,
    answer: answer?.body ?? null,
    newDocuments: documents.filter((d) => d.created_at > askedAt).map((d) => ({ id: d.id, display_name: d.display_name })),
  };
}

export function safeJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * The review page's read: the detail, and an `application.view` row in the audit trail (ASVS 7.1:
 * who looked at whose personal data, and when), written only when there is something to see.
 */
export async function openReview(
  ref: string,
  staff: Staff,
  { now = new Date(), db = getDb(), audit = true }: { now?: Date; db?: Db; audit?: boolean } = {},
) {
  const detail = await getReviewDetail(ref, staff, { now, db });
  if (detail && audit) {
    await recordAudit(db, {
      actor: { id: staff.id, label: staff.email },
      action: "application.view",
      target: { type: "application", id: ref },
      at: now,
    });
  }
  return detail;
}

/** Staff who can be given work: active caseworkers and above. */
export async function listAssignableStaff(db: Db | Trx = getDb()) {
  return db
    .selectFrom("users")
    .select(["id", "email", "role"])
    .where("role", "in", ["caseworker", "supervisor", "admin"])
    .where("deactivated_at", "is", null)
    .orderBy("email")
    .execute();
}

/** A document for staff to open in the browser; the view is audited. Null when it does not exist. */
export async function getDocumentForStaffView(
  { ref, documentId, staff }: { ref: string; documentId: number; staff: Staff },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
) {
  if (!hasStaffRole(staff.role, "caseworker") || !isReference(ref)) return null;
  return getDocument({ key: ref, documentId, requester: staff, purpose: "view" }, { now, db });
}
