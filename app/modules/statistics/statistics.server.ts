import type { Kysely } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { csvRow } from "~/shared/csv";
import { allCounters } from "./counters.server";

/**
 * Public statistics (open data): per published programme, applications, approvals and amounts
 * paid against the plan's target and budget, and the same by region and by sector. Read only from
 * the counters (app/modules/statistics/counters.server.ts): a few hundred rows whatever the number of
 * applications. Any count under SUPPRESS_BELOW (and the amounts that go with it) is withheld (null)
 * so that no small group of businesses can be recognised.
 */
export const SUPPRESS_BELOW = 5;

/** Submitted in any way (everything but drafts). */
const APPLIED = ["submitted", "under_review", "info_requested", "approved", "rejected", "withdrawn", "paid"];
const APPROVED = ["approved", "paid"];

export interface Cell {
  applications: number | null;
  approvals: number | null;
  paid: number | null;
  /** Awards of approved and paid applications, KRW. */
  approvedKrw: number | null;
  paidKrw: number | null;
}

export interface ProgrammeStatistics {
  slug: string;
  name_en: string;
  name_ko: string;
  targetCount: number | null;
  capacity: number | null;
  budgetKrw: number | null;
  total: Cell;
  byRegion: ({ region: string } & Cell)[];
  bySector: ({ sector: string } & Cell)[];
}

interface Raw {
  applications: number;
  approvals: number;
  paid: number;
  approvedKrw: number;
  paidKrw: number;
}

const empty = (): Raw => ({ applications: 0, approvals: 0, paid: 0, approvedKrw: 0, paidKrw: 0 });

function suppress(r: Raw): Cell {
  const small = (n: number) => n < SUPPRESS_BELOW;
  return {
    applications: small(r.applications) ? null : r.applications,
    approvals: small(r.approvals) ? null : r.approvals,
    paid: small(r.paid) ? null : r.paid,
    approvedKrw: small(r.approvals) ? null : r.approvedKrw,
    paidKrw: small(r.paid) ? null : r.paidKrw,
  };
}

function add(into: Raw, row: { status: string; n: number; awarded_krw: number }) {
  if (APPLIED.includes(row.status)) into.applications += row.n;
  if (APPROVED.includes(row.status)) {
    into.approvals += row.n;
    into.approvedKrw += row.awarded_krw;
  }
  if (row.status === "paid") {
    into.paid += row.n;
    into.paidKrw += row.awarded_krw;
  }
}

export async function getStatistics({ db = getDb() }: { db?: Kysely<Database> } = {}): Promise<ProgrammeStatistics[]> {
  const [programmes, counters] = await Promise.all([
    db
      .selectFrom("programmes")
      .select(["id", "slug", "name_en", "name_ko", "target_count", "capacity", "budget_krw"])
      .where("status", "=", "published")
      .orderBy("sort_order")
      .orderBy("id")
      .execute(),
    allCounters(db),
  ]);
  return programmes.map((p) => {
    const total = empty();
    const regions = new Map<string, Raw>();
    const sectors = new Map<string, Raw>();
    for (const c of counters) {
      if (c.programme_id !== p.id) continue;
      add(total, c);
      if (!regions.has(c.region)) regions.set(c.region, empty());
      if (!sectors.has(c.sector)) sectors.set(c.sector, empty());
      add(regions.get(c.region)!, c);
      add(sectors.get(c.sector)!, c);
    }
    return {
      slug: p.slug,
      name_en: p.name_en,
      name_ko: p.name_ko,
      targetCount: p.target_count,
      capacity: p.capacity,
      budgetKrw: p.budget_krw === null ? null : Number(p.budget_krw),
      total: suppress(total),
      byRegion: [...regions.entries()]
        .filter(([, r]) => r.applications > 0)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([region, r]) => ({ region, ...suppress(r) })),
      bySector: [...sectors.entries()]
        .filter(([, r]) => r.applications > 0)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([sector, r]) => ({ sector, ...suppress(r) })),
    };
  });
}

/** One row per programme and breakdown (total, each region, each sector); suppressed cells empty. */
export function statisticsCsv(stats: ProgrammeStatistics[]): string {
  let out = `\ufeff${csvRow(["programme", "name_en", "name_ko", "breakdown", "value", "applications", "approvals", "paid", "approved_krw", "paid_krw", "target_count", "capacity", "budget_krw"])}`;
  for (const p of stats) {
    const line = (breakdown: string, value: string, c: Cell) =>
      csvRow([
        p.slug,
        p.name_en,
        p.name_ko,
        breakdown,
        value,
        c.applications,
        c.approvals,
        c.paid,
        c.approvedKrw,
        c.paidKrw,
        p.targetCount,
        p.capacity,
        p.budgetKrw,
      ]);
    out += line("total", "", p.total);
    for (const r of p.byRegion) out += line("region", r.region, r);
    for (const s of p.bySector) out += line("sector", s.sector, s);
  }
  return out;
}
