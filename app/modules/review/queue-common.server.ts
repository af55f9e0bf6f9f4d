import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
import type { ApplicationsTable, Database } from "../../../db/schema";
import type { ApplicationStatus } from "~/modules/applications";
import { type QueueFilters } from "./queue";
import { OPEN_STATUSES, QUEUE_STATUSES, SLA_DAYS } from "./queue-policy";

/** The queue's shapes: who reads it, a row, a page, the segments a page is read from. */
export type Db = Kysely<Database>;
export type QDB = Database & { a: ApplicationsTable };
export type EB = ExpressionBuilder<QDB, "a">;

export { OPEN_STATUSES, QUEUE_STATUSES, SLA_DAYS };

export interface QueueStaff {
  id: number;
}

export interface QueueRow {
  id: number;
  reference: string;
  status: ApplicationStatus;
  submittedAt: string;
  requestedAmountKrw: number | null;
  awardAmountKrw: number | null;
  tradeName: string;
  registrationNumber: string;
  region: string;
  sector: string;
  programmeSlug: string;
  programmeNameEn: string;
  programmeNameKo: string;
  assignedTo: number | null;
  assigneeEmail: string | null;
  /** Whole days since submission. */
  ageDays: number;
  /** Open and waiting longer than SLA_DAYS. */
  overdue: boolean;
  /** The owner answered a request for information and no caseworker has decided since. */
  replyReceivedAt: string | null;
}

export interface QueuePage {
  rows: QueueRow[];
  nextCursor: string | null;
  /** Counts per status for the current filters without the status filter, so they show the spread. */
  countsByStatus: Record<(typeof QUEUE_STATUSES)[number], number>;
  total: number;
  /**
   * "exact": read from the counters (programme, region and sector for anyone's work; programme and
   * assignee, the default view included);
   * "capped": counted from the index up to `countCap` per status, shown as "1,000+" beyond.
   */
  countsMode: "exact" | "capped";
  /** The statuses whose count reached the cap (the true count is at least `countCap`). */
  cappedStatuses: (typeof QUEUE_STATUSES)[number][];
  countCap: number;
  /** Objections waiting for a decision in the filter's programmes (a separate list), from the counters. */
  openObjections: number;
}

/**
 * Beyond this many matches a count per status says "1,000+" instead of walking further: seven
 * statuses × 1,001 index entries at most per page view, whatever the number of applications.
 */
export const COUNT_CAP = 1_000;

export type KeyColumn = "a.submitted_at" | "a.requested_amount_krw" | null;

export interface Segment {
  /** Written into the cursor ahead of the key, so a cursor knows its segment. */
  tag: string;
  where: (eb: EB) => Expression<SqlBool>;
  key: KeyColumn;
  dir: "asc" | "desc";
}

export interface ResolvedFilters {
  filters: QueueFilters;
  programmeIds: number[] | null;
  staffId: number;
  now: Date;
  /** The database, for the few conditions written differently per dialect (db/dialect.ts). */
  db: Db;
}
