import { APPLICATION_STATUSES, type ApplicationStatus } from "~/modules/applications";
import { REGIONS, SECTORS, type Region, type Sector } from "~/modules/eligibility";
import { isCalendarDate } from "~/modules/applications";

/**
 * The caseworkers' queue filters, read from the page address so a view can be shared and the back
 * button works. Reading never fails: a value that makes no sense is dropped and named in
 * `ignored`, so the page can say so instead of answering with an error.
 */
export const QUEUE_SORTS = ["oldest", "newest", "amount"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export type AssigneeFilter = { kind: "default" } | { kind: "me" } | { kind: "unassigned" } | { kind: "anyone" } | { kind: "user"; id: number };

export interface QueueFilters {
  programmes: string[];
  statuses: ApplicationStatus[];
  region: Region | null;
  sector: Sector | null;
  assignee: AssigneeFilter;
  submittedFrom: string | null;
  submittedTo: string | null;
  waitingMoreThanDays: number | null;
  search: string | null;
  sort: QueueSort;
  cursor: string | null;
}

const SLUG = /^[a-z0-9-]{1,64}$/;

export function parseQueueFilters(params: URLSearchParams): { filters: QueueFilters; ignored: string[] } {
  const ignored: string[] = [];
  const one = (name: string) => {
    const values = params
      .getAll(name)
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length > 1) ignored.push(name);
    return values[0] ?? null;
  };
  const pickFrom = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const value = one(name);
    if (value === null) return null;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    ignored.push(name);
    return null;
  };

  const programmes = params.getAll("programme").filter((v) => {
    const ok = SLUG.test(v);
    if (!ok && v) ignored.push("programme");
    return ok;
  });
  const statuses = params.getAll("status").filter((v): v is ApplicationStatus => {
    const ok = (APPLICATION_STATUSES as readonly string[]).includes(v) && v !== "draft";
    if (!ok && v) ignored.push("status");
    return ok;
  });

  let assignee: AssigneeFilter = { kind: "default" };
  const rawAssignee = one("assignee");
  if (rawAssignee === "me" || rawAssignee === "unassigned" || rawAssignee === "anyone") assignee = { kind: rawAssignee };
  else if (rawAssignee && /^\d{1,9}$/.test(rawAssignee)) assignee = { kind: "user", id: Number(rawAssignee) };
  else if (rawAssignee) ignored.push("assignee");

  const date = (name: string) => {
    const value = one(name);
    if (value === null) return null;
    if (isCalendarDate(value)) return value;
    ignored.push(name);
    return null;
  };
  const submittedFrom = date("from");
  let submittedTo = date("to");
  if (submittedFrom && submittedTo && submittedFrom > submittedTo) {
    ignored.push("to");
    submittedTo = null;
  }

  let waitingMoreThanDays: number | null = null;
  const waiting = one("waiting");
  if (waiting !== null) {
    if (/^\d{1,4}$/.test(waiting)) waitingMoreThanDays = Number(waiting);
    else ignored.push("waiting");
  }

  let search = one("q");
  if (search !== null && search.length > 100) {
    ignored.push("q");
    search = null;
  }

  const cursor = one("cursor");
  return {
    filters: {
      programmes: [...new Set(programmes)],
      statuses: [...new Set(statuses)],
      region: pickFrom("region", REGIONS),
      sector: pickFrom("sector", SECTORS),
      assignee,
      submittedFrom,
      submittedTo,
      waitingMoreThanDays,
      search,
      sort: pickFrom("sort", QUEUE_SORTS) ?? "oldest",
      cursor: cursor && cursor.length <= 200 ? cursor : null,
    },
    ignored: [...new Set(ignored)],
  };
}

/**
 * Keyset cursors: the sort value and id of the last row shown, opaque to users (base64url JSON).
 * A tampered or foreign cursor decodes to null and the queue starts from the top.
 */
export type CursorKey = [sortValue: string | number | null, id: number];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | null): CursorKey | null {
  if (!cursor || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [sortValue, id] = value;
    const sortOk = sortValue === null || typeof sortValue === "string" || (typeof sortValue === "number" && Number.isFinite(sortValue));
    if (!sortOk || !Number.isInteger(id) || id < 1) return null;
    if (typeof sortValue === "string" && sortValue.length > 64) return null;
    return [sortValue, id];
  } catch {
    return null;
  }
}
