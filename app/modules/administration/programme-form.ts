/**
 * The programme editor's form (pure, shared by the page and its action): the fields in page order,
 * the values a programme shows in them, and the normalisation that tells an edit from a re-save.
 */
import { groupDigits } from "~/shared/money";
import { PROGRAMME_JSON_FIELDS, PROGRAMME_TEXT_FIELDS } from "~/modules/administration/programme-fields";
import type { getProgrammeForEdit } from "~/modules/administration/programme-admin.server";

/** The form's fields, in page order (also the error summary's order). */
export const TEXT_FIELDS = PROGRAMME_TEXT_FIELDS;
export const NUMBER_FIELDS = ["capacity", "target_count", "budget_krw", "four_eyes_threshold_krw"] as const;
export const JSON_FIELDS = PROGRAMME_JSON_FIELDS;
export const FIELDS = [...TEXT_FIELDS, "opens_on", "closes_on", "status", ...NUMBER_FIELDS, ...JSON_FIELDS, "sample_facts"] as const;
export type Field = (typeof FIELDS)[number];
export type Values = Record<Field | "version", string>;

export const LONG = new Set<string>(["description_en", "description_ko", "how_to_apply_en", "how_to_apply_ko", "support_en", "support_ko"]);
export const MAX_FORM_BYTES = 256 * 1024;

export function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

export type Programme = NonNullable<Awaited<ReturnType<typeof getProgrammeForEdit>>>;
export function toValues(p: Programme, sampleFacts = ""): Values {
  const v = {} as Values;
  for (const f of FIELDS) {
    if (f === "sample_facts") continue;
    const raw = p[f];
    v[f] =
      raw === null || raw === undefined
        ? ""
        : JSON_FIELDS.includes(f as never)
          ? pretty(String(raw))
          : NUMBER_FIELDS.includes(f as never) && typeof raw === "number"
            ? groupDigits(raw) // 4,100,000,000,000, never a bare 13-digit number
            : String(raw);
  }
  v.sample_facts = sampleFacts;
  v.version = String(p.version);
  return v;
}

export function normalise(v: string): string {
  try {
    return JSON.stringify(JSON.parse(v));
  } catch {
    return v.trim();
  }
}
