import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import { getDb } from "../../../db/client";
import type { ApplicationStatusColumn, Database } from "../../../db/schema";
import { recordStatusChange } from "./status-change.server";
import { countInStatuses } from "~/modules/statistics/counters.server";
import { withTransaction } from "../../../db/transaction";
import { recordSubmission } from "~/shared/metrics.server";
import { ACTIVE_STATUSES, decideTransition, statusName, type ApplicationAction, type ApplicationStatus } from "./application-state";
import { checkDocument, DOCUMENT_MEDIA_TYPES, displayName, type DocumentRefusal } from "./documents";
import { documentsFor, evaluate, type Evaluation } from "~/modules/eligibility/eligibility";
import { FactsSchema, type Facts } from "~/modules/eligibility/facts";
import { seoulToday, windowState } from "~/modules/catalogue/programme-window";
import { mayApplyOn, parseOpeningSchedule, type OpeningSchedule } from "~/modules/catalogue/opening-schedule";
import { parseAnswers, type AnswerError } from "~/modules/eligibility/questionnaire";
import { QuestionsSchema, validateAnswers, type Answers, type Question } from "./questions";
import { formatReference, isReference } from "./reference";
import { RequiredDocumentsSchema, RulesSchema, type LocalisedText, type RequiredDocument, type Rules } from "~/modules/eligibility/rules";
import type { Role } from "~/modules/accounts/roles";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { isUniqueViolation } from "../../../db/errors";

/**
 * The owner's side of applications: start from a business and a programme, save each step of the
 * draft on the server, upload documents (kept in the database), submit in one transaction, follow
 * the status, answer requests for information, withdraw. Every query is scoped by the owner.
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export type ApplicationKey = string;
const PUBLIC_ID = /^d[a-z0-9]{12}$/;

/** Whether a URL segment can name an application at all (a draft id or a reference). */
export function isApplicationKey(value: string): boolean {
  return PUBLIC_ID.test(value) || isReference(value);
}

export function newPublicId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(12);
  return `d${Array.from(bytes, (b) => alphabet[b % 36]).join("")}`;
}

function byKey(key: string) {
  return isReference(key) ? ({ column: "applications.reference", value: key } as const) : ({ column: "applications.public_id", value: key } as const);
}

interface ProgrammeForApplication {
  id: number;
  slug: string;
  ref_prefix: string;
  name_en: string;
  name_ko: string;
  opens_on: string;
  closes_on: string;
  status: string;
  capacity: number | null;
  rules_version: number;
  rules: Rules;
  documents: RequiredDocument[];
  questions: Question[];
  /** Staggered opening; null = everyone from the opening day. */
  openingSchedule: OpeningSchedule | null;
}

export async function loadProgramme(db: Db | Trx, where: { id: number } | { slug: string }): Promise<ProgrammeForApplication | null> {
  let q = db
    .selectFrom("programmes")
    .select([
      "id",
      "slug",
      "ref_prefix",
      "name_en",
      "name_ko",
      "opens_on",
      "closes_on",
      "status",
      "capacity",
      "rules_version",
      "rules",
      "required_documents",
      "questions",
      "opening_schedule",
    ]);
  q = "id" in where ? q.where("id", "=", where.id) : q.where("slug", "=", where.slug);
  const row = await q.executeTakeFirst();
  if (!row) return null;
  const { rules, required_documents, questions, opening_schedule, ...rest } = row;
  const schedule = parseOpeningSchedule(opening_schedule);
  return {
    ...rest,
    // A stored schedule that no longer validates must not lock everyone out: it is ignored.
    openingSchedule: schedule.ok ? schedule.schedule : null,
    rules: RulesSchema.parse(JSON.parse(rules)),
    documents: RequiredDocumentsSchema.parse(JSON.parse(required_documents)),
    questions: QuestionsSchema.parse(JSON.parse(questions)),
  };
}

/**
 * Places taken in a programme: applications that are active or were funded, read from the counters
 * that every status change keeps (app/modules/statistics/counters.server.ts), never by counting applications.
 */
export async function countTakenPlaces(programmeId: number, db: Db | Trx = getDb()): Promise<number> {
  return countInStatuses(db, programmeId, ACTIVE_STATUSES);
}

// ---------------------------------------------------------------------------------------------
// Starting

export type StartResult =
  | { ok: true; key: string; resumed: boolean }
  | { ok: false; reason: "business_not_found" | "programme_not_found" | "closed" }
  | { ok: false; reason: "already_applied"; reference: string };

/**
 * Starts (or resumes) the draft of one business for one programme. The business profile and the
 * owner's last eligibility answers prefill the facts, so nothing known is asked twice.
 */
export async function startApplication(
  input: { ownerId: number; businessId: number; programmeSlug: string; lastCheck?: Facts | null },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<StartResult> {
  const business = await db
    .selectFrom("businesses")
    .select(["id", "sector", "employees", "opened_on", "region"])
    .where("id", "=", input.businessId)
    .where("owner_id", "=", input.ownerId)
    .executeTakeFirst();
  if (!business) return { ok: false, reason: "business_not_found" };
  const programme = await loadProgramme(db, { slug: input.programmeSlug });
  if (!programme || programme.status !== "published") return { ok: false, reason: "programme_not_found" };

  const existing = await db
    .selectFrom("applications")
    .select(["public_id", "reference", "status"])
    .where("business_id", "=", business.id)
    .where("programme_id", "=", programme.id)
    .where("status", "in", ["draft", ...ACTIVE_STATUSES] as ApplicationStatusColumn[])
    .orderBy("id", "desc")
    .execute();
  const draft = existing.find((a) => a.status === "draft");
  if (draft) return { ok: true, key: draft.public_id, resumed: true };
  const active = existing.find((a) => a.status !== "draft");
  if (active) return { ok: false, reason: "already_applied", reference: active.reference! };
  if (!["open", "closing_soon"].includes(windowState(programme, seoulToday(now)))) return { ok: false, reason: "closed" };

  // Known facts: the eligibility answers, with the business profile winning where both speak.
  const prefill = FactsSchema.safeParse({
    ...(input.lastCheck ?? {}),
    sector: business.sector,
    employees: business.employees,
    openedOn: business.opened_on,
    region: business.region,
  });
  const facts = prefill.success ? prefill.data : {};
  const stamp = now.toISOString();
  const publicId = newPublicId();
  try {
    await withTransaction(db, async (trx) => {
      const inserted = await trx
        .insertInto("applications")
        .values({
          public_id: publicId,
          reference: null,
          programme_id: programme.id,
          business_id: business.id,
          owner_id: input.ownerId,
          status: "draft",
          facts: JSON.stringify(facts),
          answers: "{}",
          requested_amount_krw: null,
          rules_version: null,
          snapshot: null,
          submitted_at: null,
          decided_at: null,
          created_at: stamp,
          updated_at: stamp,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordStatusChange(trx, {
        applicationId: inserted.id,
        from: null,
        to: "draft",
        action: "start",
        actorId: input.ownerId,
        actorRole: "owner",
        at: stamp,
      });
    });
  } catch (error) {
    // Two starts at once: the database lets one draft exist; the other resumes it.
    if (!isUniqueViolation(error)) throw error;
    const winner = await db
      .selectFrom("applications")
      .select("public_id")
      .where("business_id", "=", business.id)
      .where("programme_id", "=", programme.id)
      .where("status", "=", "draft")
      .executeTakeFirstOrThrow();
    return { ok: true, key: winner.public_id, resumed: true };
  }
  return { ok: true, key: publicId, resumed: false };
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listOwnerApplications(ownerId: number, db: Db = getDb()) {
  return db
    .selectFrom("applications")
    .innerJoin("programmes", "programmes.id", "applications.programme_id")
    .innerJoin("businesses", "businesses.id", "applications.business_id")
    .select([
      "applications.public_id",
      "applications.reference",
      "applications.status",
      "applications.created_at",
      "applications.updated_at",
      "applications.submitted_at",
      "programmes.slug as programme_slug",
      "programmes.name_en as programme_name_en",
      "programmes.name_ko as programme_name_ko",
      "businesses.trade_name",
    ])
    .where("applications.owner_id", "=", ownerId)
    .orderBy("applications.updated_at", "desc")
    .orderBy("applications.id", "desc")
    .execute();
}

export interface DocumentSummary {
  id: number;
  requirement_code: string;
  display_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  created_at: string;
}

export type TaskState = "done" | "todo" | "blocked";

/** Everything an owner sees of one of their applications; null when it is not theirs. */
export async function getOwnerApplication(
  { key, ownerId }: { key: string; ownerId: number },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
) {
  if (!isApplicationKey(key)) return null;
  const where = byKey(key);
  const app = await db
    .selectFrom("applications")
    .innerJoin("businesses", "businesses.id", "applications.business_id")
    .select([
      "applications.id",
      "applications.public_id",
      "applications.reference",
      "applications.status",
      "applications.version",
      "applications.facts",
      "applications.answers",
      "applications.snapshot",
      "applications.programme_id",
      "applications.submitted_at",
      "applications.created_at",
      "applications.updated_at",
      "applications.award_amount_krw",
      "applications.decision_reason_code",
      "businesses.id as business_id",
      "businesses.trade_name",
      "businesses.registration_number",
      "businesses.representative_name",
      "businesses.region as business_region",
      "businesses.sector as business_sector",
    ])
    .where(where.column, "=", where.value)
    .where("applications.owner_id", "=", ownerId)
    .executeTakeFirst();
  if (!app) return null;
  const programme = (await loadProgramme(db, { id: app.programme_id }))!;
  const [documents, events, messages] = await Promise.all([
    db
      .selectFrom("application_documents")
      .select(["id", "requirement_code", "display_name", "media_type", "size_bytes", "sha256", "created_at"])
      .where("application_id", "=", app.id)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("status_events")
      .select(["id", "from_status", "to_status", "action", "actor_role", "reason", "at"])
      .where("application_id", "=", app.id)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("application_messages")
      .select(["id", "author_role", "body", "created_at"])
      .where("application_id", "=", app.id)
      .orderBy("id")
      .execute(),
  ]);
  const facts = FactsSchema.safeParse(JSON.parse(app.facts));
  const answers = JSON.parse(app.answers) as Answers;
  const today = seoulToday(now);
  const evaluation = evaluate(programme.rules, facts.success ? facts.data : {}, { today });
  const documentNeeds = documentsFor(programme.documents, facts.success ? facts.data : {}, { today });
  const answerCheck = validateAnswers(programme.questions, answers);
  const missingDocuments = documentNeeds.filter((d) => d.needed !== "no" && !documents.some((doc) => doc.requirement_code === d.code));
  const tasks: Record<"business" | "facts" | "questions" | "documents" | "declaration", TaskState> = {
    business: "done",
    facts: evaluation.outcome === "eligible" ? "done" : evaluation.outcome === "not_eligible" ? "blocked" : "todo",
    questions: Object.keys(answerCheck.errors).length === 0 ? "done" : "todo",
    documents: missingDocuments.length === 0 ? "done" : "todo",
    declaration: app.status === "draft" ? "todo" : "done",
  };
  return {
    ...app,
    facts: facts.success ? facts.data : ({} as Facts),
    answers,
    snapshot: app.snapshot ? (JSON.parse(app.snapshot) as Snapshot) : null,
    programme,
    window: windowState(programme, today),
    evaluation,
    documentNeeds,
    missingDocuments: missingDocuments.map((d) => d.code),
    answerErrors: answerCheck.errors,
    documents: documents as DocumentSummary[],
    events,
    messages,
    tasks,
  };
}
export type OwnerApplication = NonNullable<Awaited<ReturnType<typeof getOwnerApplication>>>;

// ---------------------------------------------------------------------------------------------
// Saving the steps of a draft

async function ownedDraft(trx: Db | Trx, key: string, ownerId: number) {
  if (!isApplicationKey(key)) return null;
  const where = byKey(key);
  return trx
    .selectFrom("applications")
    .select(["id", "status", "programme_id", "answers"])
    .where(where.column, "=", where.value)
    .where("owner_id", "=", ownerId)
    .executeTakeFirst();
}

export type SaveResult<E> = { ok: true } | { ok: false; reason: "not_found" | "not_editable" } | { ok: false; reason: "invalid"; errors: E };

/** Saves the eligibility facts step (same questions and checks as the anonymous checker). */
export async function saveFacts(
  { key, ownerId, form }: { key: string; ownerId: number; form: URLSearchParams },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<SaveResult<AnswerError[]>> {
  const app = await ownedDraft(db, key, ownerId);
  if (!app) return { ok: false, reason: "not_found" };
  if (app.status !== "draft") return { ok: false, reason: "not_editable" };
  const parsed = parseAnswers(form, { today: seoulToday(now) });
  if (!parsed.submitted) return { ok: false, reason: "invalid", errors: [] };
  if (!parsed.ok) return { ok: false, reason: "invalid", errors: parsed.errors };
  await db
    .updateTable("applications")
    .set({ facts: JSON.stringify(parsed.facts), updated_at: now.toISOString() })
    .where("id", "=", app.id)
    .where("status", "=", "draft")
    .execute();
  return { ok: true };
}

/** Saves the programme's own questions; invalid answers are not stored, and come back with messages. */
export async function saveAnswers(
  { key, ownerId, form }: { key: string; ownerId: number; form: Record<string, unknown> },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<SaveResult<Record<string, LocalisedText>>> {
  const app = await ownedDraft(db, key, ownerId);
  if (!app) return { ok: false, reason: "not_found" };
  if (app.status !== "draft") return { ok: false, reason: "not_editable" };
  const programme = (await loadProgramme(db, { id: app.programme_id }))!;
  const { answers, errors } = validateAnswers(programme.questions, form);
  if (Object.keys(errors).length) return { ok: false, reason: "invalid", errors };
  const amount = programme.questions.find((q) => q.kind === "amount" && q.id === "requestedAmount");
  await db
    .updateTable("applications")
    .set({
      answers: JSON.stringify(answers),
      requested_amount_krw: amount && typeof answers[amount.id] === "number" ? (answers[amount.id] as number) : null,
      updated_at: now.toISOString(),
    })
    .where("id", "=", app.id)
    .where("status", "=", "draft")
    .execute();
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Documents

export type AddDocumentResult =
  { ok: true; id: number } | { ok: false; reason: "not_found" | "not_editable" | "unknown_requirement" } | { ok: false; reason: DocumentRefusal };

/**
 * Stores a document with the application, in the database, checked by its bytes. Allowed while the
 * draft is open and while the caseworker has asked for more information.
 */
export async function addDocument(
  input: { key: string; ownerId: number; requirementCode: string; fileName: string; bytes: Uint8Array },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<AddDocumentResult> {
  return withTransaction(db, async (trx) => {
    const app = await ownedDraft(trx, input.key, input.ownerId);
    if (!app) return { ok: false, reason: "not_found" } as const;
    if (app.status !== "draft" && app.status !== "info_requested") return { ok: false, reason: "not_editable" } as const;
    const programme = (await loadProgramme(trx, { id: app.programme_id }))!;
    if (input.requirementCode !== "other" && !programme.documents.some((d) => d.code === input.requirementCode)) {
      return { ok: false, reason: "unknown_requirement" } as const;
    }
    const count = await trx
      .selectFrom("application_documents")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("application_id", "=", app.id)
      .executeTakeFirstOrThrow();
    const check = checkDocument(input.bytes, Number(count.n));
    if (!check.ok) return { ok: false, reason: check.code } as const;
    const inserted = await trx
      .insertInto("application_documents")
      .values({
        application_id: app.id,
        requirement_code: input.requirementCode,
        display_name: displayName(input.fileName, check.kind),
        media_type: DOCUMENT_MEDIA_TYPES[check.kind],
        size_bytes: input.bytes.length,
        sha256: createHash("sha256").update(input.bytes).digest("hex"),
        content: Buffer.from(input.bytes),
        uploaded_by: input.ownerId,
        created_at: now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("applications").set({ updated_at: now.toISOString() }).where("id", "=", app.id).execute();
    return { ok: true, id: inserted.id } as const;
  });
}

/** Removes a document from a draft (after submission documents are part of the record). */
export async function removeDocument(
  { key, ownerId, documentId }: { key: string; ownerId: number; documentId: number },
  { db = getDb() }: { db?: Db } = {},
): Promise<{ ok: boolean }> {
  const app = await ownedDraft(db, key, ownerId);
  if (!app || app.status !== "draft") return { ok: false };
  const result = await db.deleteFrom("application_documents").where("id", "=", documentId).where("application_id", "=", app.id).executeTakeFirst();
  return { ok: Number(result.numDeletedRows) === 1 };
}

/**
 * A document's bytes, for the owner of its application or for staff. Staff reading it is audited
 * (`document.download` or `document.view`) in the same transaction as the read. Anyone else gets
 * null, exactly as if it did not exist.
 */
export async function getDocument(
  {
    key,
    documentId,
    requester,
    purpose = "download",
  }: { key: string; documentId: number; requester: { id: number; email: string; role: Role }; purpose?: "download" | "view" },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
) {
  if (!isApplicationKey(key)) return null;
  const where = byKey(key);
  return withTransaction(db, async (trx) => {
    let q = trx
      .selectFrom("application_documents")
      .innerJoin("applications", "applications.id", "application_documents.application_id")
      .select([
        "application_documents.id",
        "application_documents.display_name",
        "application_documents.media_type",
        "application_documents.size_bytes",
        "application_documents.sha256",
        "application_documents.content",
        "applications.reference",
        "applications.public_id",
      ])
      .where("application_documents.id", "=", documentId)
      .where(where.column, "=", where.value);
    if (requester.role === "owner") q = q.where("applications.owner_id", "=", requester.id);
    const doc = await q.executeTakeFirst();
    if (!doc) return null;
    if (requester.role !== "owner") {
      await recordAudit(trx, {
        actor: { id: requester.id, label: requester.email },
        action: `document.${purpose}`,
        target: { type: "document", id: doc.id },
        details: { application: doc.reference ?? doc.public_id, sha256: doc.sha256 },
        at: now,
      });
    }
    return doc;
  });
}

// ---------------------------------------------------------------------------------------------
// Submitting

export interface Snapshot {
  facts: Facts;
  answers: Answers;
  business: { trade_name: string; registration_number: string; representative_name: string; region: string; sector: string };
  evaluation: Evaluation;
  documents: Array<{ id: number; requirement_code: string; display_name: string; sha256: string }>;
  rulesVersion: number;
  declaredAt: string;
}

export type SubmitRefusal =
  | "not_found"
  | "not_editable"
  | "closed"
  | "full"
  | "not_eligible"
  | "incomplete"
  | "questions"
  | "documents"
  | "declaration"
  | "already_applied"
  /** The owner has not yet opened the link that confirms their email address. */
  | "email_unverified"
  /** A staggered opening: not this business's day yet. */
  | "not_your_day";
export type SubmitResult =
  | { ok: true; reference: string; alreadySubmitted: boolean }
  | { ok: false; reason: SubmitRefusal; missingDocuments?: string[]; availableFrom?: string; message?: LocalisedText };

export class Refused extends Error {
  constructor(readonly result: Extract<SubmitResult, { ok: false }>) {
    super(result.reason);
  }
}

/**
 * Submits a draft in one transaction: claim the draft, re-evaluate it with the programme's stored
 * rules, refuse when the programme is closed or full, check questions, documents and the
 * declaration, take the next reference of the programme's yearly sequence, store an immutable
 * snapshot, write the status event, the notification and its email. A repeated or simultaneous
 * submit of the same draft answers with the same reference and creates nothing new.
 */
export async function submitApplication(
  { key, ownerId, declared }: { key: string; ownerId: number; declared: boolean },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<SubmitResult> {
  if (!declared) return { ok: false, reason: "declaration" };
  if (!isApplicationKey(key)) return { ok: false, reason: "not_found" };
  const where = byKey(key);
  const stamp = now.toISOString();
  try {
    let programmeSlug = "";
    const result = await withTransaction(db, async (trx): Promise<SubmitResult> => {
      const app = await trx
        .selectFrom("applications")
        .innerJoin("businesses", "businesses.id", "applications.business_id")
        .innerJoin("users", "users.id", "applications.owner_id")
        .select([
          "applications.id",
          "applications.status",
          "applications.reference",
          "applications.programme_id",
          "applications.facts",
          "applications.answers",
          "businesses.trade_name",
          "businesses.registration_number",
          "businesses.representative_name",
          "businesses.region",
          "businesses.sector",
          "users.email",
          "users.email_verified_at",
        ])
        .where(where.column, "=", where.value)
        .where("applications.owner_id", "=", ownerId)
        .executeTakeFirst();
      if (!app) return { ok: false, reason: "not_found" };
      if (app.status !== "draft") {
        return app.reference ? { ok: true, reference: app.reference, alreadySubmitted: true } : { ok: false, reason: "not_editable" };
      }
      // Before the first submission the owner proves the address we will write to about it.
      if (!app.email_verified_at) return { ok: false, reason: "email_unverified" };
      // Claim the draft with a write first, so a concurrent submit waits for this one and then sees
      // it submitted (SQLite takes its write lock here; PostgreSQL locks the row).
      const claim = await trx
        .updateTable("applications")
        .set({ updated_at: stamp })
        .where("id", "=", app.id)
        .where("status", "=", "draft")
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) {
        // PostgreSQL: another submit of this draft held the row and committed first; this
        // statement's fresh snapshot shows its result, which this submit answers with too.
        const now = await trx.selectFrom("applications").select(["status", "reference"]).where("id", "=", app.id).executeTakeFirst();
        if (now?.reference) return { ok: true, reference: now.reference, alreadySubmitted: true };
        return { ok: false, reason: "not_editable" };
      }

      const programme = (await loadProgramme(trx, { id: app.programme_id }))!;
      programmeSlug = programme.slug;
      const today = seoulToday(now);
      if (!["open", "closing_soon"].includes(windowState(programme, today))) throw new Refused({ ok: false, reason: "closed" });
      // Staggered opening, enforced here in the transaction (not only on the page).
      const day = mayApplyOn(programme.openingSchedule, programme.opens_on, app.registration_number, today);
      if (!day.ok) throw new Refused({ ok: false, reason: "not_your_day", availableFrom: day.from, message: day.message });
      if (programme.capacity !== null && (await countTakenPlaces(programme.id, trx)) >= programme.capacity) {
        throw new Refused({ ok: false, reason: "full" });
      }
      const factsParse = FactsSchema.safeParse(JSON.parse(app.facts));
      const facts = factsParse.success ? factsParse.data : {};
      const evaluation = evaluate(programme.rules, facts, { today });
      if (evaluation.outcome === "not_eligible") throw new Refused({ ok: false, reason: "not_eligible" });
      if (evaluation.outcome === "need_more_info") throw new Refused({ ok: false, reason: "incomplete" });
      const answers = JSON.parse(app.answers) as Answers;
      if (Object.keys(validateAnswers(programme.questions, answers).errors).length) throw new Refused({ ok: false, reason: "questions" });
      const documents = await trx
        .selectFrom("application_documents")
        .select(["id", "requirement_code", "display_name", "sha256"])
        .where("application_id", "=", app.id)
        .orderBy("id")
        .execute();
      const missing = documentsFor(programme.documents, facts, { today })
        .filter((d) => d.needed !== "no" && !documents.some((doc) => doc.requirement_code === d.code))
        .map((d) => d.code);
      if (missing.length) throw new Refused({ ok: false, reason: "documents", missingDocuments: missing });

      const decision = decideTransition({ status: "draft", action: "submit", actorRole: "owner", supportKind: programme.rules.support.kind });
      if (!decision.ok) throw new Refused({ ok: false, reason: "not_editable" });

      const reference = await nextReference(trx, programme.ref_prefix, Number(today.slice(0, 4)));
      const snapshot: Snapshot = {
        facts,
        answers,
        business: {
          trade_name: app.trade_name,
          registration_number: app.registration_number,
          representative_name: app.representative_name,
          region: app.region,
          sector: app.sector,
        },
        evaluation,
        documents,
        rulesVersion: programme.rules_version,
        declaredAt: stamp,
      };
      await trx
        .updateTable("applications")
        .set({
          status: decision.to,
          reference,
          snapshot: JSON.stringify(snapshot),
          rules_version: programme.rules_version,
          submitted_at: stamp,
          updated_at: stamp,
          version: sql<number>`version + 1`,
        })
        .where("id", "=", app.id)
        .where("status", "=", "draft")
        .execute();
      await recordStatusChange(trx, {
        applicationId: app.id,
        from: "draft",
        to: decision.to,
        action: "submit",
        actorId: ownerId,
        actorRole: "owner",
        at: stamp,
      });
      await notify(trx, {
        userId: ownerId,
        email: app.email,
        applicationId: app.id,
        kind: "status_changed",
        params: {
          reference,
          programmeName: { en: programme.name_en, ko: programme.name_ko },
          status: decision.to,
          statusName: statusName(decision.to),
        },
        link: `/applications/${reference}`,
        now,
      });
      return { ok: true, reference, alreadySubmitted: false };
    });
    // Counted after the commit, once, whatever retries the transaction needed.
    if (result.ok && !result.alreadySubmitted) recordSubmission(programmeSlug);
    return result;
  } catch (error) {
    if (error instanceof Refused) return error.result;
    // The database refused a second active application of this business to this programme.
    if (isUniqueViolation(error)) return { ok: false, reason: "already_applied" };
    throw error;
  }
}

/** The next number of a programme's yearly sequence, inside the caller's transaction (no gaps). */
export async function nextReference(trx: Trx, prefix: string, year: number): Promise<string> {
  const row = await trx
    .insertInto("reference_sequences")
    .values({ prefix, year, last_value: 1 })
    .onConflict((oc) => oc.columns(["prefix", "year"]).doUpdateSet({ last_value: sql<number>`reference_sequences.last_value + 1` }))
    .returning("last_value")
    .executeTakeFirstOrThrow();
  return formatReference(prefix, year, row.last_value);
}

// ---------------------------------------------------------------------------------------------
// After submission: the owner's own transitions

export type OwnerActionResult = { ok: true } | { ok: false; reason: "not_found" } | { ok: false; reason: "refused"; message: LocalisedText };

async function ownerTransition(
  input: { key: string; ownerId: number; action: Extract<ApplicationAction, "withdraw" | "answer_info">; text: string },
  { now, db }: { now: Date; db: Db },
): Promise<OwnerActionResult> {
  if (!isApplicationKey(input.key)) return { ok: false, reason: "not_found" };
  const where = byKey(input.key);
  const stamp = now.toISOString();
  return withTransaction(db, async (trx) => {
    const app = await trx
      .selectFrom("applications")
      .innerJoin("programmes", "programmes.id", "applications.programme_id")
      .leftJoin("users as caseworker", "caseworker.id", "applications.assigned_to")
      .select([
        "applications.id",
        "applications.status",
        "applications.reference",
        "applications.assigned_to",
        "caseworker.email as caseworker_email",
        "programmes.rules",
        "programmes.name_en",
        "programmes.name_ko",
      ])
      .where(where.column, "=", where.value)
      .where("applications.owner_id", "=", input.ownerId)
      .executeTakeFirst();
    if (!app) return { ok: false, reason: "not_found" } as const;
    const rules = RulesSchema.parse(JSON.parse(app.rules));
    const decision = decideTransition({
      status: app.status as ApplicationStatus,
      action: input.action,
      actorRole: "owner",
      reason: input.text,
      supportKind: rules.support.kind,
    });
    if (!decision.ok) return { ok: false, reason: "refused", message: decision.message } as const;
    const updated = await trx
      .updateTable("applications")
      .set({
        status: decision.to,
        updated_at: stamp,
        version: sql<number>`version + 1`,
        // "Reply received" for the queue and the review page, until a caseworker next decides.
        ...(input.action === "answer_info" ? { owner_replied_at: stamp } : {}),
      })
      .where("id", "=", app.id)
      .where("status", "=", decision.from)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      return {
        ok: false,
        reason: "refused",
        message: { en: "The application changed meanwhile. Try again.", ko: "그사이 신청 상태가 바뀌었습니다. 다시 시도해 주세요." },
      } as const;
    }
    const text = input.text.trim();
    if (input.action === "answer_info") {
      await trx
        .insertInto("application_messages")
        .values({ application_id: app.id, author_id: input.ownerId, author_role: "owner", body: text, created_at: stamp })
        .execute();
      // The caseworker who asked hears the answer (in the portal and by email), in the same transaction.
      if (app.assigned_to !== null && app.caseworker_email && app.reference) {
        await notify(trx, {
          userId: app.assigned_to,
          email: app.caseworker_email,
          applicationId: app.id,
          kind: "reply_received",
          params: { reference: app.reference, programmeName: { en: app.name_en, ko: app.name_ko }, message: text.slice(0, 2000) },
          link: `/admin/applications/${app.reference}`,
          now,
        });
      }
    }
    await recordStatusChange(trx, {
      applicationId: app.id,
      from: decision.from,
      to: decision.to,
      action: input.action,
      actorId: input.ownerId,
      actorRole: "owner",
      reason: input.action === "withdraw" ? text : null,
      at: stamp,
    });
    return { ok: true } as const;
  });
}

export function withdrawApplication(
  input: { key: string; ownerId: number; reason: string },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
) {
  return ownerTransition({ key: input.key, ownerId: input.ownerId, action: "withdraw", text: input.reason }, { now, db });
}

/** The owner answers a request for information; the application goes back to review. */
export function answerInfoRequest(
  input: { key: string; ownerId: number; message: string },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
) {
  return ownerTransition({ key: input.key, ownerId: input.ownerId, action: "answer_info", text: input.message }, { now, db });
}
