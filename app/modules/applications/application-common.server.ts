import { randomBytes } from "node:crypto";
import { type Kysely, type Transaction } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { countInStatuses } from "~/modules/statistics/index.server";
import { ACTIVE_STATUSES } from "./application-state";
import { parseOpeningSchedule, type OpeningSchedule } from "~/modules/catalogue";
import { QuestionsSchema, type Question } from "./questions";
import { isReference } from "./reference";
import { RequiredDocumentsSchema, RulesSchema, type RequiredDocument, type Rules } from "~/modules/eligibility";

/** What the owner's use cases share: application keys, the programme as an application needs it, places taken. */
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

export type ApplicationKey = string;
export const PUBLIC_ID = /^d[a-z0-9]{12}$/;

/** Whether a URL segment can name an application at all (a draft id or a reference). */
export function isApplicationKey(value: string): boolean {
  return PUBLIC_ID.test(value) || isReference(value);
}

export function newPublicId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(12);
  return `d${Array.from(bytes, (b) => alphabet[b % 36]).join("")}`;
}

export function byKey(key: string) {
  return isReference(key) ? ({ column: "applications.reference", value: key } as const) : ({ column: "applications.public_id", value: key } as const);
}

export interface ProgrammeForApplication {
  id: number;
  slug: string;
  ref_prefix: string;
  name_en: string;
  name_ko: string;
  opens_on: string;
  closes_on: string;
  status: string;
  capacity: number | null;
  rules_version: number;
  rules: Rules;
  documents: RequiredDocument[];
  questions: Question[];
  /** Staggered opening; null = everyone from the opening day. */
  openingSchedule: OpeningSchedule | null;
}

export async function loadProgramme(db: Db | Trx, where: { id: number } | { slug: string }): Promise<ProgrammeForApplication | null> {
  let q = db
    .selectFrom("programmes")
    .select([
      "id",
      "slug",
      "ref_prefix",
      "name_en",
      "name_ko",
      "opens_on",
      "closes_on",
      "status",
      "capacity",
      "rules_version",
      "rules",
      "required_documents",
      "questions",
      "opening_schedule",
    ]);
  q = "id" in where ? q.where("id", "=", where.id) : q.where("slug", "=", where.slug);
  const row = await q.executeTakeFirst();
  if (!row) return null;
  const { rules, required_documents, questions, opening_schedule, ...rest } = row;
  const schedule = parseOpeningSchedule(opening_schedule);
  return {
    ...rest,
    // A stored schedule that no longer validates must not lock everyone out: it is ignored.
    openingSchedule: schedule.ok ? schedule.schedule : null,
    rules: RulesSchema.parse(JSON.parse(rules)),
    documents: RequiredDocumentsSchema.parse(JSON.parse(required_documents)),
    questions: QuestionsSchema.parse(JSON.parse(questions)),
  };
}

/**
 * Places taken in a programme: applications that are active or were funded, read from the counters
 * that every status change keeps (app/modules/statistics/counters.server.ts), never by counting applications.
 */
export async function countTakenPlaces(programmeId: number, db: Db | Trx = getDb()): Promise<number> {
  return countInStatuses(db, programmeId, ACTIVE_STATUSES);
}
