import { z } from "zod";
import { BOOLEAN_FACTS, DATE_FACTS, ENUM_FACTS, NUMBER_FACTS, SECTORS } from "./facts";
import { echo } from "~/shared/echo";

/**
 * The rule language: programme eligibility and support stored as JSON data in `programmes.rules`,
 * validated here when saved and when read. One language serves the anonymous checker, the
 * application form and the caseworker's verification.
 */

export const TextSchema = z.object({ en: z.string().min(1), ko: z.string().min(1) });
export type LocalisedText = z.infer<typeof TextSchema>;

const ComparatorSchema = z.enum(["<", "<=", "=", ">=", ">"]);
export type Comparator = z.infer<typeof ComparatorSchema>;

const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2020-11-30");

const enumFactNames = Object.keys(ENUM_FACTS) as [keyof typeof ENUM_FACTS, ...(keyof typeof ENUM_FACTS)[]];

/** number fact compared with a constant; `valueBySector` overrides the constant for some sectors. */
const CompareSchema = z.object({
  type: z.literal("compare"),
  fact: z.enum(NUMBER_FACTS),
  op: ComparatorSchema,
  value: z.number().finite(),
  valueBySector: z.partialRecord(z.enum(SECTORS), z.number().finite()).optional(),
});

const BetweenSchema = z
  .object({
    type: z.literal("between"),
    fact: z.enum(NUMBER_FACTS),
    min: z.number().finite(),
    max: z.number().finite(),
  })
  .refine((c) => c.min <= c.max, { message: "min must not exceed max", path: ["max"] });

/** number fact compared with another number fact, e.g. sales2020 < sales2019. */
const CompareFactsSchema = z.object({
  type: z.literal("compareFacts"),
  left: z.enum(NUMBER_FACTS),
  op: ComparatorSchema,
  right: z.enum(NUMBER_FACTS),
});

const InSchema = z
  .object({
    type: z.literal("in"),
    fact: z.enum(enumFactNames),
    values: z.array(z.string()).min(1),
  })
  .superRefine((c, ctx) => {
    const allowed: readonly string[] = ENUM_FACTS[c.fact];
    c.values.forEach((v, i) => {
      if (!allowed.includes(v)) {
        ctx.addIssue({ code: "custom", path: ["values", i], message: `"${echo(v)}" is not a ${c.fact} code` });
      }
    });
  });

const IsSchema = z.object({
  type: z.literal("is"),
  fact: z.enum(BOOLEAN_FACTS),
  value: z.boolean(),
});

/**
 * A date fact compared with a fixed date (`value`) or with a date relative to the evaluation day
 * (`monthsAgo`: 6 means "six months before today").
 */
const DateSchema = z
  .object({
    type: z.literal("date"),
    fact: z.enum(DATE_FACTS),
    op: ComparatorSchema,
    value: IsoDateSchema.optional(),
    monthsAgo: z.number().int().min(0).max(1200).optional(),
  })
  .refine((c) => (c.value === undefined) !== (c.monthsAgo === undefined), {
    message: "Give exactly one of value or monthsAgo",
    path: ["value"],
  });

export type Condition =
  | z.infer<typeof CompareSchema>
  | z.infer<typeof BetweenSchema>
  | z.infer<typeof CompareFactsSchema>
  | z.infer<typeof InSchema>
  | z.infer<typeof IsSchema>
  | z.infer<typeof DateSchema>
  | { type: "all"; of: Condition[] }
  | { type: "any"; of: Condition[] }
  | { type: "not"; of: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    CompareSchema,
    BetweenSchema,
    CompareFactsSchema,
    InSchema,
    IsSchema,
    DateSchema,
    z.object({ type: z.literal("all"), of: z.array(ConditionSchema).min(1) }),
    z.object({ type: z.literal("any"), of: z.array(ConditionSchema).min(1) }),
    z.object({ type: z.literal("not"), of: ConditionSchema }),
  ]),
);

export const CriterionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "Use lower-case letters, digits and hyphens"),
  /** The criterion in plain words, as shown to owners and caseworkers. */
  label: TextSchema,
  condition: ConditionSchema,
});
export type Criterion = z.infer<typeof CriterionSchema>;

const TierSchema = z.object({ when: ConditionSchema, amountKrw: z.number().int().min(0), label: TextSchema });

export const SupportSchema = z.discriminatedUnion("kind", [
  /** First tier whose condition holds gives the amount. */
  z.object({ kind: z.literal("tiers"), tiers: z.array(TierSchema).min(1), text: TextSchema }),
  /** A share of the cost, capped. */
  z.object({
    kind: z.literal("percent"),
    percent: z.number().min(0).max(100),
    capKrw: z.number().int().min(0),
    text: TextSchema,
  }),
  z.object({
    kind: z.literal("loan"),
    maxKrw: z.number().int().min(0),
    ratePercent: z.number().min(0).max(100),
    graceYears: z.number().int().min(0),
    repaymentYears: z.number().int().min(0),
    /** Routing shown to the owner, not an eligibility bar: score ≤ threshold → `atOrBelow`. */
    routing: z.object({ fact: z.literal("creditScore"), threshold: z.number(), atOrBelow: TextSchema, above: TextSchema }).optional(),
    text: TextSchema,
  }),
  z.object({ kind: z.literal("service"), sessions: z.number().int().min(1).optional(), text: TextSchema }),
]);
export type Support = z.infer<typeof SupportSchema>;

export const RulesSchema = z
  .object({
    criteria: z.array(CriterionSchema).min(1),
    support: SupportSchema,
  })
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.criteria.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: "custom", path: ["criteria", i, "id"], message: `Duplicate id "${echo(c.id)}"` });
      seen.add(c.id);
    });
  });
export type Rules = z.infer<typeof RulesSchema>;

export const RequiredDocumentSchema = z.object({
  code: z.string().regex(/^[a-z0-9-]+$/),
  name: TextSchema,
  /** Only required when this holds for the applicant's facts (e.g. the sales statement). */
  when: ConditionSchema.optional(),
});
export const RequiredDocumentsSchema = z.array(RequiredDocumentSchema);
export type RequiredDocument = z.infer<typeof RequiredDocumentSchema>;

/** Parses stored rule JSON; errors carry the path of the offending value (e.g. criteria.2.condition.op). */
export function parseRules(json: unknown): { ok: true; rules: Rules } | { ok: false; errors: string[] } {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return { ok: false, errors: [`(root): not valid JSON: ${(error as Error).message}`] };
    }
  }
  const parsed = RulesSchema.safeParse(value);
  if (parsed.success) return { ok: true, rules: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`) };
}
