import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { ApplicationStatusColumn, CounterContributionsTable, Database, ObjectionCountersTable, ObjectionState } from "../../../db/schema";
import { contributionOf, type Contribution, type CountedRow } from "./counters";

/**
 * Counters kept in the transaction of every status change (called by recordStatusChange), read by
 * the dashboard, the queue, the eligibility page, capacity checks and /statistics, and rebuilt from
 * the applications by `npm run db:recount`.
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

/** The row as the counters see it: the application and its business's region and sector. */
async function countedRow(trx: Db | Trx, applicationId: number): Promise<CountedRow | undefined> {
  return trx
    .selectFrom("applications as a")
    .innerJoin("businesses as b", "b.id", "a.business_id")
    .select([
      "a.programme_id",
      "a.status",
      "b.region",
      "b.sector",
      "a.requested_amount_krw",
      "a.award_amount_krw",
      "a.submitted_at",
      "a.decided_at",
      "a.assigned_to",
    ])
    .where("a.id", "=", applicationId)
    .executeTakeFirst();
}

/** Adds `sign` × a contribution to the three counter tables. */
async function addContribution(trx: Db | Trx, c: Contribution, sign: 1 | -1): Promise<void> {
  const key = { programme_id: c.programme_id, status: c.status as ApplicationStatusColumn, region: c.region, sector: c.sector };
  if (sign === 1) {
    await trx
      .insertInto("application_counters")
      .values({ ...key, n: 1, requested_krw: c.requested_krw, awarded_krw: c.awarded_krw })
      .onConflict((oc) =>
        oc.columns(["programme_id", "status", "region", "sector"]).doUpdateSet({
          n: sql<number>`application_counters.n + 1`,
          requested_krw: sql<number>`application_counters.requested_krw + ${c.requested_krw}`,
          awarded_krw: sql<number>`application_counters.awarded_krw + ${c.awarded_krw}`,
        }),
      )
      .execute();
  } else {
    // The CHECK (n >= 0 …) refuses, and so aborts the transaction, if this ever went below zero.
    await trx
      .updateTable("application_counters")
      .set({
        n: sql<number>`n - 1`,
        requested_krw: sql<number>`requested_krw - ${c.requested_krw}`,
        awarded_krw: sql<number>`awarded_krw - ${c.awarded_krw}`,
      })
      .where("programme_id", "=", key.programme_id)
      .where("status", "=", key.status)
      .where("region", "=", key.region)
      .where("sector", "=", key.sector)
      .execute();
  }
  await bump(trx, "assignee_counters", { programme_id: c.programme_id, status: c.status, assignee_id: c.assignee_id }, sign);
  if (c.submitted_day !== null) await bump(trx, "submission_day_counters", { programme_id: c.programme_id, day: c.submitted_day }, sign);
  if (c.bucket_hours !== null) await bump(trx, "decision_duration_counters", { programme_id: c.programme_id, bucket_hours: c.bucket_hours }, sign);
}

async function bump(
  trx: Db | Trx,
  table: "submission_day_counters" | "decision_duration_counters" | "assignee_counters",
  key:
    | { programme_id: number; day: string }
    | { programme_id: number; bucket_hours: number }
    | { programme_id: number; status: string; assignee_id: number },
  sign: 1 | -1,
): Promise<void> {
  const columns = Object.keys(key) as never[];
  if (sign === 1) {
    await trx
      .insertInto(table)
      .values({ ...key, n: 1 } as never)
      .onConflict((oc) => oc.columns(columns).doUpdateSet({ n: sql<number>`${sql.ref(`${table}.n`)} + 1` } as never))
      .execute();
  } else {
    let q = trx.updateTable(table).set({ n: sql<number>`n - 1` } as never);
    for (const [column, value] of Object.entries(key)) q = q.where(column as never, "=", value as never);
    await q.execute();
  }
}

function sameCounterKey(a: Contribution, b: Contribution): boolean {
  return (
    a.programme_id === b.programme_id &&
    a.status === b.status &&
    a.region === b.region &&
    a.sector === b.sector &&
    a.requested_krw === b.requested_krw &&
    a.awarded_krw === b.awarded_krw &&
    a.submitted_day === b.submitted_day &&
    a.bucket_hours === b.bucket_hours &&
    a.assignee_id === b.assignee_id
  );
}

/**
 * Brings the counters in line with one application's row as it is now, inside the caller's
 * transaction: subtracts what it added last time (counter_contributions), adds what it adds now.
 * Three indexed reads and at most seven small writes; general over any from → to.
 */
/** What a counter_contributions row says the application added last time. */
function storedContribution(previous: Selectable<CounterContributionsTable>): Contribution {
  return {
    programme_id: previous.programme_id,
    status: previous.status,
    region: previous.region,
    sector: previous.sector,
    requested_krw: Number(previous.requested_krw),
    awarded_krw: Number(previous.awarded_krw),
    submitted_day: previous.submitted_day,
    bucket_hours: previous.bucket_hours,
    assignee_id: previous.assignee_id ?? 0,
  };
}

export async function applyCounters(trx: Trx, applicationId: number): Promise<void> {
  const [row, previous] = await Promise.all([
    countedRow(trx, applicationId),
    trx.selectFrom("counter_contributions").selectAll().where("application_id", "=", applicationId).executeTakeFirst(),
  ]);
  if (!row) return;
  const next = contributionOf(row);
  const before = previous ? storedContribution(previous) : null;
  if (before && sameCounterKey(before, next)) return;
  if (before) await addContribution(trx, before, -1);
  await addContribution(trx, next, 1);
  const stored = { ...next, status: next.status as ApplicationStatusColumn };
  if (previous) {
    await trx.updateTable("counter_contributions").set(stored).where("application_id", "=", applicationId).execute();
  } else {
    await trx
      .insertInto("counter_contributions")
      .values({ application_id: applicationId, ...stored })
      .execute();
  }
}

// ---------------------------------------------------------------------------------------------
// Objections

/**
 * An objection filed (`from` null) or decided (`from` "open"): its old counter down and its new one
 * up, in the caller's transaction, so the counts equal the objections table after every commit.
 */
export async function moveObjectionCounter(
  trx: Trx,
  { programmeId, kind, from, to }: { programmeId: number; kind: ObjectionCountersTable["kind"]; from: ObjectionState | null; to: ObjectionState },
): Promise<void> {
  if (from) {
    await trx
      .updateTable("objection_counters")
      .set({ n: sql<number>`n - 1` })
      .where("programme_id", "=", programmeId)
      .where("kind", "=", kind)
      .where("state", "=", from)
      .execute();
  }
  await trx
    .insertInto("objection_counters")
    .values({ programme_id: programmeId, kind, state: to, n: 1 })
    .onConflict((oc) => oc.columns(["programme_id", "kind", "state"]).doUpdateSet({ n: sql<number>`objection_counters.n + 1` }))
    .execute();
}

/** Objections per programme × kind × state (only the non-zero ones), optionally for some programmes. */
export async function objectionCounts(
  db: Db | Trx,
  { programmeIds }: { programmeIds?: number[] | null } = {},
): Promise<Selectable<ObjectionCountersTable>[]> {
  if (programmeIds && !programmeIds.length) return [];
  return db
    .selectFrom("objection_counters")
    .selectAll()
    .where("n", ">", 0)
    .$if(Boolean(programmeIds), (q) => q.where("programme_id", "in", programmeIds!))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Rebuilding

/**
 * Takes an application out of every counter before it is deleted (retention of idle drafts), in
 * the deleting transaction, so the counters still equal the truth afterwards.
 */
export async function removeCounters(trx: Trx, applicationId: number): Promise<void> {
  const previous = await trx.selectFrom("counter_contributions").selectAll().where("application_id", "=", applicationId).executeTakeFirst();
  if (!previous) return;
  await addContribution(trx, storedContribution(previous), -1);
  await trx.deleteFrom("counter_contributions").where("application_id", "=", applicationId).execute();
}

export interface RecountOptions {
  /** Applications per slice (one transaction each; the event loop is free between slices). */
  sliceSize?: number;
  onProgress?: (done: number) => void;
}

/**
 * Rebuilds every counter from the applications (and the objection counts from the objections):
 * empties them, then walks the applications by id
 * in slices, each slice one transaction that adds the contributions of its rows. A status change
 * that happens while this runs counts itself (it writes its contribution row), and the slice that
 * reaches that application later skips it, so nothing is counted twice.
 */
export async function recountCounters(db: Db, { sliceSize = 5_000, onProgress }: RecountOptions = {}): Promise<number> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("counter_contributions").execute();
    await trx.deleteFrom("application_counters").execute();
    await trx.deleteFrom("submission_day_counters").execute();
    await trx.deleteFrom("decision_duration_counters").execute();
    await trx.deleteFrom("assignee_counters").execute();
    // Objections are few (thousands where applications are millions): one grouped pass.
    await trx.deleteFrom("objection_counters").execute();
    await sql`insert into objection_counters (programme_id, kind, state, n)
      select programme_id, kind, state, count(*) from objections group by programme_id, kind, state`.execute(trx);
  });
  let after = 0;
  let done = 0;
  for (;;) {
    const last = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom("applications as a")
        .innerJoin("businesses as b", "b.id", "a.business_id")
        .select([
          "a.id",
          "a.programme_id",
          "a.status",
          "b.region",
          "b.sector",
          "a.requested_amount_krw",
          "a.award_amount_krw",
          "a.submitted_at",
          "a.decided_at",
          "a.assigned_to",
        ])
        .where("a.id", ">", after)
        .orderBy("a.id")
        .limit(sliceSize)
        .execute();
      if (!rows.length) return null;
      const lastId = rows[rows.length - 1]!.id;
      const counted = new Set(
        (
          await trx
            .selectFrom("counter_contributions")
            .select("application_id")
            .where("application_id", ">", after)
            .where("application_id", "<=", lastId)
            .execute()
        ).map((r) => r.application_id),
      );
      const contributions: (Contribution & { application_id: number })[] = [];
      for (const row of rows) if (!counted.has(row.id)) contributions.push({ application_id: row.id, ...contributionOf(row) });
      await addMany(trx, contributions);
      done += rows.length;
      return lastId;
    });
    if (last === null) break;
    after = last;
    onProgress?.(done);
    // Let requests in between slices.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return done;
}

/** Adds many contributions at once: aggregated in memory, then a few multi-row upserts. */
async function addMany(trx: Trx, contributions: (Contribution & { application_id: number })[]): Promise<void> {
  if (!contributions.length) return;
  const counters = new Map<
    string,
    { programme_id: number; status: ApplicationStatusColumn; region: string; sector: string; n: number; requested_krw: number; awarded_krw: number }
  >();
  const days = new Map<string, { programme_id: number; day: string; n: number }>();
  const buckets = new Map<string, { programme_id: number; bucket_hours: number; n: number }>();
  const assignees = new Map<string, { programme_id: number; status: ApplicationStatusColumn; assignee_id: number; n: number }>();
  for (const c of contributions) {
    const ak = `${c.programme_id}|${c.status}|${c.assignee_id}`;
    const a = assignees.get(ak) ?? { programme_id: c.programme_id, status: c.status as ApplicationStatusColumn, assignee_id: c.assignee_id, n: 0 };
    a.n++;
    assignees.set(ak, a);
    const k = `${c.programme_id}|${c.status}|${c.region}|${c.sector}`;
    const e = counters.get(k) ?? {
      programme_id: c.programme_id,
      status: c.status as ApplicationStatusColumn,
      region: c.region,
      sector: c.sector,
      n: 0,
      requested_krw: 0,
      awarded_krw: 0,
    };
    e.n++;
    e.requested_krw += c.requested_krw;
    e.awarded_krw += c.awarded_krw;
    counters.set(k, e);
    if (c.submitted_day !== null) {
      const dk = `${c.programme_id}|${c.submitted_day}`;
      const d = days.get(dk) ?? { programme_id: c.programme_id, day: c.submitted_day, n: 0 };
      d.n++;
      days.set(dk, d);
    }
    if (c.bucket_hours !== null) {
      const bk = `${c.programme_id}|${c.bucket_hours}`;
      const b = buckets.get(bk) ?? { programme_id: c.programme_id, bucket_hours: c.bucket_hours, n: 0 };
      b.n++;
      buckets.set(bk, b);
    }
  }
  for (const chunk of chunks([...counters.values()], 500)) {
    await trx
      .insertInto("application_counters")
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(["programme_id", "status", "region", "sector"]).doUpdateSet({
          n: sql<number>`application_counters.n + excluded.n`,
          requested_krw: sql<number>`application_counters.requested_krw + excluded.requested_krw`,
          awarded_krw: sql<number>`application_counters.awarded_krw + excluded.awarded_krw`,
        }),
      )
      .execute();
  }
  for (const chunk of chunks([...days.values()], 500)) {
    await trx
      .insertInto("submission_day_counters")
      .values(chunk)
      .onConflict((oc) => oc.columns(["programme_id", "day"]).doUpdateSet({ n: sql<number>`submission_day_counters.n + excluded.n` }))
      .execute();
  }
  for (const chunk of chunks([...buckets.values()], 500)) {
    await trx
      .insertInto("decision_duration_counters")
      .values(chunk)
      .onConflict((oc) => oc.columns(["programme_id", "bucket_hours"]).doUpdateSet({ n: sql<number>`decision_duration_counters.n + excluded.n` }))
      .execute();
  }
  for (const chunk of chunks([...assignees.values()], 500)) {
    await trx
      .insertInto("assignee_counters")
      .values(chunk)
      .onConflict((oc) => oc.columns(["programme_id", "status", "assignee_id"]).doUpdateSet({ n: sql<number>`assignee_counters.n + excluded.n` }))
      .execute();
  }
  for (const chunk of chunks(contributions, 500)) {
    await trx
      .insertInto("counter_contributions")
      .values(chunk.map((c) => ({ ...c, status: c.status as ApplicationStatusColumn })))
      .execute();
  }
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface StatusCount {
  programme_id: number;
  status: ApplicationStatusColumn;
  n: number;
  requested_krw: number;
  awarded_krw: number;
}

/** Applications per programme and status (optionally narrowed to programmes, a region, a sector). */
export async function countsByProgrammeStatus(
  db: Db | Trx,
  { programmeIds, region, sector }: { programmeIds?: number[] | null; region?: string | null; sector?: string | null } = {},
): Promise<StatusCount[]> {
  const rows = await db
    .selectFrom("application_counters")
    .select([
      "programme_id",
      "status",
      (eb) => eb.fn.sum<number>("n").as("n"),
      (eb) => eb.fn.sum<number>("requested_krw").as("requested_krw"),
      (eb) => eb.fn.sum<number>("awarded_krw").as("awarded_krw"),
    ])
    .$if(Boolean(programmeIds), (q) => q.where("programme_id", "in", programmeIds!.length ? programmeIds! : [-1]))
    .$if(Boolean(region), (q) => q.where("region", "=", region!))
    .$if(Boolean(sector), (q) => q.where("sector", "=", sector!))
    .groupBy(["programme_id", "status"])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n), requested_krw: Number(r.requested_krw), awarded_krw: Number(r.awarded_krw) }));
}

/**
 * Applications per status for the queue's assignee views, from assignee_counters: `assignees` are
 * user ids, 0 meaning unassigned; null = any assignee.
 */
export async function countsByStatusForAssignees(
  db: Db | Trx,
  { programmeIds, assignees }: { programmeIds?: number[] | null; assignees: number[] },
): Promise<{ status: string; n: number }[]> {
  const rows = await db
    .selectFrom("assignee_counters")
    .select(["status", (eb) => eb.fn.sum<number>("n").as("n")])
    .where("assignee_id", "in", assignees.length ? assignees : [-1])
    .$if(Boolean(programmeIds), (q) => q.where("programme_id", "in", programmeIds!.length ? programmeIds! : [-1]))
    .groupBy("status")
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

/** The fine-grained rows (programme × status × region × sector), for the public statistics. */
export async function allCounters(db: Db) {
  const rows = await db.selectFrom("application_counters").selectAll().where("n", ">", 0).execute();
  return rows.map((r) => ({ ...r, n: Number(r.n), requested_krw: Number(r.requested_krw), awarded_krw: Number(r.awarded_krw) }));
}

/** Applications of one programme in the given statuses, from the counters. */
export async function countInStatuses(db: Db | Trx, programmeId: number, statuses: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom("application_counters")
    .select((eb) => eb.fn.sum<number>("n").as("n"))
    .where("programme_id", "=", programmeId)
    .where("status", "in", statuses as ApplicationStatusColumn[])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function submissionsPerDay(db: Db, since: string): Promise<{ programme_id: number; day: string; n: number }[]> {
  const rows = await db
    .selectFrom("submission_day_counters")
    .select(["programme_id", "day", "n"])
    .where("day", ">=", since)
    .where("n", ">", 0)
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export async function decisionBuckets(db: Db): Promise<{ programme_id: number; bucket_hours: number; n: number }[]> {
  const rows = await db.selectFrom("decision_duration_counters").select(["programme_id", "bucket_hours", "n"]).where("n", ">", 0).execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
