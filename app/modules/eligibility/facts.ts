import { z } from "zod";

/**
 * The vocabulary of facts an owner can tell us about their business (PROGRAMMES.md,
 * "Facts an owner answers"). Codes are stable identifiers stored in rules and answers; the words
 * shown to people live in the translation files.
 */
export const SECTORS = [
  "food_service",
  "retail",
  "personal_services",
  "wholesale",
  "manufacturing",
  "construction",
  "transport",
  "mining",
  "other_services",
] as const;
export type Sector = (typeof SECTORS)[number];

/** The 17 provinces and metropolitan cities (시·도). */
export const REGIONS = [
  "seoul",
  "busan",
  "daegu",
  "incheon",
  "gwangju",
  "daejeon",
  "ulsan",
  "sejong",
  "gyeonggi",
  "gangwon",
  "chungbuk",
  "chungnam",
  "jeonbuk",
  "jeonnam",
  "gyeongbuk",
  "gyeongnam",
  "jeju",
] as const;
export type Region = (typeof REGIONS)[number];

export const COVID_MEASURES = ["none", "restriction", "closure"] as const;
export const PREMISES = ["rented", "owned", "none"] as const;
export const BUSINESS_STATES = ["operating", "closing", "closed"] as const;

export const NUMBER_FACTS = ["employees", "sales2019", "sales2020", "monthlyRent", "floorArea", "creditScore"] as const;
export const DATE_FACTS = ["openedOn", "closedOn"] as const;
export const BOOLEAN_FACTS = ["taxArrears", "loanDefault"] as const;
export const ENUM_FACTS = {
  sector: SECTORS,
  region: REGIONS,
  covidMeasure: COVID_MEASURES,
  premises: PREMISES,
  businessState: BUSINESS_STATES,
} as const;

export type NumberFact = (typeof NUMBER_FACTS)[number];
export type DateFact = (typeof DATE_FACTS)[number];
export type BooleanFact = (typeof BOOLEAN_FACTS)[number];
export type EnumFact = keyof typeof ENUM_FACTS;
export type FactKey = NumberFact | DateFact | BooleanFact | EnumFact;

/** A calendar date as `YYYY-MM-DD` that really exists (no 2021-02-30). */
export const IsoDateSchema = z.string().refine(isCalendarDate, "Use a real date like 2020-11-30");

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Largest number of regular employees we accept (more is a typing slip, not a small business). */
export const MAX_EMPLOYEES = 100_000;
/** Largest KRW amount we accept: far above any small business, below 2^53 so sums stay exact. */
export const MAX_AMOUNT_KRW = 1_000_000_000_000_000;

const amount = z.number().int().min(0).max(MAX_AMOUNT_KRW);

const FactsObjectSchema = z.object({
  sector: z.enum(SECTORS).optional(),
  region: z.enum(REGIONS).optional(),
  employees: z.number().int().min(0).max(MAX_EMPLOYEES).optional(),
  sales2019: amount.optional(),
  sales2020: amount.optional(),
  openedOn: IsoDateSchema.optional(),
  covidMeasure: z.enum(COVID_MEASURES).optional(),
  premises: z.enum(PREMISES).optional(),
  monthlyRent: amount.optional(),
  taxArrears: z.boolean().optional(),
  loanDefault: z.boolean().optional(),
  businessState: z.enum(BUSINESS_STATES).optional(),
  closedOn: IsoDateSchema.optional(),
  floorArea: z.number().min(0).max(1_000_000).optional(),
  creditScore: z.number().int().min(0).max(1000).optional(),
});

/**
 * What an owner told us about their business. Every fact is optional: an unanswered question is
 * `undefined`, which makes the criteria that need it "unknown", never a silent pass or fail.
 */
export const FactsSchema = FactsObjectSchema.refine((f) => f.openedOn === undefined || f.closedOn === undefined || f.closedOn >= f.openedOn, {
  message: "The closure date cannot be before the opening date",
  path: ["closedOn"],
});
export type Facts = z.infer<typeof FactsObjectSchema>;

/** The facts schema for answers given on `today` (YYYY-MM-DD): a business cannot open in the future. */
export function factsSchemaOn(today: string) {
  // Building a schema costs far more than using one; requests on the same day share it.
  if (cachedOn?.today !== today) {
    const schema = FactsSchema.refine((f) => f.openedOn === undefined || f.openedOn <= today, {
      message: "The opening date cannot be in the future",
      path: ["openedOn"],
    });
    cachedOn = { today, schema };
  }
  return cachedOn.schema;
}
let cachedOn: { today: string; schema: ReturnType<typeof FactsSchema.refine> } | undefined;
