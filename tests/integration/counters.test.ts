import fc from "fast-check";
import { sql, type Kysely } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import type { ApplicationStatusColumn, Database } from "../../db/schema";
import { withTransaction } from "../../db/transaction";
import {
  APPLICATION_ACTIONS,
  APPLICATION_STATUSES,
  decideTransition,
  type ApplicationAction,
  type ApplicationStatus,
} from "../../app/modules/applications/application-state";
import { AWARDED_STATUSES, durationBucket, quantileFromBuckets, seoulDay } from "../../app/modules/statistics/counters";
import { countTakenPlaces } from "../../app/modules/applications/applications.server";
import { recountCounters } from "../../app/modules/statistics/counters.server";
import { decide, type Staff } from "../../app/modules/review/review.server";
import { answerInfoRequest, withdrawApplication } from "../../app/modules/applications/applications.server";
import { recordStatusChange } from "../../app/modules/applications/status-change.server";
import { createBusiness, createUser, seedCatalogue } from "../helpers/fixtures";

const db = () => getDb();
const T0 = Date.parse("2026-11-01T00:00:00Z");

/** The counters as stored (zero rows left out), in a canonical order. */
async function stored(database: Kysely<Database>) {
  const counters = await database.selectFrom("application_counters").selectAll().where("n", ">", 0).execute();
  const days = await database.selectFrom("submission_day_counters").selectAll().where("n", ">", 0).execute();
  const buckets = await database.selectFrom("decision_duration_counters").selectAll().where("n", ">", 0).execute();
  const assignees = await database.selectFrom("assignee_counters").selectAll().where("n", ">", 0).execute();
  const key = (o: object) => JSON.stringify(o);
  return {
    assignees: assignees
      .map((a) => ({ programme_id: a.programme_id, status: a.status, assignee_id: a.assignee_id, n: Number(a.n) }))
      .sort((a, b) => key(a).localeCompare(key(b))),
    counters: counters
      .map((c) => ({
        programme_id: c.programme_id,
        status: c.status,
        region: c.region,
        sector: c.sector,
        n: Number(c.n),
        requested_krw: Number(c.requested_krw),
        awarded_krw: Number(c.awarded_krw),
      }))
      .sort((a, b) => key(a).localeCompare(key(b))),
    days: days.map((d) => ({ programme_id: d.programme_id, day: d.day, n: Number(d.n) })).sort((a, b) => key(a).localeCompare(key(b))),
    buckets: buckets
      .map((b) => ({ programme_id: b.programme_id, bucket_hours: b.bucket_hours, n: Number(b.n) }))
      .sort((a, b) => key(a).localeCompare(key(b))),
  };
}

/** The same figures from the applications themselves: COUNT(*) and SUM in SQL, days and buckets from the rows. */
async function truth(database: Kysely<Database>) {
  const counters = await database
    .selectFrom("applications as a")
    .innerJoin("businesses as b", "b.id", "a.business_id")
    .select([
      "a.programme_id",
      "a.status",
      "b.region",
      "b.sector",
      (eb) => eb.fn.countAll<number>().as("n"),
      sql<number>`coalesce(sum(case when a.status <> 'draft' then a.requested_amount_krw else 0 end), 0)`.as("requested_krw"),
      sql<number>`coalesce(sum(case when a.status in ('approved', 'paid') then coalesce(a.award_amount_krw, a.requested_amount_krw) else 0 end), 0)`.as(
        "awarded_krw",
      ),
    ])
    .groupBy(["a.programme_id", "a.status", "b.region", "b.sector"])
    .execute();
  const assignees = await database
    .selectFrom("applications")
    .select(["programme_id", "status", sql<number>`coalesce(assigned_to, 0)`.as("assignee_id"), (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy(["programme_id", "status", sql`coalesce(assigned_to, 0)`])
    .execute();
  const rows = await database.selectFrom("applications").select(["programme_id", "status", "submitted_at", "decided_at"]).execute();
  const days = new Map<string, { programme_id: number; day: string; n: number }>();
  const buckets = new Map<string, { programme_id: number; bucket_hours: number; n: number }>();
  for (const r of rows) {
    if (r.status === "draft" || !r.submitted_at) continue;
    const day = seoulDay(r.submitted_at);
    const d = days.get(`${r.programme_id}|${day}`) ?? { programme_id: r.programme_id, day, n: 0 };
    d.n++;
    days.set(`${r.programme_id}|${day}`, d);
    if (r.decided_at) {
      const bucket = durationBucket(Date.parse(r.decided_at) - Date.parse(r.submitted_at))!;
      const b = buckets.get(`${r.programme_id}|${bucket}`) ?? { programme_id: r.programme_id, bucket_hours: bucket, n: 0 };
      b.n++;
      buckets.set(`${r.programme_id}|${bucket}`, b);
    }
  }
  const key = (o: object) => JSON.stringify(o);
  return {
    assignees: assignees
      .map((a) => ({ programme_id: a.programme_id, status: a.status, assignee_id: Number(a.assignee_id), n: Number(a.n) }))
      .sort((a, b) => key(a).localeCompare(key(b))),
    counters: counters
      .map((c) => ({
        programme_id: c.programme_id,
        status: c.status,
        region: c.region,
        sector: c.sector,
        n: Number(c.n),
        requested_krw: Number(c.requested_krw),
        awarded_krw: Number(c.awarded_krw),
      }))
      .sort((a, b) => key(a).localeCompare(key(b))),
    days: [...days.values()].sort((a, b) => key(a).localeCompare(key(b))),
    buckets: [...buckets.values()].sort((a, b) => key(a).localeCompare(key(b))),
  };
}

async function clearApplications(database: Kysely<Database>) {
  for (const t of [
    "counter_contributions",
    "application_counters",
    "submission_day_counters",
    "decision_duration_counters",
    "assignee_counters",
    "status_events",
  ] as const) {
    await database.deleteFrom(t).execute();
  }
  await database.deleteFrom("applications").execute();
}

const REGIONS = ["seoul", "busan", "jeju"];
const SECTORS = ["retail", "food_service"];

type Command =
  | { kind: "draft"; business: number; programme: number; amount: number | null }
  | { kind: "act"; app: number; action: ApplicationAction; legal: boolean; award: number | null; hours: number }
  | { kind: "propose"; app: number; award: number }
  | { kind: "move"; business: number; region: string; sector: string }
  | { kind: "assign"; app: number; to: number };

// Few applications and many actions, so sequences often walk all the way to paid.
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("draft" as const),
      business: fc.nat(5),
      programme: fc.nat(4),
      amount: fc.option(fc.integer({ min: 0, max: 50_000_000 })),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("act" as const),
      app: fc.nat(4),
      action: fc.constantFrom(...APPLICATION_ACTIONS),
      // Mostly an action the state machine allows from the current status (so walks reach paid),
      // sometimes any action at all (refused ones must change nothing).
      legal: fc.boolean(),
      award: fc.option(fc.integer({ min: 0, max: 30_000_000 })),
      hours: fc.integer({ min: 0, max: 2_000 }),
    }),
    weight: 12,
  },
  { arbitrary: fc.record({ kind: fc.constant("propose" as const), app: fc.nat(4), award: fc.integer({ min: 0, max: 9_000_000 }) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("move" as const),
      business: fc.nat(5),
      region: fc.constantFrom(...REGIONS),
      sector: fc.constantFrom(...SECTORS),
    }),
    weight: 1,
  },
  // A claim or reassignment (0 = back to unassigned): not a status change, but counted per assignee.
  { arbitrary: fc.record({ kind: fc.constant("assign" as const), app: fc.nat(4), to: fc.nat(2) }), weight: 2 },
);

describe("counters kept by recordStatusChange", () => {
  let programmeIds: number[] = [];
  let businesses: number[] = [];
  let ownerId = 0;
  const staffIds: number[] = [];

  beforeAll(async () => {
    await seedCatalogue(db());
    programmeIds = (await db().selectFrom("programmes").select("id").orderBy("id").execute()).map((p) => p.id);
    const owner = await createUser(db());
    ownerId = owner.id;
    for (let i = 0; i < 2; i++) staffIds.push((await createUser(db(), "caseworker")).id);
    businesses = [];
    for (let i = 0; i < 6; i++) businesses.push(await createBusiness(db(), owner.id, { region: REGIONS[i % 3]!, sector: SECTORS[i % 2]! }));
  });

  it("equal the COUNT(*)/SUM truth after every step of random submits, decisions, withdrawals and payments", async () => {
    let serial = 0;
    const reached: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 20, maxLength: 60 }), async (commands) => {
        const database = db();
        await clearApplications(database);
        const apps: number[] = [];
        let clock = T0;
        for (const c of commands) {
          const stamp = new Date(clock).toISOString();
          if (c.kind === "draft") {
            try {
              await withTransaction(database, async (trx) => {
                const row = await trx
                  .insertInto("applications")
                  .values({
                    public_id: `p${String(++serial).padStart(12, "0")}`,
                    programme_id: programmeIds[c.programme % programmeIds.length]!,
                    business_id: businesses[c.business]!,
                    owner_id: ownerId,
                    status: "draft",
                    requested_amount_krw: c.amount,
                    created_at: stamp,
                    updated_at: stamp,
                  })
                  .returning("id")
                  .executeTakeFirstOrThrow();
                await recordStatusChange(trx, {
                  applicationId: row.id,
                  from: null,
                  to: "draft",
                  action: "start",
                  actorId: ownerId,
                  actorRole: "owner",
                  at: stamp,
                });
                apps.push(row.id);
              });
              reached.push("draft");
            } catch {
              // One draft per business and programme: the database refused a second one.
            }
          } else if (c.kind === "act" && apps.length) {
            clock += c.hours * 3_600_000;
            const at = new Date(clock).toISOString();
            const id = apps[c.app % apps.length]!;
            const current = await database.selectFrom("applications").select("status").where("id", "=", id).executeTakeFirstOrThrow();
            const isOwners = (a: ApplicationAction) => a === "submit" || a === "withdraw" || a === "answer_info";
            const attempt = (a: ApplicationAction) =>
              decideTransition({
                status: current.status as ApplicationStatus,
                action: a,
                actorRole: isOwners(a) ? "owner" : "caseworker",
                reason: "why",
                supportKind: "tiers",
              });
            const legalActions = APPLICATION_ACTIONS.filter((a) => attempt(a).ok);
            const action =
              c.legal && legalActions.length
                ? legalActions[(APPLICATION_ACTIONS as readonly ApplicationAction[]).indexOf(c.action) % legalActions.length]!
                : c.action;
            const owner = isOwners(action);
            const decision = attempt(action);
            if (!decision.ok) continue;
            try {
              await withTransaction(database, async (trx) => {
                const set: Record<string, unknown> = { status: decision.to, updated_at: at };
                if (action === "submit") set.submitted_at = at;
                if (action === "approve") Object.assign(set, { decided_at: at, award_amount_krw: c.award });
                if (action === "reject") Object.assign(set, { decided_at: at, award_amount_krw: null });
                await trx.updateTable("applications").set(set).where("id", "=", id).execute();
                await recordStatusChange(trx, {
                  applicationId: id,
                  from: decision.from,
                  to: decision.to,
                  action,
                  actorId: null,
                  actorRole: owner ? "owner" : "caseworker",
                  at,
                });
              });
              reached.push(decision.to);
            } catch {
              // A second active application of the same business and programme: refused and rolled back.
            }
          } else if (c.kind === "propose" && apps.length) {
            // A four-eyes proposal changes the award without a status change.
            const id = apps[c.app % apps.length]!;
            await database
              .updateTable("applications")
              .set({ award_amount_krw: c.award })
              .where("id", "=", id)
              .where("status", "=", "under_review")
              .execute();
          } else if (c.kind === "assign" && apps.length) {
            const id = apps[c.app % apps.length]!;
            await withTransaction(database, async (trx) => {
              await trx
                .updateTable("applications")
                .set({ assigned_to: c.to === 0 ? null : staffIds[c.to - 1]! })
                .where("id", "=", id)
                .execute();
              const { applyCounters } = await import("../../app/modules/statistics/counters.server");
              await applyCounters(trx, id);
            });
          } else if (c.kind === "move") {
            // The owner edits the business profile (region, sector): through the service's own path.
            await withTransaction(database, async (trx) => {
              await trx.updateTable("businesses").set({ region: c.region, sector: c.sector }).where("id", "=", businesses[c.business]!).execute();
              const { applyCounters } = await import("../../app/modules/statistics/counters.server");
              for (const a of await trx.selectFrom("applications").select("id").where("business_id", "=", businesses[c.business]!).execute())
                await applyCounters(trx, a.id);
            });
          }
          expect(await stored(database)).toEqual(await truth(database));
        }
        // A rebuild from scratch lands on the same figures.
        const before = await stored(database);
        await recountCounters(database, { sliceSize: 7 });
        expect(await stored(database)).toEqual(before);
      }),
      { numRuns: 40 },
    );
    // The generator does walk applications all the way to payment (else this test would prove little).
    for (const status of ["submitted", "under_review", "approved", "paid"]) expect(reached, status).toContain(status);
  }, 120_000);

  it("reads places taken and a median from the counters", async () => {
    const database = db();
    await clearApplications(database);
    const [programme] = programmeIds;
    const stamp = new Date(T0).toISOString();
    const statuses: ApplicationStatusColumn[] = ["submitted", "under_review", "approved", "paid", "rejected", "withdrawn", "draft"];
    let i = 0;
    for (const status of statuses) {
      const business = await createBusiness(database, ownerId);
      await database
        .insertInto("applications")
        .values({
          public_id: `m${String(++i).padStart(12, "0")}`,
          programme_id: programme!,
          business_id: business,
          owner_id: ownerId,
          status,
          submitted_at: status === "draft" ? null : stamp,
          decided_at: ["approved", "paid", "rejected"].includes(status) ? new Date(T0 + i * 24 * 3_600_000).toISOString() : null,
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();
    }
    await recountCounters(database);
    expect(await countTakenPlaces(programme!, database)).toBe(4); // submitted, under review, approved, paid
    const buckets = await database.selectFrom("decision_duration_counters").select(["bucket_hours", "n"]).execute();
    // Decisions after 3, 4 and 5 days: the median is 4 days (within the bucket's width).
    expect(Math.floor(quantileFromBuckets(buckets, 0.5)! / 24)).toBe(4);
    expect(AWARDED_STATUSES).toEqual(["approved", "paid"]);
  });
});

describe("illegal transitions leave the counters alone", () => {
  it("tries every action from every status through the real services and nothing moves unless it was allowed", async () => {
    const database = db();
    await seedCatalogue(database);
    await clearApplications(database);
    const programme = await database
      .selectFrom("programmes")
      .select(["id", "ref_prefix"])
      .where("slug", "=", "support-fund")
      .executeTakeFirstOrThrow();
    const owner = await createUser(database);
    const staffUser = await createUser(database, "supervisor");
    const staff: Staff = { id: staffUser.id, email: staffUser.email, role: "supervisor" };
    const stamp = new Date(T0).toISOString();
    let refusals = 0;
    let n = 0;
    for (const status of APPLICATION_STATUSES) {
      for (const action of APPLICATION_ACTIONS) {
        const allowed = decideTransition({
          status,
          action,
          actorRole: ["submit", "withdraw", "answer_info"].includes(action) ? "owner" : "supervisor",
          reason: "x",
          supportKind: "tiers",
        }).ok;
        if (allowed || action === "submit") continue; // submission has its own (draft-only) tests
        if (action === "reopen") continue; // only an overturned objection reopens: tests/integration/objections.test.ts
        const business = await createBusiness(database, owner.id);
        const reference = `${programme.ref_prefix}-2026-${String(900_000 + ++n)}`;
        await database
          .insertInto("applications")
          .values({
            public_id: `i${String(n).padStart(12, "0")}`,
            reference,
            programme_id: programme.id,
            business_id: business,
            owner_id: owner.id,
            status,
            requested_amount_krw: 1_000_000,
            award_amount_krw: ["approved", "paid"].includes(status) ? 900_000 : null,
            submitted_at: status === "draft" ? null : stamp,
            decided_at: ["approved", "paid", "rejected"].includes(status) ? stamp : null,
            created_at: stamp,
            updated_at: stamp,
            assigned_to: staff.id,
          })
          .execute();
        await recountCounters(database);
        const before = await stored(database);
        const row = await database.selectFrom("applications").select("version").where("reference", "=", reference).executeTakeFirstOrThrow();
        let result: { ok: boolean };
        if (action === "withdraw") result = await withdrawApplication({ key: reference, ownerId: owner.id, reason: "changed my mind" });
        else if (action === "answer_info") result = await answerInfoRequest({ key: reference, ownerId: owner.id, message: "here" });
        else {
          result = await decide({
            ref: reference,
            intent: action,
            version: row.version,
            staff,
            message: "please",
            awardKrw: 500_000,
            reasonCode: "not_eligible",
            reasonText: "no",
          } as never);
        }
        expect(result.ok, `${action} from ${status}`).toBe(false);
        expect(await stored(database), `${action} from ${status}`).toEqual(before);
        refusals++;
      }
    }
    expect(refusals).toBeGreaterThan(30);
  });
});
