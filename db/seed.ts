import type { Kysely } from "kysely";
import type { Database } from "./schema";
import { PROGRAMME_SEEDS } from "./seed-programmes";
import { QuestionsSchema } from "../app/modules/applications/questions";
import { RequiredDocumentsSchema, RulesSchema } from "../app/modules/eligibility/rules";
import { addYears, seoulToday } from "../app/modules/catalogue/programme-window";
import { withTransaction } from "./transaction";

export interface SeedOptions {
  /** The seeding day; programmes open on it and close a year later. */
  now?: Date;
  log?: (line: string) => void;
}

/**
 * Inserts the plan's programmes that are missing, by slug. Idempotent: a second run, or a run after a
 * supervisor edited a programme, changes nothing that exists.
 */
export async function seedProgrammes(db: Kysely<Database>, { now = new Date(), log = () => {} }: SeedOptions = {}) {
  const today = seoulToday(now);
  const stamp = now.toISOString();
  let inserted = 0;
  await withTransaction(db, async (trx) => {
    for (const p of PROGRAMME_SEEDS) {
      // Validate seed data with the same schema that guards supervisor edits.
      const rules = RulesSchema.parse(p.rules);
      const documents = RequiredDocumentsSchema.parse(p.documents);
      const questions = QuestionsSchema.parse(p.questions);
      const result = await trx
        .insertInto("programmes")
        .values({
          slug: p.slug,
          ref_prefix: p.refPrefix,
          name_en: p.name.en,
          name_ko: p.name.ko,
          summary_en: p.summary.en,
          summary_ko: p.summary.ko,
          description_en: p.description.en,
          description_ko: p.description.ko,
          support_en: p.support.en,
          support_ko: p.support.ko,
          how_to_apply_en: p.howToApply.en,
          how_to_apply_ko: p.howToApply.ko,
          budget_krw: p.budgetKrw,
          capacity: p.capacity,
          target_count: p.targetCount,
          opens_on: today,
          closes_on: addYears(today, 1),
          status: "published",
          rules: JSON.stringify(rules),
          rules_version: 1,
          required_documents: JSON.stringify(documents),
          questions: JSON.stringify(questions),
          sort_order: p.sortOrder,
          four_eyes_threshold_krw: p.fourEyesThresholdKrw,
          created_at: stamp,
          updated_at: stamp,
        })
        .onConflict((oc) => oc.column("slug").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!result) continue; // already there: leave it exactly as it is
      inserted++;
      await trx
        .insertInto("programme_versions")
        .values({
          programme_id: result.id,
          rules_version: 1,
          rules: JSON.stringify(rules),
          required_documents: JSON.stringify(documents),
          created_at: stamp,
          created_by: "seed",
        })
        .execute();
    }
  });
  log(inserted ? `seed: added ${inserted} programme(s)` : "seed: programmes already present");
  return { inserted };
}
