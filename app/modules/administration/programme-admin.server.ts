import type { Kysely } from "kysely";
import { z } from "zod";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { PROGRAMME_JSON_FIELDS, PROGRAMME_TEXT_FIELDS } from "./programme-fields";
import { parseWon } from "~/shared/money";
import { QuestionsSchema } from "~/modules/applications";
import { parseRules, RequiredDocumentsSchema } from "~/modules/eligibility";
import { recordAudit, type AuditActor } from "~/modules/audit/index.server";
import { withTransaction } from "../../../db/transaction";

/**
 * Supervisors edit programmes here: texts in both languages, window, capacity, budget, four-eyes
 * threshold, required documents and rules. Rules and documents are validated by the same schemas
 * the seed uses; each change of them is a new rules version, so applications keep the version they
 * were judged by. Edits use optimistic concurrency and are audited in the same transaction.
 */

/*
 * Messages are codes (`admin.programmeEdit.errors.<code>`, with `|detail` where there is one), so the
 * page words every problem in the reader's language: see PROGRAMME_ERROR in app/locales/admin.*.ts.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date");
/** Counts and amounts typed with separators, or for amounts Korean units ("4조 1,000억", "500만"). */
const optionalWhole = z.preprocess(
  (v) => {
    if (v === "" || v === null || v === undefined) return null;
    if (typeof v !== "string") return v;
    const won = parseWon(v);
    if (won.ok) return won.value;
    return won.problem === "negative" ? -1 : won.problem === "tooLarge" ? Number.MAX_VALUE : Number.NaN;
  },
  z.number({ message: "wholeNumber" }).int("wholeNumber").min(0, "notNegative").max(1e15, "tooLarge").nullable(),
);
const text = (max: number) => z.string().trim().min(1, "required").max(max, `tooLong|${max}`);

export const ProgrammeEditSchema = z
  .object({
    version: z.coerce.number().int().min(1),
    name_en: text(200),
    name_ko: text(200),
    summary_en: text(500),
    summary_ko: text(500),
    description_en: text(5000),
    description_ko: text(5000),
    support_en: text(1000),
    support_ko: text(1000),
    how_to_apply_en: text(2000),
    how_to_apply_ko: text(2000),
    opens_on: isoDate,
    closes_on: isoDate,
    status: z.enum(["draft", "published", "archived"]),
    budget_krw: optionalWhole,
    capacity: optionalWhole,
    target_count: optionalWhole,
    four_eyes_threshold_krw: optionalWhole,
    rules: z.string().max(100_000, "tooLong|100000"),
    required_documents: z.string().max(20_000, "tooLong|20000"),
    questions: z.string().max(50_000, "tooLong|50000"),
  })
  .superRefine((v, ctx) => {
    if (v.closes_on < v.opens_on) ctx.addIssue({ code: "custom", path: ["closes_on"], message: "closesBeforeOpens" });
    const rules = parseRules(v.rules);
    if (!rules.ok) ctx.addIssue({ code: "custom", path: ["rules"], message: `rulesInvalid|${rules.errors.slice(0, 5).join("; ")}` });
    checkJson(v.questions, QuestionsSchema, "questions", ctx);
    checkJson(v.required_documents, RequiredDocumentsSchema, "required_documents", ctx);
  });
export type ProgrammeEdit = z.infer<typeof ProgrammeEditSchema>;

function checkJson(text: string, schema: z.ZodType, field: string, ctx: z.RefinementCtx) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: "custom", path: [field], message: "jsonSyntax" });
    return;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    ctx.addIssue({ code: "custom", path: [field], message: `jsonInvalid|${first.path.join(".")}: ${first.message}` });
  }
}

const EDITABLE = [
  ...PROGRAMME_TEXT_FIELDS,
  "opens_on",
  "closes_on",
  "status",
  "budget_krw",
  "capacity",
  "target_count",
  "four_eyes_threshold_krw",
  ...PROGRAMME_JSON_FIELDS,
] as const;

export async function getProgrammeForEdit(slug: string, db: Kysely<Database> = getDb()) {
  return db
    .selectFrom("programmes")
    .select(["id", "slug", "version", "rules_version", "updated_at", ...EDITABLE])
    .where("slug", "=", slug)
    .executeTakeFirst();
}

export type UpdateResult =
  | { ok: true; version: number; rulesVersion: number; changed: string[] }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "conflict"; current: NonNullable<Awaited<ReturnType<typeof getProgrammeForEdit>>> };

export async function updateProgramme(
  slug: string,
  edit: ProgrammeEdit,
  actor: AuditActor,
  { now = new Date(), db = getDb() }: { now?: Date; db?: Kysely<Database> } = {},
): Promise<UpdateResult> {
  return withTransaction(db, async (trx) => {
    const current = await getProgrammeForEdit(slug, trx);
    if (!current) return { ok: false, reason: "not_found" } as const;
    if (current.version !== edit.version) return { ok: false, reason: "conflict", current } as const;

    // Store rules and documents normalised, so formatting-only edits are not new versions.
    const rules = JSON.stringify(JSON.parse(edit.rules));
    const documents = JSON.stringify(JSON.parse(edit.required_documents));
    const next = { ...edit, rules, required_documents: documents, questions: JSON.stringify(JSON.parse(edit.questions)) };
    const changed = EDITABLE.filter((k) => next[k] !== current[k]);
    if (changed.length === 0) return { ok: true, version: current.version, rulesVersion: current.rules_version, changed } as const;

    const rulesChanged = changed.includes("rules") || changed.includes("required_documents");
    const rulesVersion = rulesChanged ? current.rules_version + 1 : current.rules_version;
    const stamp = now.toISOString();
    const values = Object.fromEntries(changed.map((k) => [k, next[k]]));
    const updated = await trx
      .updateTable("programmes")
      .set({ ...values, rules_version: rulesVersion, version: current.version + 1, updated_at: stamp })
      .where("id", "=", current.id)
      .where("version", "=", edit.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      const latest = (await getProgrammeForEdit(slug, trx))!;
      return { ok: false, reason: "conflict", current: latest } as const;
    }
    if (rulesChanged) {
      await trx
        .insertInto("programme_versions")
        .values({
          programme_id: current.id,
          rules_version: rulesVersion,
          rules,
          required_documents: documents,
          created_at: stamp,
          created_by: actor.label,
        })
        .execute();
    }
    await recordAudit(trx, {
      actor,
      action: "programme.update",
      target: { type: "programme", id: slug },
      details: { changed, fromVersion: current.version, rulesVersion },
      at: now,
    });
    return { ok: true, version: current.version + 1, rulesVersion, changed } as const;
  });
}

/** The rules and documents a programme had at a given rules version (what an application was judged by). */
export async function getRulesVersion(programmeId: number, rulesVersion: number, db: Kysely<Database> = getDb()) {
  return db
    .selectFrom("programme_versions")
    .select(["rules_version", "rules", "required_documents", "created_at", "created_by"])
    .where("programme_id", "=", programmeId)
    .where("rules_version", "=", rulesVersion)
    .executeTakeFirst();
}

/** Every programme, whatever its status, for the staff list. */
export async function listProgrammesForAdmin(db: Kysely<Database> = getDb()) {
  return db
    .selectFrom("programmes")
    .select(["id", "slug", "name_en", "name_ko", "status", "opens_on", "closes_on", "version", "rules_version", "updated_at"])
    .orderBy("id")
    .execute();
}
