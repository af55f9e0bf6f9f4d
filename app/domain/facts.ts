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
