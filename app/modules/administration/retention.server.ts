import type { Kysely, Transaction } from "kysely";
import { removeCounters } from "~/modules/statistics/index.server";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { withTransaction } from "../../../db/transaction";
import { recordAudit } from "~/modules/audit/index.server";

/**
 * Retention (`npm run retention`): what the portal no longer needs goes, by the book.
 * - Drafts nobody touched for a year (no edit, no upload) are deleted with their documents.
 * - Documents of rejected or withdrawn applications are purged `documentYears` after the decision
 *   or withdrawal; the application, its snapshot (file names and hashes) and its history stay.
 * Every deletion is one audit row (`retention.draft_deleted`, `retention.documents_purged`) written
 * in the transaction that deletes. Work goes in batches, each its own short transaction, so the
 * portal keeps serving while a large backlog is purged.
 */
export const DRAFT_IDLE_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;
const ACTOR = { id: null, label: "system:retention" } as const;

export interface RetentionOptions {
  db?: Kysely<Database>;
  now?: Date;
  /** Report only; delete nothing. */
  dryRun?: boolean;
  /** Applications per transaction (default 100). */
  batchSize?: number;
  /** Years after a rejection or withdrawal before its documents are purged. */
  documentYears: number;
  log?: (line: string) => void;
}

export interface RetentionItem {
  applicationId: number;
  /** The reference, or the draft's public id. */
  label: string;
  documents: number;
  bytes: number;
}

export interface RetentionReport {
  dryRun: boolean;
  draftCutoff: string;
  documentCutoff: string;
  drafts: { applications: number; documents: number; bytes: number; items: RetentionItem[] };
  documentPurges: { applications: number; documents: number; bytes: number; items: RetentionItem[] };
}

type Db = Kysely<Database> | Transaction<Database>;

/** Whole years back from `now`, as an ISO instant (calendar years, so leap days do not drift). */
function yearsBefore(now: Date, years: number): string {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString();
}

/** Drafts idle since before `cutoff`: not edited and nothing uploaded since. */
function idleDrafts(db: Db, cutoff: string, afterId: number, limit: number) {
  return db
    .selectFrom("applications as a")
    .select(["a.id", "a.public_id as label"])
    .where("a.status", "=", "draft")
    .where("a.updated_at", "<", cutoff)
    .where("a.id", ">", afterId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom("application_documents as d").select("d.id").whereRef("d.application_id", "=", "a.id").where("d.created_at", ">=", cutoff)),
      ),
    )
    .orderBy("a.id")
    .limit(limit)
    .execute();
}

/** Rejected or withdrawn before `cutoff` (decision, else the status event, else the last update) and still holding documents. */
function closedWithDocuments(db: Db, cutoff: string, afterId: number, limit: number) {
  return db
    .selectFrom("applications as a")
    .select(["a.id", "a.reference", "a.public_id"])
    .where("a.status", "in", ["rejected", "withdrawn"])
    .where("a.id", ">", afterId)
    .where((eb) =>
      eb(
        eb.fn.coalesce(
          "a.decided_at",
          eb
            .selectFrom("status_events as e")
            .select((e) => e.fn.max("e.at").as("at"))
            .whereRef("e.application_id", "=", "a.id")
            .whereRef("e.to_status", "=", "a.status"),
          "a.updated_at",
        ),
        "<",
        cutoff,
      ),
    )
    .where(({ exists, selectFrom }) => exists(selectFrom("application_documents as d").select("d.id").whereRef("d.application_id", "=", "a.id")))
    .orderBy("a.id")
    .limit(limit)
    .execute();
}

async function documentTotals(db: Db, applicationId: number) {
  const row = await db
    .selectFrom("application_documents")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("size_bytes").as("bytes")])
    .where("application_id", "=", applicationId)
    .executeTakeFirstOrThrow();
  return { documents: Number(row.n), bytes: Number(row.bytes ?? 0) };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runRetention(options: RetentionOptions): Promise<RetentionReport> {
  const { db = getDb(), now = new Date(), dryRun = false, batchSize = 100, documentYears, log = () => {} } = options;
  const draftCutoff = new Date(now.getTime() - DRAFT_IDLE_DAYS * DAY_MS).toISOString();
  const documentCutoff = yearsBefore(now, documentYears);
  const report: RetentionReport = {
    dryRun,
    draftCutoff,
    documentCutoff,
    drafts: { applications: 0, documents: 0, bytes: 0, items: [] },
    documentPurges: { applications: 0, documents: 0, bytes: 0, items: [] },
  };
  const add = (bucket: RetentionReport["drafts"], item: RetentionItem) => {
    bucket.applications++;
    bucket.documents += item.documents;
    bucket.bytes += item.bytes;
    bucket.items.push(item);
  };

  // Drafts, a batch at a time in id order. Each selected draft is checked again inside the deleting
  // transaction: an owner may have come back to it since.
  let after = 0;
  for (;;) {
    const batch = await idleDrafts(db, draftCutoff, after, batchSize);
    if (!batch.length) break;
    if (dryRun) {
      for (const row of batch) add(report.drafts, { applicationId: row.id, label: row.label, ...(await documentTotals(db, row.id)) });
      after = batch[batch.length - 1]!.id;
      continue;
    }
    const ids = batch.map((r) => r.id);
    const done = await withTransaction(db, async (trx) => {
      const still = (await idleDrafts(trx, draftCutoff, 0, batchSize)).filter((r) => ids.includes(r.id));
      const items: RetentionItem[] = [];
      for (const row of still) {
        const totals = await documentTotals(trx, row.id);
        // Documents, status events, messages and notifications go with it (ON DELETE CASCADE).
        await trx.deleteFrom("application_documents").where("application_id", "=", row.id).execute();
        // Out of the counters first (they count drafts too), in this same transaction.
        await removeCounters(trx, row.id);
        await trx.deleteFrom("applications").where("id", "=", row.id).where("status", "=", "draft").execute();
        await recordAudit(trx, {
          actor: ACTOR,
          action: "retention.draft_deleted",
          target: { type: "application", id: row.id },
          details: { publicId: row.label, idleSince: "before " + draftCutoff, ...totals },
          at: now,
        });
        items.push({ applicationId: row.id, label: row.label, ...totals });
      }
      return items;
    });
    for (const item of done) add(report.drafts, item);
    after = batch[batch.length - 1]!.id;
    log(`retention: deleted ${done.length} idle draft(s)`);
    await yieldToEventLoop();
  }

  after = 0;
  for (;;) {
    const batch = await closedWithDocuments(db, documentCutoff, after, batchSize);
    if (!batch.length) break;
    after = batch[batch.length - 1]!.id;
    if (dryRun) {
      for (const row of batch)
        add(report.documentPurges, { applicationId: row.id, label: row.reference ?? row.public_id, ...(await documentTotals(db, row.id)) });
      continue;
    }
    const ids = batch.map((r) => r.id);
    const done = await withTransaction(db, async (trx) => {
      const still = (await closedWithDocuments(trx, documentCutoff, ids[0]! - 1, batchSize)).filter((r) => ids.includes(r.id));
      const items: RetentionItem[] = [];
      for (const row of still) {
        const totals = await documentTotals(trx, row.id);
        await trx.deleteFrom("application_documents").where("application_id", "=", row.id).execute();
        const label = row.reference ?? row.public_id;
        await recordAudit(trx, {
          actor: ACTOR,
          action: "retention.documents_purged",
          target: { type: "application", id: row.id },
          details: { reference: label, years: documentYears, closedBefore: documentCutoff, ...totals },
          at: now,
        });
        items.push({ applicationId: row.id, label, ...totals });
      }
      return items;
    });
    for (const item of done) add(report.documentPurges, item);
    log(`retention: purged the documents of ${done.length} closed application(s)`);
    await yieldToEventLoop();
  }
  return report;
}
