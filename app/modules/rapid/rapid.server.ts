/**
 * The one-step (rapid) application: an owner whose business is on a programme's verified
 * list confirms the business, gives a payout account and a declaration — no documents. The
 * programme's rules run on the list's verified facts; when they pass, the system approves in the same
 * transaction with the listed amount (capped), recorded as decided by "system" with the rules
 * version and the list; when they do not, the application joins the normal queue with the reason.
 */
import { recordAutoApproval } from "~/shared/metrics.server";
import { sql, type Kysely, type Transaction } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { isUniqueViolation } from "../../../db/errors";
import { withTransaction } from "../../../db/transaction";
import { ACTIVE_STATUSES, decideTransition, statusName, type ApplicationStatus } from "~/modules/applications";
import { parsePayoutAccount, type PayoutAccountField, type PayoutAccountInput } from "~/modules/payments";
import { payeeColumns, verifyPayee, type PayeeCheck } from "~/modules/payments/index.server";
import { evaluate, type Evaluation } from "~/modules/eligibility";
import { FactsSchema, type Facts } from "~/modules/eligibility";
import { firstDayFor, mayApplyOn } from "~/modules/catalogue";
import { seoulToday, windowState } from "~/modules/catalogue";
import { awardCap } from "~/modules/review";
import type { LocalisedText } from "~/modules/eligibility";
import { loadProgramme, newPublicId, nextReference, type Snapshot } from "~/modules/applications/index.server";
import { recordAudit } from "~/modules/audit/index.server";
import { confirmedBusinessIds } from "~/modules/businesses/index.server";
import { notify } from "~/modules/notifications/index.server";
import { recordStatusChange } from "~/modules/applications/index.server";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export interface ListedBusiness {
  businessId: number;
  tradeName: string;
  registrationNumber: string;
  entryId: number;
  listId: number;
  round: number;
  amountKrw: number;
  /** First day this number may apply (staggered opening). */
  firstDay: string;
  application: { reference: string | null; status: ApplicationStatus } | null;
  /** Whether the business is confirmed as this owner's (identity and register): needed to apply. */
  confirmed: boolean;
}

/** The latest-round entry of each of the owner's businesses on this programme's lists. */
async function listedForOwner(db: Db | Trx, ownerId: number, programmeId: number, businessId?: number) {
  let q = db
    .selectFrom("businesses")
    .innerJoin("verified_entries", "verified_entries.registration_number", "businesses.registration_number")
    .innerJoin("verified_lists", "verified_lists.id", "verified_entries.list_id")
    .select([
      "businesses.id as business_id",
      "businesses.trade_name",
      "businesses.registration_number",
      "businesses.representative_name",
      "businesses.region",
      "businesses.sector",
      "verified_entries.id as entry_id",
      "verified_entries.facts",
      "verified_entries.amount_krw",
      "verified_entries.source",
      "verified_lists.id as list_id",
      "verified_lists.round",
    ])
    .where("businesses.owner_id", "=", ownerId)
    .where("verified_lists.programme_id", "=", programmeId)
    .orderBy("businesses.id")
    .orderBy("verified_lists.round", "desc");
  if (businessId !== undefined) q = q.where("businesses.id", "=", businessId);
  const rows = await q.execute();
  const seen = new Set<number>();
  return rows.filter((r) => (seen.has(r.business_id) ? false : (seen.add(r.business_id), true)));
}

export type RapidPage =
  | { ok: false; reason: "programme_not_found" }
  | {
      ok: true;
      programme: { slug: string; name: LocalisedText; open: boolean; opensOn: string; closesOn: string };
      listed: ListedBusiness[];
      /** Today's refusal per business that may not apply yet. */
      notYet: Record<number, { from: string; message: LocalisedText }>;
    };

export async function getRapidPage(
  { ownerId, programmeSlug }: { ownerId: number; programmeSlug: string },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<RapidPage> {
  const programme = await loadProgramme(db, { slug: programmeSlug });
  if (!programme || programme.status !== "published") return { ok: false, reason: "programme_not_found" };
  const today = seoulToday(now);
  const rows = await listedForOwner(db, ownerId, programme.id);
  const apps = rows.length
    ? await db
        .selectFrom("applications")
        .select(["business_id", "reference", "status"])
        .where("programme_id", "=", programme.id)
        .where(
          "business_id",
          "in",
          rows.map((r) => r.business_id),
        )
        .where("status", "in", ["draft", ...ACTIVE_STATUSES])
        .execute()
    : [];
  const confirmed = await confirmedBusinessIds({ ownerId, businessIds: rows.map((r) => r.business_id) }, { db });
  const listed: ListedBusiness[] = rows.map((r) => {
    const app = apps.find((a) => a.business_id === r.business_id && a.status !== "draft");
    return {
      businessId: r.business_id,
      tradeName: r.trade_name,
      registrationNumber: r.registration_number,
      entryId: r.entry_id,
      listId: r.list_id,
      round: r.round,
      amountKrw: Number(r.amount_krw),
      firstDay: firstDayFor(programme.openingSchedule, programme.opens_on, r.registration_number),
      application: app ? { reference: app.reference, status: app.status } : null,
      confirmed: confirmed.has(r.business_id),
    };
  });
  const notYet: Record<number, { from: string; message: LocalisedText }> = {};
  for (const l of listed) {
    const d = mayApplyOn(programme.openingSchedule, programme.opens_on, l.registrationNumber, today);
    if (!d.ok) notYet[l.businessId] = { from: d.from, message: d.message };
  }
  return {
    ok: true,
    programme: {
      slug: programme.slug,
      name: { en: programme.name_en, ko: programme.name_ko },
      open: ["open", "closing_soon"].includes(windowState(programme, today)),
      opensOn: programme.opens_on,
      closesOn: programme.closes_on,
    },
    listed,
    notYet,
  };
}

export type RapidRefusal =
  | "not_found"
  | "not_listed"
  | "closed"
  | "full"
  | "not_your_day"
  | "already_applied"
  | "declaration"
  | "account"
  /** The owner has not yet opened the link that confirms their email address (as for a normal submission). */
  | "email_unverified"
  /** The business is not yet confirmed as the owner's (as for a normal submission). */
  | "ownership_unconfirmed";
export type RapidResult =
  | { ok: true; reference: string; outcome: "approved" | "queued"; amountKrw: number | null; alreadySubmitted: boolean }
  | { ok: false; reason: RapidRefusal; message?: LocalisedText; availableFrom?: string; errors?: Partial<Record<PayoutAccountField, LocalisedText>> };

class Refused extends Error {
  constructor(readonly result: Extract<RapidResult, { ok: false }>) {
    super(result.reason);
  }
}

/** Why the rules did not approve: the failed or unknown criteria, in both languages. */
function queueReason(evaluation: Evaluation): LocalisedText {
  const open = evaluation.criteria.filter((c) => c.result !== "pass");
  return {
    en: open.map((c) => `${c.label.en}: ${c.explanation.en}`).join(" ") || "The rules did not decide.",
    ko: open.map((c) => `${c.label.ko}: ${c.explanation.ko}`).join(" ") || "규칙으로 결정되지 않았습니다.",
  };
}

export async function rapidApply(
  input: { ownerId: number; programmeSlug: string; businessId: number; account: PayoutAccountInput; declared: boolean },
  options: { now?: Date; db?: Db; check?: PayeeCheck } = {},
): Promise<RapidResult> {
  const result = await decideRapid(input, options);
  // Counted once committed (metrics: launch-day automatic approvals per programme).
  if (result.ok && !result.alreadySubmitted && result.outcome === "approved") recordAutoApproval(input.programmeSlug);
  return result;
}

async function decideRapid(
  input: { ownerId: number; programmeSlug: string; businessId: number; account: PayoutAccountInput; declared: boolean },
  { now = new Date(), db = getDb(), check }: { now?: Date; db?: Db; check?: PayeeCheck } = {},
): Promise<RapidResult> {
  const account = parsePayoutAccount(input.account);
  if (!account.ok) return { ok: false, reason: "account", errors: account.errors };
  if (!input.declared) return { ok: false, reason: "declaration" };
  // The payee check, before the transaction (a slow bank never holds the database), reads whether the
  // business is confirmed for the owner: one not yet confirmed is refused inside it, after the answers
  // that come first (not listed, already submitted, email unverified), with the page saying what is missing.
  const payee = await verifyPayee({ ownerId: input.ownerId, businessId: input.businessId, account: account.value }, { db, check });
  if (payee.kind === "refused") return { ok: false, reason: "account", errors: { [payee.field]: payee.message } };
  const payeeSaved = payeeColumns(payee.kind === "matched" ? payee : { kind: "unchecked" }, account.value.holderName, now);
  const stamp = now.toISOString();
  const today = seoulToday(now);
  try {
    return await withTransaction(db, async (trx): Promise<RapidResult> => {
      const programme = await loadProgramme(trx, { slug: input.programmeSlug });
      if (!programme || programme.status !== "published") return { ok: false, reason: "not_found" };
      const [entry] = await listedForOwner(trx, input.ownerId, programme.id, input.businessId);
      if (!entry) {
        const owned = await trx
          .selectFrom("businesses")
          .select("id")
          .where("id", "=", input.businessId)
          .where("owner_id", "=", input.ownerId)
          .executeTakeFirst();
        return { ok: false, reason: owned ? "not_listed" : "not_found" };
      }
      const owner = await trx.selectFrom("users").select(["email", "email_verified_at"]).where("id", "=", input.ownerId).executeTakeFirstOrThrow();
      const existing = await trx
        .selectFrom("applications")
        .select(["id", "reference", "status", "award_amount_krw"])
        .where("business_id", "=", entry.business_id)
        .where("programme_id", "=", programme.id)
        .where("status", "in", ["draft", ...ACTIVE_STATUSES])
        .execute();
      const active = existing.find((a) => a.status !== "draft");
      if (active) {
        // A double click or a retried POST: the same answer as the first time.
        return {
          ok: true,
          reference: active.reference!,
          outcome: active.status === "submitted" ? "queued" : "approved",
          amountKrw: active.award_amount_krw,
          alreadySubmitted: true,
        };
      }
      // The same proof as the normal track: the address we write to about the money is the owner's.
      if (!owner.email_verified_at) return { ok: false, reason: "email_unverified" };
      // And that the listed business is theirs: being on a list is no proof of who is asking. The
      // payee check has read the ownership already (nobody may be paid for an unconfirmed business);
      // the entry above, read in this transaction, still names the owner, and only a take-over,
      // which moves the business to another owner, removes a confirmation.
      if (payee.kind === "unconfirmed") return { ok: false, reason: "ownership_unconfirmed" };
      if (!["open", "closing_soon"].includes(windowState(programme, today))) throw new Refused({ ok: false, reason: "closed" });
      const day = mayApplyOn(programme.openingSchedule, programme.opens_on, entry.registration_number, today);
      if (!day.ok) throw new Refused({ ok: false, reason: "not_your_day", availableFrom: day.from, message: day.message });
      if (programme.capacity !== null) {
        const taken = await trx
          .selectFrom("applications")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("programme_id", "=", programme.id)
          .where("status", "in", [...ACTIVE_STATUSES])
          .executeTakeFirstOrThrow();
        if (Number(taken.n) >= programme.capacity) throw new Refused({ ok: false, reason: "full" });
      }
      const submit = decideTransition({ status: "draft", action: "submit", actorRole: "owner", supportKind: programme.rules.support.kind });
      if (!submit.ok) throw new Refused({ ok: false, reason: "not_found" });

      const parsedFacts = FactsSchema.safeParse(JSON.parse(entry.facts));
      const facts: Facts = parsedFacts.success ? parsedFacts.data : {};
      const evaluation = evaluate(programme.rules, facts, { today });
      const reference = await nextReference(trx, programme.ref_prefix, Number(today.slice(0, 4)));
      const snapshot: Snapshot & { verifiedList: { listId: number; entryId: number; round: number; source: string; amountKrw: number } } = {
        facts,
        answers: {},
        business: {
          trade_name: entry.trade_name,
          registration_number: entry.registration_number,
          representative_name: entry.representative_name,
          region: entry.region,
          sector: entry.sector,
        },
        evaluation,
        documents: [],
        rulesVersion: programme.rules_version,
        declaredAt: stamp,
        verifiedList: {
          listId: entry.list_id,
          entryId: entry.entry_id,
          round: entry.round,
          source: entry.source,
          amountKrw: Number(entry.amount_krw),
        },
      };
      const submitted = {
        status: "submitted" as const,
        reference,
        facts: JSON.stringify(facts),
        snapshot: JSON.stringify(snapshot),
        rules_version: programme.rules_version,
        submitted_at: stamp,
        updated_at: stamp,
      };
      const draft = existing.find((a) => a.status === "draft");
      let applicationId: number;
      if (draft) {
        await trx
          .updateTable("applications")
          .set({ ...submitted, version: sql<number>`version + 1` })
          .where("id", "=", draft.id)
          .where("owner_id", "=", input.ownerId)
          .where("status", "=", "draft")
          .execute();
        applicationId = draft.id;
      } else {
        const row = await trx
          .insertInto("applications")
          .values({
            ...submitted,
            public_id: newPublicId(),
            programme_id: programme.id,
            business_id: entry.business_id,
            owner_id: input.ownerId,
            answers: "{}",
            requested_amount_krw: null,
            decided_at: null,
            created_at: stamp,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        applicationId = row.id;
      }
      await recordStatusChange(trx, {
        applicationId,
        from: draft ? "draft" : null,
        to: "submitted",
        action: "submit",
        actorId: input.ownerId,
        actorRole: "owner",
        at: stamp,
      });
      await trx
        .insertInto("payout_accounts")
        .values({
          application_id: applicationId,
          bank_code: account.value.bankCode,
          account_number: account.value.accountNumber,
          ...payeeSaved,
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();

      const programmeName = { en: programme.name_en, ko: programme.name_ko };
      const cap = awardCap(programme.rules.support);
      const approve = decideTransition({
        status: "submitted",
        action: "auto_approve",
        actorRole: "system",
        supportKind: programme.rules.support.kind,
      });
      if (evaluation.outcome === "eligible" && cap !== null && approve.ok) {
        const amount = Math.min(Number(entry.amount_krw), cap);
        await trx
          .updateTable("applications")
          .set({ status: approve.to, award_amount_krw: amount, decided_at: stamp, updated_at: stamp, version: sql<number>`version + 1` })
          .where("id", "=", applicationId)
          .where("owner_id", "=", input.ownerId)
          .where("status", "=", "submitted")
          .execute();
        const why = `Verified list ${entry.list_id} (round ${entry.round}), rules version ${programme.rules_version}`;
        await recordStatusChange(trx, {
          applicationId,
          from: "submitted",
          to: approve.to,
          action: "auto_approve",
          actorId: null,
          actorRole: "system",
          reason: why,
          at: stamp,
        });
        await trx
          .insertInto("rapid_decisions")
          .values({
            application_id: applicationId,
            list_id: entry.list_id,
            entry_id: entry.entry_id,
            rules_version: programme.rules_version,
            outcome: "approved",
            amount_krw: amount,
            reason: null,
            decided_at: stamp,
          })
          .execute();
        await recordAudit(trx, {
          actor: { id: null, label: "system" },
          action: "application.auto_approve",
          target: { type: "application", id: reference },
          details: { listId: entry.list_id, entryId: entry.entry_id, round: entry.round, rulesVersion: programme.rules_version, amountKrw: amount },
          at: now,
        });
        await notify(trx, {
          userId: input.ownerId,
          email: owner.email,
          applicationId,
          kind: "status_changed",
          params: { reference, programmeName, status: approve.to, statusName: statusName(approve.to) },
          link: `/applications/${reference}`,
          now,
        });
        return { ok: true, reference, outcome: "approved", amountKrw: amount, alreadySubmitted: false };
      }
      const reason = queueReason(evaluation);
      await trx
        .insertInto("rapid_decisions")
        .values({
          application_id: applicationId,
          list_id: entry.list_id,
          entry_id: entry.entry_id,
          rules_version: programme.rules_version,
          outcome: "queued",
          amount_krw: null,
          reason: JSON.stringify(reason),
          decided_at: stamp,
        })
        .execute();
      await recordAudit(trx, {
        actor: { id: null, label: "system" },
        action: "application.rapid_queued",
        target: { type: "application", id: reference },
        details: {
          listId: entry.list_id,
          entryId: entry.entry_id,
          rulesVersion: programme.rules_version,
          outcome: evaluation.outcome,
          reason: reason.en,
        },
        at: now,
      });
      await notify(trx, {
        userId: input.ownerId,
        email: owner.email,
        applicationId,
        kind: "status_changed",
        params: { reference, programmeName, status: "submitted", statusName: statusName("submitted") },
        link: `/applications/${reference}`,
        now,
      });
      return { ok: true, reference, outcome: "queued", amountKrw: null, alreadySubmitted: false };
    });
  } catch (error) {
    if (error instanceof Refused) return error.result;
    if (isUniqueViolation(error)) return { ok: false, reason: "already_applied" };
    throw error;
  }
}

/** The rapid result of one of the owner's applications (for the done panel), scoped by owner. */
export async function getRapidOutcome({ ownerId, reference }: { ownerId: number; reference: string }, db: Db = getDb()) {
  const row = await db
    .selectFrom("applications")
    .innerJoin("rapid_decisions", "rapid_decisions.application_id", "applications.id")
    .innerJoin("programmes", "programmes.id", "applications.programme_id")
    .select([
      "applications.reference",
      "applications.status",
      "applications.award_amount_krw",
      "rapid_decisions.outcome",
      "rapid_decisions.reason",
      "programmes.name_en",
      "programmes.name_ko",
    ])
    .where("applications.reference", "=", reference)
    .where("applications.owner_id", "=", ownerId)
    .executeTakeFirst();
  if (!row) return null;
  return { ...row, reason: row.reason ? (JSON.parse(row.reason) as LocalisedText) : null };
}
