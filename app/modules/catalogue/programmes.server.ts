import type { Kysely } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { RequiredDocumentsSchema, RulesSchema, type RequiredDocument, type Rules } from "~/modules/eligibility";
import { seoulToday, windowState, type WindowState } from "./programme-window";

const catalogueColumns = [
  "id",
  "slug",
  "ref_prefix",
  "name_en",
  "name_ko",
  "summary_en",
  "summary_ko",
  "support_en",
  "support_ko",
  "budget_krw",
  "capacity",
  "target_count",
  "opens_on",
  "closes_on",
  "status",
  "sort_order",
] as const;

export type ProgrammeSummary = Awaited<ReturnType<typeof listProgrammes>>[number];

/** The published catalogue in display order, each with its application window's state today. */
export async function listProgrammes({ now = new Date(), db = getDb() }: { now?: Date; db?: Kysely<Database> } = {}) {
  const today = seoulToday(now);
  const rows = await db
    .selectFrom("programmes")
    .select(catalogueColumns)
    .where("status", "=", "published")
    .orderBy("sort_order")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ ...row, window: windowState(row, today) as WindowState }));
}

export interface ProgrammeDetail extends ProgrammeSummary {
  description_en: string;
  description_ko: string;
  how_to_apply_en: string;
  how_to_apply_ko: string;
  rules: Rules;
  rules_version: number;
  documents: RequiredDocument[];
}

/** One published programme by slug, with its rules parsed; null when there is none. */
export async function getProgramme(
  slug: string,
  { now = new Date(), db = getDb() }: { now?: Date; db?: Kysely<Database> } = {},
): Promise<ProgrammeDetail | null> {
  const row = await db
    .selectFrom("programmes")
    .select([
      ...catalogueColumns,
      "description_en",
      "description_ko",
      "how_to_apply_en",
      "how_to_apply_ko",
      "rules",
      "rules_version",
      "required_documents",
    ])
    .where("slug", "=", slug)
    .where("status", "=", "published")
    .executeTakeFirst();
  if (!row) return null;
  const { rules, required_documents, ...rest } = row;
  return {
    ...rest,
    window: windowState(row, seoulToday(now)),
    // Rules are validated when saved; parsing again here means a bad row fails loudly, not silently.
    rules: RulesSchema.parse(JSON.parse(rules)),
    documents: RequiredDocumentsSchema.parse(JSON.parse(required_documents)),
  };
}

export interface ProgrammeWithRules extends ProgrammeSummary {
  rules: Rules;
  rules_version: number;
  documents: RequiredDocument[];
}

/**
 * Every published programme in catalogue order with its rules and required documents parsed, for
 * the eligibility checker: the rules it runs are the rows in the database.
 */
export async function listProgrammesWithRules({ now = new Date(), db = getDb() }: { now?: Date; db?: Kysely<Database> } = {}): Promise<
  ProgrammeWithRules[]
> {
  const today = seoulToday(now);
  const rows = await db
    .selectFrom("programmes")
    .select([...catalogueColumns, "rules", "rules_version", "required_documents"])
    .where("status", "=", "published")
    .orderBy("sort_order")
    .orderBy("id")
    .execute();
  return rows.map(({ rules, required_documents, ...row }) => ({
    ...row,
    window: windowState(row, today),
    rules: RulesSchema.parse(JSON.parse(rules)),
    documents: RequiredDocumentsSchema.parse(JSON.parse(required_documents)),
  }));
}
