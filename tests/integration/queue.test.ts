import { beforeAll, describe, expect, it } from "vitest";
import { recountCounters } from "../../app/modules/statistics/counters.server";
import { getDb } from "../../db/client";
import type { ApplicationStatusColumn } from "../../db/schema";
import { createBusiness, createUser, seedCatalogue } from "../helpers/fixtures";
import { parseQueueFilters, type QueueFilters } from "../../app/modules/review/queue";
import { listQueue, queueOptions, searchKind, SLA_DAYS, type QueueRow } from "../../app/modules/review/queue.server";
import { exportQueueCsv } from "../../app/modules/review/queue-export.server";

const now = new Date("2026-12-01T03:00:00Z");
const db = () => getDb();
const daysAgo = (d: number, minutes = 0) => new Date(now.getTime() - d * 86_400_000 - minutes * 60_000).toISOString();
const filters = (qs: string): QueueFilters => parseQueueFilters(new URLSearchParams(qs)).filters;

let programmeIds: Record<string, number> = {};
let serial = 0;

/** A submitted application written straight to the table (the submission flow has its own tests). */
async function application(o: {
  programme?: string;
  status?: ApplicationStatusColumn;
  submittedAt?: string;
  assignedTo?: number | null;
  amount?: number | null;
  region?: string;
  sector?: string;
  tradeName?: string;
  ownerEmail?: string;
}) {
  serial++;
  const owner = await createUser(db(), "owner", o.ownerEmail);
  const businessId = await createBusiness(db(), owner.id, { region: o.region, sector: o.sector, trade_name: o.tradeName });
  const programme = o.programme ?? "support-fund";
  const submitted = o.submittedAt ?? daysAgo(1, serial);
  const reference = `T${programme.slice(0, 1).toUpperCase()}-2026-${String(serial).padStart(6, "0")}`;
  const row = await db()
    .insertInto("applications")
    .values({
      public_id: `q${process.pid}x${serial}`.slice(0, 16),
      reference,
      programme_id: programmeIds[programme]!,
      business_id: businessId,
      owner_id: owner.id,
      status: o.status ?? "submitted",
      requested_amount_krw: o.amount === undefined ? 1_000_000 : o.amount,
      submitted_at: submitted,
      created_at: submitted,
      updated_at: submitted,
      assigned_to: o.assignedTo ?? null,
    })
    .returning(["id", "reference"])
    .executeTakeFirstOrThrow();
  const business = await db().selectFrom("businesses").select("registration_number").where("id", "=", businessId).executeTakeFirstOrThrow();
  return { id: row.id, reference: row.reference!, ownerEmail: owner.email, registrationNumber: business.registration_number };
}

/** Every row of a view, following "next page" links. */
async function allPages(f: QueueFilters, staff: { id: number }, pageSize = 3, between?: (page: number) => Promise<void>) {
  const seen: QueueRow[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const result = await listQueue({ ...f, cursor }, staff, { pageSize, now });
    seen.push(...result.rows);
    if (!result.nextCursor) return seen;
    cursor = result.nextCursor;
    await between?.(page);
  }
  throw new Error("too many pages");
}

let me: { id: number; email: string };
let colleague: { id: number; email: string };

beforeAll(async () => {
  await seedCatalogue(db(), new Date("2026-11-26T03:00:00Z"));
  programmeIds = Object.fromEntries((await db().selectFrom("programmes").select(["id", "slug"]).execute()).map((p) => [p.slug, p.id]));
  me = await createUser(db(), "caseworker");
  colleague = await createUser(db(), "caseworker");
});

describe("the default view: my open work, then unassigned, oldest first", () => {
  it("lists mine first, then unassigned, each oldest first, and leaves out others' and decided work", async () => {
    const staff = await createUser(db(), "caseworker");
    const mineNew = await application({ assignedTo: staff.id, status: "under_review", submittedAt: daysAgo(2) });
    const mineOld = await application({ assignedTo: staff.id, status: "info_requested", submittedAt: daysAgo(9) });
    const mineDecided = await application({ assignedTo: staff.id, status: "approved", submittedAt: daysAgo(20) });
    const theirs = await application({ assignedTo: colleague.id, status: "under_review", submittedAt: daysAgo(30) });
    const all = await allPages(filters(""), staff, 2);
    const refs = all.map((r) => r.reference);
    expect(refs.slice(0, 2)).toEqual([mineOld.reference, mineNew.reference]);
    expect(refs).not.toContain(mineDecided.reference);
    expect(refs).not.toContain(theirs.reference);
    const unassigned = all.slice(2);
    expect(unassigned.every((r) => r.assignedTo === null && ["submitted", "under_review", "info_requested"].includes(r.status))).toBe(true);
    const times = unassigned.map((r) => r.submittedAt);
    expect(times).toEqual([...times].sort());
    // Choosing a decided status in the default view shows it (the count links do that).
    const decided = await allPages(filters("status=approved"), staff, 2);
    expect(decided.map((r) => r.reference)).toContain(mineDecided.reference);
    expect(decided.every((r) => r.status === "approved" && (r.assignedTo === staff.id || r.assignedTo === null))).toBe(true);
  });
});

describe("filters", () => {
  it("filters by programme, status, region, sector, assignee, dates and waiting time", async () => {
    const a = await application({
      programme: "rent-loan",
      status: "under_review",
      region: "busan",
      sector: "retail",
      assignedTo: colleague.id,
      submittedAt: daysAgo(40),
    });
    const b = await application({ programme: "rent-loan", status: "approved", region: "busan", sector: "food_service", submittedAt: daysAgo(3) });
    const c = await application({
      programme: "smart-store",
      status: "submitted",
      region: "jeju",
      sector: "retail",
      assignedTo: me.id,
      submittedAt: daysAgo(16),
    });

    const refs = async (qs: string) => (await allPages(filters(qs), me, 50)).map((r) => r.reference);
    expect(await refs("assignee=anyone&programme=rent-loan&region=busan")).toEqual([a.reference, b.reference]);
    expect(await refs("assignee=anyone&programme=rent-loan&status=approved&region=busan")).toEqual([b.reference]);
    expect(await refs("assignee=anyone&region=busan&sector=retail")).toEqual([a.reference]);
    expect(await refs("assignee=anyone&region=jeju")).toEqual([c.reference]);
    expect(await refs("assignee=me&region=jeju")).toEqual([c.reference]);
    expect(await refs(`assignee=${colleague.id}&region=busan`)).toEqual([a.reference]);
    expect(await refs("assignee=unassigned&region=busan")).toEqual([b.reference]);
    const from = daysAgo(20).slice(0, 10);
    const to = daysAgo(10).slice(0, 10);
    expect(await refs(`assignee=anyone&region=jeju&from=${from}&to=${to}`)).toEqual([c.reference]);
    expect(await refs(`assignee=anyone&region=busan&from=${from}`)).toEqual([b.reference]);
    // Waiting longer than 10 days: open ones only (b is recent, and decided anyway).
    expect(await refs("assignee=anyone&region=busan&waiting=10")).toEqual([a.reference]);
    expect(await refs("assignee=anyone&region=busan&waiting=60")).toEqual([]);
  });

  it("searches by reference, registration number, business name and owner email", async () => {
    const x = await application({ tradeName: "Unique Dumpling 만두 House", ownerEmail: `dumpling-${process.pid}@owner.example` });
    const search = async (q: string) =>
      (await listQueue(filters(`assignee=anyone&q=${encodeURIComponent(q)}`), me, { now })).rows.map((r) => r.reference);
    expect(await search(x.reference)).toEqual([x.reference]);
    expect(await search(x.reference.toLowerCase())).toEqual([x.reference]);
    const n = x.registrationNumber;
    expect(await search(`${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`)).toEqual([x.reference]);
    expect(await search("dumpling 만두")).toEqual([x.reference]);
    expect(await search(x.ownerEmail)).toEqual([x.reference]);
    expect(await search(`dumpling-${process.pid}@`)).toEqual([x.reference]);
    expect(await search("100%_")).toEqual([]);
    expect(searchKind("SF-2026-0001")).toEqual({ kind: "reference", value: "SF-2026-0001" });
    expect(searchKind("220-81-23455")).toEqual({ kind: "registration", value: "2208123455" });
    expect(searchKind("Kim@Example.com")).toEqual({ kind: "email", value: "kim@example.com" });
    expect(searchKind("김밥천국")).toEqual({ kind: "name", value: "김밥천국" });
  });

  it("counts per status for the current filter, whatever status is chosen", async () => {
    await application({ programme: "tax-legal-advice", status: "submitted", region: "ulsan" });
    await application({ programme: "tax-legal-advice", status: "submitted", region: "ulsan" });
    await application({ programme: "tax-legal-advice", status: "rejected", region: "ulsan", assignedTo: me.id });
    // Rows written around the state machine: rebuild the counters the exact counts come from.
    await recountCounters(getDb());
    const page = await listQueue(filters("assignee=anyone&region=ulsan&status=rejected"), me, { now });
    expect(page.countsMode).toBe("exact");
    expect(page.countsByStatus).toMatchObject({ submitted: 2, rejected: 1, approved: 0 });
    expect(page.total).toBe(1);
    // Filters the counters do not know (an assignee, dates, a search) count the index, up to a cap.
    const mine = await listQueue(filters("assignee=me&region=ulsan"), me, { now });
    expect(mine).toMatchObject({ countsMode: "capped", cappedStatuses: [] });
    expect(mine.countsByStatus).toMatchObject({ submitted: 0, rejected: 1 });
    const capped = await listQueue(filters("assignee=unassigned&region=ulsan"), me, { now, countCap: 1 });
    expect(capped.countsByStatus.submitted).toBe(1);
    expect(capped.cappedStatuses).toEqual(["submitted"]);
    // The default view (mine and unassigned) counts exactly from the per-assignee counters, and
    // agrees with counting the rows themselves (a date filter forces the index count).
    const exact = await listQueue(filters(""), me, { now });
    const counted = await listQueue(filters("from=2000-01-01"), me, { now, countCap: 1_000_000 });
    expect(exact.countsMode).toBe("exact");
    expect(counted.countsMode).toBe("capped");
    expect(exact.countsByStatus).toEqual(counted.countsByStatus);
    expect(page.rows.map((r) => r.status)).toEqual(["rejected"]);
  });

  it("counts a search's matches per status from one walk of its own index, lower bounds once the walk fills", async () => {
    const word = `Kimbap${process.pid}`;
    await application({ tradeName: `${word} One`, status: "submitted" });
    await application({ tradeName: `${word} Two`, status: "submitted" });
    await application({ tradeName: `${word} Three`, status: "rejected", assignedTo: me.id });
    await application({ tradeName: "Someone else", status: "submitted" });
    const found = await listQueue(filters(`assignee=anyone&q=${word}`), me, { now });
    expect(found.countsMode).toBe("capped");
    expect(found.countsByStatus).toMatchObject({ submitted: 2, rejected: 1, approved: 0 });
    expect(found.cappedStatuses).toEqual([]);
    expect(found.total).toBe(3);
    // A cap of 1: submitted (2) is past it; the walk reads at most 7 × 2 = 14 rows, not filled here.
    const small = await listQueue(filters(`assignee=anyone&q=${word}`), me, { now, countCap: 1 });
    expect(small.countsByStatus).toMatchObject({ submitted: 1, rejected: 1 });
    expect(small.cappedStatuses).toEqual(["submitted"]);
    // The assignee view still applies to the counts of a search.
    const mine = await listQueue(filters(`assignee=me&q=${word}`), me, { now });
    expect(mine.countsByStatus).toMatchObject({ submitted: 0, rejected: 1 });
    // Sixteen matches with a cap of 1 fill the walk (14 rows): every status is only a lower bound.
    for (let i = 0; i < 13; i++) await application({ tradeName: `${word} More ${i}`, status: "approved" });
    const full = await listQueue(filters(`assignee=anyone&q=${word}`), me, { now, countCap: 1 });
    expect(full.cappedStatuses).toEqual(["submitted", "under_review", "info_requested", "approved", "rejected", "withdrawn", "paid"]);
  });

  it("flags open applications past the SLA and reports their age", async () => {
    const late = await application({ region: "sejong", submittedAt: daysAgo(SLA_DAYS + 1) });
    const onTime = await application({ region: "sejong", submittedAt: daysAgo(SLA_DAYS - 1) });
    const decided = await application({ region: "sejong", status: "approved", submittedAt: daysAgo(SLA_DAYS + 5), assignedTo: me.id });
    const rows = (await listQueue(filters("assignee=anyone&region=sejong"), me, { now })).rows;
    const by = (ref: string) => rows.find((r) => r.reference === ref)!;
    expect(by(late.reference)).toMatchObject({ overdue: true, ageDays: SLA_DAYS + 1 });
    expect(by(onTime.reference)).toMatchObject({ overdue: false, ageDays: SLA_DAYS - 1 });
    expect(by(decided.reference).overdue).toBe(false);
  });

  it("sorts oldest, newest and by requested amount (largest first, none last)", async () => {
    const one = await application({ region: "gwangju", amount: 5_000_000, submittedAt: daysAgo(5) });
    const two = await application({ region: "gwangju", amount: null, submittedAt: daysAgo(4) });
    const three = await application({ region: "gwangju", amount: 9_000_000, submittedAt: daysAgo(3) });
    const four = await application({ region: "gwangju", amount: 5_000_000, submittedAt: daysAgo(2) });
    const five = await application({ region: "gwangju", amount: null, submittedAt: daysAgo(1) });
    const refs = async (qs: string) => (await allPages(filters(qs), me, 2)).map((r) => r.reference);
    expect(await refs("assignee=anyone&region=gwangju")).toEqual([one, two, three, four, five].map((a) => a.reference));
    expect(await refs("assignee=anyone&region=gwangju&sort=newest")).toEqual([five, four, three, two, one].map((a) => a.reference));
    expect(await refs("assignee=anyone&region=gwangju&sort=amount")).toEqual([three, four, one, five, two].map((a) => a.reference));
  });

  it("treats a tampered cursor or unknown programme as no match rather than an error", async () => {
    const page = await listQueue(filters("assignee=anyone&region=gwangju&cursor=bm9wZQ"), me, { now });
    expect(page.rows.length).toBeGreaterThan(0);
    const unknown = await listQueue(filters("assignee=anyone&programme=no-such-programme"), me, { now });
    expect(unknown.rows).toEqual([]);
    // A cursor from one sort used with another starts from the top.
    const amountPage = await listQueue(filters("assignee=anyone&region=gwangju&sort=amount"), me, { now, pageSize: 1 });
    const mixed = await listQueue({ ...filters("assignee=anyone&region=gwangju"), cursor: amountPage.nextCursor }, me, { now, pageSize: 1 });
    expect(mixed.rows[0]!.reference).toBe((await listQueue(filters("assignee=anyone&region=gwangju"), me, { now, pageSize: 1 })).rows[0]!.reference);
  });

  it("offers programmes and active staff for the filter form", async () => {
    const options = await queueOptions();
    expect(options.programmes.map((p) => p.slug)).toContain("support-fund");
    expect(options.staff.map((s) => s.id)).toEqual(expect.arrayContaining([me.id, colleague.id]));
    expect(options.staff.every((s) => s.role !== "owner")).toBe(true);
  });
});

describe("keyset pagination", () => {
  for (const sort of ["oldest", "newest", "amount"] as const) {
    it(`returns every row exactly once across pages while new applications arrive (${sort})`, async () => {
      const region = "chungbuk";
      const before = [];
      for (let i = 0; i < 17; i++) {
        before.push(
          await application({
            region,
            amount: i % 4 === 0 ? null : (i % 3) * 1_000_000,
            submittedAt: daysAgo(30 - i),
            status: i % 5 === 0 ? "under_review" : "submitted",
          }),
        );
      }
      const arrived: string[] = [];
      const seen = await allPages(filters(`assignee=anyone&region=${region}&sort=${sort}&status=submitted&status=under_review`), me, 4, async () => {
        // New work lands between page views: "now" for newest, a null amount, an old timestamp.
        const a = await application({ region, amount: null, submittedAt: new Date(now.getTime() + arrived.length * 1000).toISOString() });
        arrived.push(a.reference);
      });
      const refs = seen.map((r) => r.reference);
      expect(new Set(refs).size).toBe(refs.length);
      for (const a of before) expect(refs).toContain(a.reference);
      // Cleanup for the next sort: move this region's rows out of the way.
      await db()
        .updateTable("applications")
        .set({ status: "withdrawn" })
        .where("reference", "in", [...before.map((b) => b.reference), ...arrived])
        .execute();
    });
  }

  it("pages the default view across the mine/unassigned boundary", async () => {
    const staff = await createUser(db(), "caseworker");
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await application({ assignedTo: staff.id, status: "under_review", submittedAt: daysAgo(10 - i) }));
    const seen = await allPages(filters(""), staff, 2);
    const refs = seen.map((r) => r.reference);
    expect(refs.slice(0, 5)).toEqual(mine.map((m) => m.reference));
    expect(new Set(refs).size).toBe(refs.length);
    const expected = await db()
      .selectFrom("applications")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "in", ["submitted", "under_review", "info_requested"])
      .where((eb) => eb.or([eb("assigned_to", "=", staff.id), eb("assigned_to", "is", null)]))
      .executeTakeFirstOrThrow();
    expect(refs.length).toBe(Number(expected.n));
  });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

describe("CSV export", () => {
  it("streams the filtered queue with a BOM, escapes formulas, keeps Korean and is audited", async () => {
    const evil = await application({ region: "jeonnam", tradeName: '=HYPERLINK("http://evil.example","Click")', submittedAt: daysAgo(3) });
    const korean = await application({ region: "jeonnam", tradeName: "김밥천국, 본점", submittedAt: daysAgo(2) });
    const stream = await exportQueueCsv(filters("assignee=anyone&region=jeonnam"), me, { now, locale: "ko", batchSize: 1 });
    const bytes = await readAll(stream);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toContain("접수번호");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(evil.reference);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(lines[2]).toContain('"김밥천국, 본점"');
    expect(lines[2]).toContain(korean.reference);

    const audit = await db().selectFrom("audit_log").selectAll().where("action", "=", "queue.export").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(me.id);
    expect(JSON.parse(audit.details)).toMatchObject({ filters: { region: "jeonnam", assignee: { kind: "anyone" } } });
  });

  it("exports many rows in batches without losing or repeating any", async () => {
    for (let i = 0; i < 12; i++) await application({ region: "gyeongbuk", submittedAt: daysAgo(i + 1) });
    const bytes = await readAll(await exportQueueCsv(filters("assignee=anyone&region=gyeongbuk"), me, { now, batchSize: 5 }));
    const lines = new TextDecoder().decode(bytes).split("\r\n").filter(Boolean);
    expect(lines).toHaveLength(13);
    expect(new Set(lines).size).toBe(13);
  });
});
