import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
import { containsText, startsWith } from "../../../db/dialect";
import { getDb } from "../../../db/client";
import type { ApplicationsTable, Database } from "../../../db/schema";
import type { ApplicationStatus } from "~/modules/applications/application-state";
import { decodeCursor, encodeCursor, type CursorKey, type QueueFilters } from "./queue";
import { OPEN_STATUSES, QUEUE_STATUSES, SLA_DAYS } from "./queue-policy";
import { countsByProgrammeStatus, countsByStatusForAssignees, objectionCounts } from "~/modules/statistics/counters.server";

/**
 * The caseworkers' review queue: one page of applications for the current filters, keyset-paginated
 * (never OFFSET) so page 500 costs what page 1 costs, plus counts per status.
 *
 * A page is read from one or more *segments*, each an index-ordered walk of its own:
 * - default view ("my open work, then unassigned, oldest first"): segment 1 is open applications
 *   assigned to me, segment 2 open unassigned ones, each by (submitted_at, id);
 * - oldest / newest: one segment by (submitted_at, id), ascending or descending;
 * - amount (largest requested amount first): applications with an amount by (amount, id)
 *   descending, then those without one (service programmes) by id descending. Nulls therefore sort
 *   last, the same on SQLite and PostgreSQL, because the null rows are a separate query rather
 *   than left to each database's NULL ordering.
 * The cursor names the segment and the last row's key, so every segment seeks straight to its place
 * through an index. See docs/decisions/0005-review-queue-keyset.md.
 */

type Db = Kysely<Database>;
type QDB = Database & { a: ApplicationsTable };
type EB = ExpressionBuilder<QDB, "a">;

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

type KeyColumn = "a.submitted_at" | "a.requested_amount_krw" | null;

interface Segment {
  /** Written into the cursor ahead of the key, so a cursor knows its segment. */
  tag: string;
  where: (eb: EB) => Expression<SqlBool>;
  key: KeyColumn;
  dir: "asc" | "desc";
}

interface ResolvedFilters {
  filters: QueueFilters;
  programmeIds: number[] | null;
  staffId: number;
  now: Date;
  /** The database, for the few conditions written differently per dialect (db/dialect.ts). */
  db: Db;
}

// ---------------------------------------------------------------------------------------------
// Filters

/** Start of a Seoul calendar day as a UTC instant, comparable with submitted_at (ISO text). */
function seoulDayStart(date: string, plusDays = 0): string {
  const start = new Date(`${date}T00:00:00+09:00`);
  start.setUTCDate(start.getUTCDate() + plusDays);
  return start.toISOString();
}

export type SearchKind = "reference" | "registration" | "email" | "name";

/** What a search box entry most likely is, so each kind uses its own index. */
export function searchKind(raw: string): { kind: SearchKind; value: string } {
  const text = raw.trim();
  if (/^[A-Za-z]{2,8}-\d{0,4}(-\d{0,6})?$/.test(text) || /^[A-Za-z]{2,8}-$/.test(text)) return { kind: "reference", value: text.toUpperCase() };
  const digits = text.replace(/[\s-]/g, "");
  if (/^\d{3,10}$/.test(digits) && /^[\d\s-]+$/.test(text)) return { kind: "registration", value: digits };
  if (text.includes("@")) return { kind: "email", value: text.toLowerCase() };
  return { kind: "name", value: text };
}

/** Every filter except status and the segment's own condition; shared by page, counts and export. */
function baseConditions(eb: EB, r: ResolvedFilters, { businessJoined = false } = {}): Expression<SqlBool>[] {
  const f = r.filters;
  const conds: Expression<SqlBool>[] = [eb("a.submitted_at", "is not", null), eb("a.status", "!=", "draft")];
  if (r.programmeIds) conds.push(r.programmeIds.length ? eb("a.programme_id", "in", r.programmeIds) : eb.lit(false));
  if ((f.region || f.sector) && !businessJoined) {
    conds.push(
      eb(
        "a.business_id",
        "in",
        eb
          .selectFrom("businesses")
          .select("businesses.id")
          .$if(Boolean(f.region), (q) => q.where("businesses.region", "=", f.region!))
          .$if(Boolean(f.sector), (q) => q.where("businesses.sector", "=", f.sector!)),
      ),
    );
  }
  switch (f.assignee.kind) {
    case "me":
      conds.push(eb("a.assigned_to", "=", r.staffId));
      break;
    case "unassigned":
      conds.push(eb("a.assigned_to", "is", null));
      break;
    case "user":
      conds.push(eb("a.assigned_to", "=", f.assignee.id));
      break;
    case "default":
      conds.push(eb.or([eb("a.assigned_to", "=", r.staffId), eb("a.assigned_to", "is", null)]));
      break;
    case "anyone":
      break;
  }
  if (f.submittedFrom) conds.push(eb("a.submitted_at", ">=", seoulDayStart(f.submittedFrom)));
  if (f.submittedTo) conds.push(eb("a.submitted_at", "<", seoulDayStart(f.submittedTo, 1)));
  if (f.waitingMoreThanDays !== null) {
    const before = new Date(r.now.getTime() - f.waitingMoreThanDays * 86_400_000).toISOString();
    conds.push(eb("a.submitted_at", "<", before));
    conds.push(eb("a.status", "in", OPEN_STATUSES));
  }
  if (f.search) {
    const { kind, value } = searchKind(f.search);
    if (kind === "reference") {
      conds.push(startsWith(r.db, "a.reference", value));
    } else if (kind === "registration") {
      const businesses = eb.selectFrom("businesses").select("businesses.id");
      conds.push(
        eb(
          "a.business_id",
          "in",
          value.length === 10
            ? businesses.where("businesses.registration_number", "=", value)
            : businesses.where(startsWith(r.db, "businesses.registration_number", value)),
        ),
      );
    } else if (kind === "email") {
      conds.push(
        eb(
          "a.owner_id",
          "in",
          eb
            .selectFrom("users")
            .select("users.id")
            .where(startsWith(r.db, "users.email", value)),
        ),
      );
    } else {
      // Contains: SQLite scans the businesses (not the applications) once; PostgreSQL uses its
      // trigram index on the trade name.
      conds.push(
        eb(
          "a.business_id",
          "in",
          eb
            .selectFrom("businesses")
            .select("businesses.id")
            .where(containsText(r.db, "businesses.trade_name", value)),
        ),
      );
    }
  }
  return conds;
}

/** Region and sector as conditions on the joined business row `b`. */
function businessConditions(eb: EB, r: ResolvedFilters): Expression<SqlBool>[] {
  const e = eb as unknown as ExpressionBuilder<Database & { b: Database["businesses"] }, "b">;
  const conds: Expression<SqlBool>[] = [];
  if (r.filters.region) conds.push(e("b.region", "=", r.filters.region));
  if (r.filters.sector) conds.push(e("b.sector", "=", r.filters.sector));
  return conds;
}

/**
 * The statuses the page walks: the ones chosen; with none chosen, open work in the default view and
 * every status otherwise (null). "Waiting longer than" always means open work.
 */
function effectiveStatuses(f: QueueFilters): ApplicationStatus[] | null {
  const open = (s: ApplicationStatus) => (OPEN_STATUSES as readonly string[]).includes(s);
  const chosen: ApplicationStatus[] | null = f.statuses.length ? [...f.statuses] : null;
  if (f.waitingMoreThanDays !== null) return (chosen ?? [...OPEN_STATUSES]).filter(open);
  if (f.assignee.kind === "default") return chosen ?? [...OPEN_STATUSES];
  return chosen;
}

function segmentsFor(r: ResolvedFilters): Segment[] {
  const all = () => sql<SqlBool>`1 = 1`;
  switch (r.filters.sort) {
    case "newest":
      return [{ tag: "", where: all, key: "a.submitted_at", dir: "desc" }];
    case "amount":
      return [
        { tag: "amount", where: (eb) => eb("a.requested_amount_krw", "is not", null), key: "a.requested_amount_krw", dir: "desc" },
        { tag: "none", where: (eb) => eb("a.requested_amount_krw", "is", null), key: null, dir: "desc" },
      ];
    case "oldest":
    default:
      if (r.filters.assignee.kind === "default") {
        return [
          { tag: "m", where: (eb) => eb("a.assigned_to", "=", r.staffId), key: "a.submitted_at", dir: "asc" },
          { tag: "u", where: (eb) => eb("a.assigned_to", "is", null), key: "a.submitted_at", dir: "asc" },
        ];
      }
      return [{ tag: "", where: all, key: "a.submitted_at", dir: "asc" }];
  }
}

// ---------------------------------------------------------------------------------------------
// Cursors: [segment-tagged key, id]. Text keys carry "tag|" in front; the amount segments are told
// apart by the key being a number or null.

interface Position {
  segment: number;
  key: string | number | null;
  id: number;
}

function toCursor(segments: Segment[], position: Position): string {
  const seg = segments[position.segment]!;
  let value: CursorKey[0] = position.key;
  if (seg.key === "a.submitted_at") value = `${seg.tag}|${position.key}`;
  return encodeCursor([value, position.id]);
}

function fromCursor(segments: Segment[], cursor: string | null): Position | null {
  const decoded = decodeCursor(cursor);
  if (!decoded) return null;
  const [value, id] = decoded;
  if (typeof value === "string") {
    const bar = value.indexOf("|");
    if (bar < 0) return null;
    const tag = value.slice(0, bar);
    const key = value.slice(bar + 1);
    const segment = segments.findIndex((s) => s.key === "a.submitted_at" && s.tag === tag);
    if (segment < 0 || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(key)) return null;
    return { segment, key, id };
  }
  const segment = segments.findIndex((s) => (value === null ? s.key === null : s.key === "a.requested_amount_krw"));
  return segment < 0 ? null : { segment, key: value, id };
}

/** (key, id) after the cursor, written so both SQLite and PostgreSQL seek the index to it. */
function afterCondition(eb: EB, seg: Segment, pos: Position): Expression<SqlBool> {
  const gt = seg.dir === "asc" ? ">" : "<";
  const ge = seg.dir === "asc" ? ">=" : "<=";
  if (seg.key === null || pos.key === null) return eb("a.id", gt, pos.id);
  const col = seg.key;
  const key = pos.key as never;
  return eb.and([eb(col, ge, key), eb.or([eb(col, gt, key), eb.and([eb(col, "=", key), eb("a.id", gt, pos.id)])])]);
}

// ---------------------------------------------------------------------------------------------
// Reading

async function resolve(filters: QueueFilters, staff: QueueStaff, now: Date, db: Db): Promise<ResolvedFilters> {
  let programmeIds: number[] | null = null;
  if (filters.programmes.length) {
    const rows = await db.selectFrom("programmes").select("id").where("slug", "in", filters.programmes).execute();
    programmeIds = rows.map((p) => p.id);
  }
  return { filters, programmeIds, staffId: staff.id, now, db };
}

function pageQuery(db: Db, r: ResolvedFilters, seg: Segment, after: Position | null, limit: number, statuses: ApplicationStatus[] | null) {
  let q = db
    .selectFrom("applications as a")
    .innerJoin("businesses as b", "b.id", "a.business_id")
    .innerJoin("programmes as p", "p.id", "a.programme_id")
    .leftJoin("users as s", "s.id", "a.assigned_to")
    .select([
      "a.id",
      "a.reference",
      "a.status",
      "a.submitted_at",
      "a.requested_amount_krw",
      "a.award_amount_krw",
      "a.assigned_to",
      "a.owner_replied_at",
      "b.trade_name",
      "b.registration_number",
      "b.region",
      "b.sector",
      "p.slug as programme_slug",
      "p.name_en as programme_name_en",
      "p.name_ko as programme_name_ko",
      "s.email as assignee_email",
    ])
    .where((eb) => {
      // Region and sector on the joined business row (one primary-key lookup per row walked), not
      // `business_id IN (SELECT … FROM businesses WHERE region = ?)`, which SQLite builds by scanning
      // every business on each request (1.2 s at a million applications).
      const conds = [...baseConditions(eb, r, { businessJoined: true }), ...businessConditions(eb, r), seg.where(eb)];
      if (statuses)
        conds.push(statuses.length === 1 ? eb("a.status", "=", statuses[0]!) : statuses.length ? eb("a.status", "in", statuses) : eb.lit(false));
      if (after) conds.push(afterCondition(eb, seg, after));
      return eb.and(conds);
    });
  if (seg.key) q = q.orderBy(seg.key, seg.dir);
  return q.orderBy("a.id", seg.dir).limit(limit);
}

type RawRow = Awaited<ReturnType<ReturnType<typeof pageQuery>["execute"]>>[number];

function toRow(raw: RawRow, now: Date): QueueRow {
  const submittedAt = raw.submitted_at!;
  const ageDays = Math.max(0, Math.floor((now.getTime() - Date.parse(submittedAt)) / 86_400_000));
  const status = raw.status as ApplicationStatus;
  return {
    id: raw.id,
    reference: raw.reference ?? "",
    status,
    submittedAt,
    requestedAmountKrw: raw.requested_amount_krw === null ? null : Number(raw.requested_amount_krw),
    awardAmountKrw: raw.award_amount_krw === null ? null : Number(raw.award_amount_krw),
    tradeName: raw.trade_name,
    registrationNumber: raw.registration_number,
    region: raw.region,
    sector: raw.sector,
    programmeSlug: raw.programme_slug,
    programmeNameEn: raw.programme_name_en,
    programmeNameKo: raw.programme_name_ko,
    assignedTo: raw.assigned_to,
    assigneeEmail: raw.assignee_email,
    ageDays,
    overdue: (OPEN_STATUSES as readonly string[]).includes(status) && ageDays > SLA_DAYS,
    replyReceivedAt: raw.owner_replied_at,
  };
}

function keyOf(seg: Segment, raw: RawRow): string | number | null {
  if (seg.key === "a.submitted_at") return raw.submitted_at;
  if (seg.key === "a.requested_amount_krw") return raw.requested_amount_krw === null ? null : Number(raw.requested_amount_krw);
  return null;
}

/**
 * The rows of one segment after `after`, `limit` at most. Several statuses are read as one ordered
 * stream per status, merged here: `status IN (…)` would make the database sort every match before
 * returning the first 26, while `status = ?` walks an index already in (submitted_at, id) order.
 */
async function readSegment(db: Db, r: ResolvedFilters, seg: Segment, after: Position | null, limit: number): Promise<RawRow[]> {
  const chosen = effectiveStatuses(r.filters);
  // A search matches a handful of rows: one query that sorts them beats seven that each walk a status.
  // Every status for anyone is one walk of applications_submitted (submitted_at, id), no sort needed.
  const everything = !chosen && r.filters.assignee.kind === "anyone";
  if (seg.key !== "a.submitted_at" || (chosen && chosen.length <= 1) || r.filters.search || everything)
    return pageQuery(db, r, seg, after, limit, chosen).execute();
  const statuses = chosen ?? [...QUEUE_STATUSES];
  const streams = await Promise.all(statuses.map((s) => pageQuery(db, r, seg, after, limit, [s]).execute()));
  const sign = seg.dir === "asc" ? 1 : -1;
  return streams
    .flat()
    .sort((x, y) => sign * (x.submitted_at! < y.submitted_at! ? -1 : x.submitted_at! > y.submitted_at! ? 1 : x.id - y.id))
    .slice(0, limit);
}

/** One page after `cursor`, walking into the following segments when one runs out. */
async function readPage(db: Db, r: ResolvedFilters, cursor: string | null, pageSize: number) {
  const segments = segmentsFor(r);
  const start = fromCursor(segments, cursor);
  const rows: QueueRow[] = [];
  let last: Position | null = null;
  let more = false;
  for (let i = start?.segment ?? 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const after = start && start.segment === i ? start : null;
    // One row more than needed tells whether another page exists.
    const raws = await readSegment(db, r, seg, after, pageSize + 1 - rows.length);
    for (const raw of raws) {
      if (rows.length === pageSize) {
        more = true;
        break;
      }
      rows.push(toRow(raw, r.now));
      last = { segment: i, key: keyOf(seg, raw), id: raw.id };
    }
    if (more) break;
  }
  return { rows, nextCursor: more && last ? toCursor(segments, last) : null };
}

/**
 * Whether the counters can answer the counts for these filters: programme × region × sector for
 * anyone's work, or programme × assignee (mine, unassigned, mine and unassigned, a person's).
 */
export function countsAreExact(f: QueueFilters): boolean {
  if (f.submittedFrom || f.submittedTo || f.waitingMoreThanDays !== null || f.search) return false;
  return f.assignee.kind === "anyone" || (!f.region && !f.sector);
}

function assigneeIds(r: ResolvedFilters): number[] | null {
  const a = r.filters.assignee;
  switch (a.kind) {
    case "me":
      return [r.staffId];
    case "unassigned":
      return [0];
    case "default":
      return [r.staffId, 0];
    case "user":
      return [a.id];
    case "anyone":
      return null;
  }
}

/**
 * The applications matching every filter but status, for counting. The business row is joined only
 * when region or sector asks for it: an unneeded join let PostgreSQL plan a hash join over every
 * business.
 */
function matching(db: Db, r: ResolvedFilters) {
  const joinBusiness = Boolean(r.filters.region || r.filters.sector);
  return db
    .selectFrom("applications as a")
    .$if(joinBusiness, (q) => q.innerJoin("businesses as b", "b.id", "a.business_id"))
    .where((w) =>
      w.and([
        ...baseConditions(w as unknown as EB, r, { businessJoined: joinBusiness }),
        ...(joinBusiness ? businessConditions(w as unknown as EB, r) : []),
      ]),
    );
}

async function countByStatus(
  db: Db,
  r: ResolvedFilters,
  cap: number,
): Promise<{ counts: QueuePage["countsByStatus"]; capped: QueuePage["cappedStatuses"]; mode: QueuePage["countsMode"] }> {
  const counts = Object.fromEntries(QUEUE_STATUSES.map((s) => [s, 0])) as QueuePage["countsByStatus"];
  if (countsAreExact(r.filters)) {
    const assignees = assigneeIds(r);
    const rows = assignees
      ? await countsByStatusForAssignees(db, { programmeIds: r.programmeIds, assignees })
      : await countsByProgrammeStatus(db, { programmeIds: r.programmeIds, region: r.filters.region, sector: r.filters.sector });
    for (const row of rows) if (row.status in counts) counts[row.status as keyof typeof counts] += row.n;
    return { counts, capped: [], mode: "exact" };
  }
  const capped: QueuePage["cappedStatuses"] = [];
  if (r.filters.search) {
    // A search is driven by its own index (reference, number, email, name) and matches few rows, but
    // `status = ?` beside it made SQLite walk the status index instead (120 ms at 100,000
    // applications). So: one walk of the matches (baseConditions' `status != 'draft'` leaves the
    // status index out), at most one more than every status's cap, grouped.
    // A sample that fills up leaves every status a lower bound ("n+").
    const limit = QUEUE_STATUSES.length * (cap + 1);
    const rows = await db
      .selectFrom(matching(db, r).select("a.status").limit(limit).as("t"))
      .select((eb) => ["t.status", eb.fn.countAll<number>().as("n")])
      .groupBy("t.status")
      .execute();
    const full = rows.reduce((sum, row) => sum + Number(row.n), 0) >= limit;
    for (const row of rows) {
      const status = row.status as (typeof QUEUE_STATUSES)[number];
      if (!(status in counts)) continue;
      counts[status] = Math.min(Number(row.n), cap);
      if (Number(row.n) > cap) capped.push(status);
    }
    return { counts, capped: QUEUE_STATUSES.filter((s) => full || capped.includes(s)), mode: "capped" };
  }
  // Anything else (assignee, dates, waiting): per status, count the matching index entries up to
  // cap + 1, so no filter can make a request walk a million rows.
  // "Waiting more than N days" means open: the other statuses cannot match, and asking would make a
  // database walk every row of theirs to find none (PostgreSQL does not see the contradiction).
  const possible =
    r.filters.waitingMoreThanDays !== null ? QUEUE_STATUSES.filter((s) => (OPEN_STATUSES as readonly string[]).includes(s)) : QUEUE_STATUSES;
  await Promise.all(
    possible.map(async (status) => {
      const row = await db
        .selectFrom(
          matching(db, r)
            .where("a.status", "=", status)
            .select("a.id")
            .limit(cap + 1)
            .as("t"),
        )
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      const n = Number(row.n);
      if (n > cap) capped.push(status);
      counts[status] = Math.min(n, cap);
    }),
  );
  return { counts, capped: QUEUE_STATUSES.filter((s) => capped.includes(s)), mode: "capped" };
}

export interface ListOptions {
  pageSize?: number;
  now?: Date;
  db?: Db;
  /** The export does not need counts. */
  counts?: boolean;
  /** Cap of a count that the counters cannot answer (tests make it small). */
  countCap?: number;
}

/** One page of the queue for `staff` (whose "me" it is), with counts per status. */
export async function listQueue(
  filters: QueueFilters,
  staff: QueueStaff,
  { pageSize = 25, now = new Date(), db = getDb(), counts = true, countCap = COUNT_CAP }: ListOptions = {},
): Promise<QueuePage> {
  const r = await resolve(filters, staff, now, db);
  const none = { counts: Object.fromEntries(QUEUE_STATUSES.map((s) => [s, 0])) as QueuePage["countsByStatus"], capped: [], mode: "exact" as const };
  const [page, c, openObjections] = await Promise.all([
    readPage(db, r, filters.cursor, pageSize),
    counts ? countByStatus(db, r, countCap) : Promise.resolve(none),
    counts ? openObjectionCount(r.programmeIds, db) : Promise.resolve(0),
  ]);
  const shown = statusesShown(filters);
  const total = shown.reduce((sum, s) => sum + c.counts[s], 0);
  return { ...page, countsByStatus: c.counts, total, countsMode: c.mode, cappedStatuses: c.capped, countCap, openObjections };
}

/** The statuses the current view lists (for the total beside the counts). */
export function statusesShown(filters: QueueFilters): (typeof QUEUE_STATUSES)[number][] {
  return (effectiveStatuses(filters) ?? [...QUEUE_STATUSES]) as (typeof QUEUE_STATUSES)[number][];
}

/**
 * Every row of the current filters, a keyset batch at a time, for the CSV export: memory holds one
 * batch, never the whole result.
 */
export async function* queueRowsInBatches(
  filters: QueueFilters,
  staff: QueueStaff,
  { batchSize = 1_000, now = new Date(), db = getDb() } = {},
): AsyncGenerator<QueueRow[]> {
  const r = await resolve({ ...filters, cursor: null }, staff, now, db);
  let cursor: string | null = null;
  for (;;) {
    const page = await readPage(db, r, cursor, batchSize);
    if (page.rows.length) yield page.rows;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** Objections waiting for a decision in these programmes (all when null), from the counters. */
export async function openObjectionCount(programmeIds: number[] | null, db: Db = getDb()): Promise<number> {
  const rows = await objectionCounts(db, { programmeIds });
  return rows.filter((r) => r.state === "open").reduce((sum, r) => sum + r.n, 0);
}

/** What the filter form offers: programmes and active staff (for "assigned to a person"). */
export async function queueOptions(db: Db = getDb()) {
  const [programmes, staff] = await Promise.all([
    db
      .selectFrom("programmes")
      .select(["id", "slug", "name_en", "name_ko"])
      .where("status", "!=", "draft")
      .orderBy("sort_order")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("users")
      .select(["id", "email", "role"])
      .where("role", "in", ["caseworker", "supervisor", "admin"])
      .where("deactivated_at", "is", null)
      .orderBy("email")
      .execute(),
  ]);
  return { programmes, staff };
}
