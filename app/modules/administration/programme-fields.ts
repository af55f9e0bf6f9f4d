/**
 * The editable parts of a programme, grouped as the admin form shows them. Plain data, so the
 * service and the page (server and browser) share one list.
 */

/** The programme's texts, each in English and Korean (also the edit page's order). */
export const PROGRAMME_TEXT_FIELDS = [
  "name_en",
  "name_ko",
  "summary_en",
  "summary_ko",
  "description_en",
  "description_ko",
  "support_en",
  "support_ko",
  "how_to_apply_en",
  "how_to_apply_ko",
] as const;
/** JSON documents validated by the domain schemas (rules, documents, questions). */
export const PROGRAMME_JSON_FIELDS = ["rules", "required_documents", "questions"] as const;
