import { getDb } from "../../../db/client";
import { documentsFor, evaluate, RulesSchema } from "~/modules/eligibility";
import { FactsSchema, type Facts } from "~/modules/eligibility";
import { seoulToday, windowState } from "~/modules/catalogue";
import { validateAnswers, type Answers } from "./questions";
import { maskAccountNumber } from "~/modules/payments";

import { type Db, isApplicationKey, byKey, loadProgramme } from "./application-common.server";
import { type Snapshot } from "./submit-application.server";

/** Reading an owner's applications (owner-scoped). */
// ---------------------------------------------------------------------------------------------
// Reading

export async function listOwnerApplications(ownerId: number, db: Db = getDb()) {
  return (
    db
      .selectFrom("applications")
      .innerJoin("programmes", "programmes.id", "applications.programme_id")
      // Only while the business is still theirs: a draft closed when its number moved to the proven
      // representative shows nothing of the representative's business (businesses/number-release).
      .innerJoin("businesses", (j) =>
        j.onRef("businesses.id", "=", "applications.business_id").onRef("businesses.owner_id", "=", "applications.owner_id"),
      )
      .leftJoin("payout_accounts as pa", "pa.application_id", "applications.id")
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
        "programmes.rules as programme_rules",
        "businesses.trade_name",
        "pa.payee_state as payout_state",
      ])
      .where("applications.owner_id", "=", ownerId)
      .orderBy("applications.updated_at", "desc")
      .orderBy("applications.id", "desc")
      .execute()
      .then((rows) =>
        rows.map(({ programme_rules, payout_state, ...row }) => ({
          ...row,
          // Paying programmes' applications that can still be paid but have no account: "add your account".
          needsAccount:
            ACCOUNT_STATUSES.has(row.status) &&
            payout_state === null &&
            RulesSchema.safeParse(JSON.parse(programme_rules)).data?.support.kind !== "service",
        })),
      )
  );
}

/** Where an owner can still give an account (the draft's step, then the payout page). */
const ACCOUNT_STATUSES = new Set(["draft", "submitted", "under_review", "info_requested", "approved"]);

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
    // Only while the business is still theirs: a draft closed when its number moved to the proven
    // representative shows nothing of the representative's business (businesses/number-release).
    .innerJoin("businesses", (j) =>
      j.onRef("businesses.id", "=", "applications.business_id").onRef("businesses.owner_id", "=", "applications.owner_id"),
    )
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
  const [documents, events, messages, payout] = await Promise.all([
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
    db
      .selectFrom("payout_accounts")
      .select(["bank_code", "account_number", "holder_name", "payee_state"])
      .where("application_id", "=", app.id)
      .executeTakeFirst(),
  ]);
  const facts = FactsSchema.safeParse(JSON.parse(app.facts));
  const answers = JSON.parse(app.answers) as Answers;
  const today = seoulToday(now);
  const evaluation = evaluate(programme.rules, facts.success ? facts.data : {}, { today });
  const documentNeeds = documentsFor(programme.documents, facts.success ? facts.data : {}, { today });
  const answerCheck = validateAnswers(programme.questions, answers);
  const missingDocuments = documentNeeds.filter((d) => d.needed !== "no" && !documents.some((doc) => doc.requirement_code === d.code));
  const paying = programme.rules.support.kind !== "service";
  const tasks: Partial<Record<"account", TaskState>> & Record<"business" | "facts" | "questions" | "documents" | "declaration", TaskState> = {
    business: "done",
    facts: evaluation.outcome === "eligible" ? "done" : evaluation.outcome === "not_eligible" ? "blocked" : "todo",
    questions: Object.keys(answerCheck.errors).length === 0 ? "done" : "todo",
    documents: missingDocuments.length === 0 ? "done" : "todo",
    // Grants and loans are paid into a structured account, required before submission.
    ...(paying ? { account: hasUsableAccount(payout) ? ("done" as const) : ("todo" as const) } : {}),
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
    // The portal's own reasons (which list, which rules version) are for staff: owners get the
    // decision explained in their language on the page, and the technical reason never reaches them.
    events: events.map((e) => (e.actor_role === "system" ? { ...e, reason: null } : e)),
    messages,
    tasks,
    paying,
    // Never the full number: masked, as every owner page shows it.
    payout: payout
      ? { bankCode: payout.bank_code, masked: maskAccountNumber(payout.account_number), holderName: payout.holder_name, payee: payout.payee_state }
      : null,
  };
}

/** An account a batch may pay once the bank confirms it; a later mismatch means "give another". */
export function hasUsableAccount(account: { payee_state: string } | null | undefined): boolean {
  return Boolean(account && account.payee_state !== "mismatch");
}
export type OwnerApplication = NonNullable<Awaited<ReturnType<typeof getOwnerApplication>>>;
