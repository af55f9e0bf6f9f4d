// The eligibility module's public entry for other modules: its pure rules, shapes and components (safe in the browser).
// Other modules import eligibility only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { type CriterionResult, documentsFor, evaluate, type Evaluation, type Result } from "./eligibility";
export {
  BUSINESS_STATES,
  COVID_MEASURES,
  type FactKey,
  type Facts,
  FactsSchema,
  isCalendarDate,
  MAX_AMOUNT_KRW,
  MAX_EMPLOYEES,
  type Region,
  REGIONS,
  type Sector,
  SECTORS,
} from "./facts";
export { type AnswerError, parseAnswers } from "./questionnaire";
export {
  type LocalisedText,
  parseRules,
  type RequiredDocument,
  RequiredDocumentsSchema,
  type Rules,
  RulesSchema,
  type Support,
  TextSchema,
} from "./rules";
export { COMPARATORS, criteriaRows, type RowProblem, tierRows } from "./rules-rows";
export { codeName, FACT_NAMES } from "./vocabulary";
