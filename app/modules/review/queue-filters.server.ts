import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import { containsText, startsWith } from "../../../db/dialect";
import type { Database } from "../../../db/schema";
import type { ApplicationStatus } from "~/modules/applications";
import { decodeCursor, encodeCursor, type CursorKey, type QueueFilters } from "./queue";
import { OPEN_STATUSES } from "./queue-policy";
import { type EB, type Segment, type ResolvedFilters } from "./queue-common.server";

/** The queue's filters as SQL conditions, and its cursors. */
// ---------------------------------------------------------------------------------------------
// Filters

/** Start of a Seoul calendar day as a UTC instant, comparable with submitted_at (ISO text). */
export function seoulDayStart(date: string, plusDays = 0): string {
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
export function baseConditions(eb: EB, r: ResolvedFilters, { businessJoined = false } = {}): Expression<SqlBool>[] {
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
export function businessConditions(eb: EB, r: ResolvedFilters): Expression<SqlBool>[] {
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
export function effectiveStatuses(f: QueueFilters): ApplicationStatus[] | null {
  const open = (s: ApplicationStatus) => (OPEN_STATUSES as readonly string[]).includes(s);
  const chosen: ApplicationStatus[] | null = f.statuses.length ? [...f.statuses] : null;
  if (f.waitingMoreThanDays !== null) return (chosen ?? [...OPEN_STATUSES]).filter(open);
  if (f.assignee.kind === "default") return chosen ?? [...OPEN_STATUSES];
  return chosen;
}

export function segmentsFor(r: ResolvedFilters): Segment[] {
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

export interface Position {
  segment: number;
  key: string | number | null;
  id: number;
}

export function toCursor(segments: Segment[], position: Position): string {
  const seg = segments[position.segment]!;
  let value: CursorKey[0] = position.key;
  if (seg.key === "a.submitted_at") value = `${seg.tag}|${position.key}`;
  return encodeCursor([value, position.id]);
}

export function fromCursor(segments: Segment[], cursor: string | null): Position | null {
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
export function afterCondition(eb: EB, seg: Segment, pos: Position): Expression<SqlBool> {
  const gt = seg.dir === "asc" ? ">" : "<";
  const ge = seg.dir === "asc" ? ">=" : "<=";
  if (seg.key === null || pos.key === null) return eb("a.id", gt, pos.id);
  const col = seg.key;
  const key = pos.key as never;
  return eb.and([eb(col, ge, key), eb.or([eb(col, gt, key), eb.and([eb(col, "=", key), eb("a.id", gt, pos.id)])])]);
}
