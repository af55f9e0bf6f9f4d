/**
 * Reading the audit trail for /admin/audit: filters by actor, action, target and date range, newest
 * first, keyset-paginated by id (`id < before`), never OFFSET, so page 500 costs what page 1 does.
 * Prefix filters are ranges (`>= x AND < x + U+FFFF`): portable and able to use an index, unlike LIKE.
 */
import type { Kysely } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";

export const AUDIT_PAGE_SIZE = 50;
const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;

export interface AuditFilter {
  /** Start of the actor's label (email), e.g. "supervisor@". */
  actor?: string;
  /** Start of the action, e.g. "staff." or "auth.denied". */
  action?: string;
  /** "type:id" (e.g. "user:12", "programme:smart-store") or just an id. */
  target?: string;
  /** Seoul calendar days, inclusive. */
  from?: string;
  to?: string;
  /** Keyset cursor: entries with a smaller id than this. */
  before?: number;
}

export interface AuditRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC instant a Seoul calendar day starts. */
function seoulDayStart(day: string, plusDays = 0): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SEOUL_OFFSET_MS + plusDays * 86_400_000).toISOString();
}

/** Reads the filter from a query string, ignoring what does not parse (a bad date is no filter). */
export function readAuditFilter(params: URLSearchParams): AuditFilter {
  const text = (k: string) => (params.get(k) ?? "").trim().slice(0, 200) || undefined;
  const date = (k: string) => {
    const v = text(k);
    return v && isCalendarDay(v) ? v : undefined;
  };
  const before = Number(params.get("before"));
  return {
    actor: text("actor"),
    action: text("action"),
    target: text("target"),
    from: date("from"),
    to: date("to"),
    before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
  };
}

export type AuditDateProblem = "invalid" | "order";

/**
 * The date filters that were given but do not name a calendar day (or a range that ends before it
 * starts), for the page to say so instead of silently showing everything.
 */
export function auditDateProblems(params: URLSearchParams): Partial<Record<"from" | "to", AuditDateProblem>> {
  const problems: Partial<Record<"from" | "to", AuditDateProblem>> = {};
  const days: Partial<Record<"from" | "to", string>> = {};
  for (const k of ["from", "to"] as const) {
    const v = (params.get(k) ?? "").trim();
    if (!v) continue;
    if (!isCalendarDay(v)) problems[k] = "invalid";
    else days[k] = v;
  }
  if (days.from && days.to && days.from > days.to) problems.to = "order";
  return problems;
}

/** YYYY-MM-DD naming a real day (2026-02-30 is not one, although Date.parse would accept it). */
function isCalendarDay(v: string): boolean {
  if (!DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export async function listAudit(
  filter: AuditFilter,
  { limit = AUDIT_PAGE_SIZE, db = getDb() }: { limit?: number; db?: Kysely<Database> } = {},
): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  let q = db
    .selectFrom("audit_log")
    .select(["id", "at", "actor_id", "actor_label", "action", "target_type", "target_id", "details"])
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (filter.actor) q = q.where("actor_label", ">=", filter.actor).where("actor_label", "<", `${filter.actor}\uffff`);
  if (filter.action) q = q.where("action", ">=", filter.action).where("action", "<", `${filter.action}\uffff`);
  if (filter.target) {
    const colon = filter.target.indexOf(":");
    if (colon > 0) {
      q = q.where("target_type", "=", filter.target.slice(0, colon)).where("target_id", "=", filter.target.slice(colon + 1));
    } else {
      q = q.where("target_id", "=", filter.target);
    }
  }
  if (filter.from) q = q.where("at", ">=", seoulDayStart(filter.from));
  if (filter.to) q = q.where("at", "<", seoulDayStart(filter.to, 1));
  if (filter.before) q = q.where("id", "<", filter.before);
  const rows = await q.execute();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { rows: page, nextBefore: more ? page[page.length - 1]!.id : null };
}
