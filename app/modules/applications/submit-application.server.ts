import { sql } from "kysely";
import { getDb } from "../../../db/client";
import { recordStatusChange } from "./status-change.server";
import { withTransaction } from "../../../db/transaction";
import { recordSubmission } from "~/shared/metrics.server";
import { decideTransition, statusName } from "./application-state";
import { documentsFor, evaluate, type Evaluation } from "~/modules/eligibility";
import { FactsSchema, type Facts } from "~/modules/eligibility";
import { seoulToday, windowState } from "~/modules/catalogue";
import { mayApplyOn } from "~/modules/catalogue";
import { validateAnswers, type Answers } from "./questions";
import { formatReference } from "./reference";
import { type LocalisedText } from "~/modules/eligibility";
import { notify } from "~/modules/notifications/index.server";
import { isUniqueViolation } from "../../../db/errors";
import { hasUsableAccount } from "./owner-applications.server";

import { type Db, type Trx, isApplicationKey, byKey, loadProgramme, countTakenPlaces } from "./application-common.server";

/** Submitting an application in one transaction, with its reference. */
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
  /** A grant or loan without the bank account it is paid into (the application's account step). */
  | "payout_account"
  | "already_applied"
  /** The owner has not yet opened the link that confirms their email address. */
  | "email_unverified"
  /** The business is not yet confirmed as theirs (identity verified and matched in the register). */
  | "ownership_unconfirmed"
  /** A staggered opening: not this business's day yet. */
  | "not_your_day";
export type SubmitResult =
  | { ok: true; reference: string; alreadySubmitted: boolean }
  | { ok: false; reason: SubmitRefusal; missingDocuments?: string[]; availableFrom?: string; message?: LocalisedText; businessId?: number };

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
        .leftJoin("business_ownerships as ownership", (join) =>
          join.onRef("ownership.business_id", "=", "applications.business_id").onRef("ownership.user_id", "=", "applications.owner_id"),
        )
        .select([
          "applications.business_id",
          "ownership.confirmed_at as ownership_confirmed_at",
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
      // And that the business is theirs: money goes only to a business's proven representative.
      if (!app.ownership_confirmed_at) return { ok: false, reason: "ownership_unconfirmed", businessId: app.business_id };
      // Claim the draft with a write first, so a concurrent submit waits for this one and then sees
      // it submitted (SQLite takes its write lock here; PostgreSQL locks the row).
      const claim = await trx
        .updateTable("applications")
        .set({ updated_at: stamp })
        .where("id", "=", app.id)
        .where("owner_id", "=", ownerId)
        .where("status", "=", "draft")
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) {
        // PostgreSQL: another submit of this draft held the row and committed first; this
        // statement's fresh snapshot shows its result, which this submit answers with too.
        const now = await trx
          .selectFrom("applications")
          .select(["status", "reference"])
          .where("id", "=", app.id)
          .where("owner_id", "=", ownerId)
          .executeTakeFirst();
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
      if (programme.rules.support.kind !== "service") {
        const account = await trx.selectFrom("payout_accounts").select("payee_state").where("application_id", "=", app.id).executeTakeFirst();
        if (!hasUsableAccount(account)) throw new Refused({ ok: false, reason: "payout_account" });
      }

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
        .where("owner_id", "=", ownerId)
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
