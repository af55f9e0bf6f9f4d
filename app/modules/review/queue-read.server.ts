import { getDb } from "../../../db/client";
import type { ApplicationStatus } from "~/modules/applications";
import { type QueueFilters } from "./queue";
import { OPEN_STATUSES, QUEUE_STATUSES, SLA_DAYS } from "./queue-policy";
import { countsByProgrammeStatus, countsByStatusForAssignees, objectionCounts } from "~/modules/statistics/index.server";
import {
  type Db,
  type EB,
  type QueueStaff,
  type QueueRow,
  type QueuePage,
  COUNT_CAP,
  type Segment,
  type ResolvedFilters,
} from "./queue-common.server";
import {
  baseConditions,
  businessConditions,
  effectiveStatuses,
  segmentsFor,
  type Position,
  toCursor,
  fromCursor,
  afterCondition,
} from "./queue-filters.server";

/** Reading the queue: a page by keyset, the counts, the export's batches, the filter options. */
// ---------------------------------------------------------------------------------------------
// Reading

export async function resolve(filters: QueueFilters, staff: QueueStaff, now: Date, db: Db): Promise<ResolvedFilters> {
  let programmeIds: number[] | null = null;
  if (filters.programmes.length) {
    const rows = await db.selectFrom("programmes").select("id").where("slug", "in", filters.programmes).execute();
    programmeIds = rows.map((p) => p.id);
  }
  return { filters, programmeIds, staffId: staff.id, now, db };
}

export function pageQuery(db: Db, r: ResolvedFilters, seg: Segment, after: Position | null, limit: number, statuses: ApplicationStatus[] | null) {
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

export type RawRow = Awaited<ReturnType<ReturnType<typeof pageQuery>["execute"]>>[number];

export function toRow(raw: RawRow, now: Date): QueueRow {
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

export function keyOf(seg: Segment, raw: RawRow): string | number | null {
  if (seg.key === "a.submitted_at") return raw.submitted_at;
  if (seg.key === "a.requested_amount_krw") return raw.requested_amount_krw === null ? null : Number(raw.requested_amount_krw);
  return null;
}

/**
 * The rows of one segment after `after`, `limit` at most. Several statuses are read as one ordered
 * stream per status, merged here: `status IN (…)` would make the database sort every match before
 * returning the first 26, while `status = ?` walks an index already in (submitted_at, id) order.
 */
export async function readSegment(db: Db, r: ResolvedFilters, seg: Segment, after: Position | null, limit: number): Promise<RawRow[]> {
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
export async function readPage(db: Db, r: ResolvedFilters, cursor: string | null, pageSize: number) {
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

export function assigneeIds(r: ResolvedFilters): number[] | null {
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
export function matching(db: Db, r: ResolvedFilters) {
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

export async function countByStatus(
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
