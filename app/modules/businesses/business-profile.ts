/**
 * The business profile an owner keeps (trade name, registration number, representative, contact,
 * region, sector, employees, opening date). The schema's messages are translation keys, so the same
 * rules speak both languages. Pure: `today` is passed in.
 */
import { z } from "zod";
import { parseBusinessNumber } from "./business-number";
import { REGIONS, SECTORS, type Region, type Sector } from "~/modules/eligibility";

const E = "account.business.errors";

const text = (max: number, key: string) =>
  z
    .string({ message: `${E}.${key}Required` })
    .transform((s) => s.trim().normalize("NFC").replace(/\s+/g, " "))
    .pipe(
      z
        .string()
        .min(1, { message: `${E}.${key}Required` })
        .max(max, { message: `${E}.${key}TooLong` }),
    );

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function businessProfileSchema(today: string) {
  return z.object({
    tradeName: text(100, "tradeName"),
    registrationNumber: z
      .string({ message: `${E}.numberRequired` })
      .max(20, { message: `${E}.numberFormat` })
      .transform((value, ctx) => {
        if (!value.trim()) {
          ctx.addIssue({ code: "custom", message: `${E}.numberRequired` });
          return z.NEVER;
        }
        const parsed = parseBusinessNumber(value);
        if (!parsed.ok) {
          ctx.addIssue({ code: "custom", message: parsed.problem === "format" ? `${E}.numberFormat` : `${E}.numberCheckDigit` });
          return z.NEVER;
        }
        return parsed.digits;
      }),
    representativeName: text(50, "representativeName"),
    phone: z
      .string({ message: `${E}.phoneRequired` })
      .transform((s) => s.trim())
      .pipe(
        z
          .string()
          .min(1, { message: `${E}.phoneRequired` })
          .regex(/^\+?[0-9][0-9 -]{7,18}[0-9]$/, { message: `${E}.phoneFormat` }),
      ),
    address: text(200, "address"),
    region: z.enum(REGIONS, { message: `${E}.regionRequired` }),
    sector: z.enum(SECTORS, { message: `${E}.sectorRequired` }),
    employees: z
      .string({ message: `${E}.employeesRequired` })
      .transform((s) => s.trim().replace(/,/g, ""))
      .pipe(
        z
          .string()
          .min(1, { message: `${E}.employeesRequired` })
          .regex(/^\d{1,6}$/, { message: `${E}.employeesFormat` })
          .transform(Number),
      ),
    openedOn: z
      .string({ message: `${E}.openedOnRequired` })
      .transform((s) => s.trim())
      .pipe(
        z
          .string()
          .min(1, { message: `${E}.openedOnRequired` })
          .refine(isCalendarDate, { message: `${E}.openedOnFormat` })
          .refine((d) => d <= today, { message: `${E}.openedOnFuture` })
          .refine((d) => d >= "1900-01-01", { message: `${E}.openedOnFormat` }),
      ),
  });
}

export type BusinessProfile = z.infer<ReturnType<typeof businessProfileSchema>>;

/** What the form shows: the person's own text, so every field is a string. */
export type BusinessFormValues = Record<keyof BusinessProfile, string>;

export interface LastCheckAnswers {
  sector: Sector | string;
  employees: number;
  openedOn: string;
  region: Region | string;
}

/**
 * The starting values of the new-business form. Answers from the owner's last eligibility check fill
 * what they can (sector, employees, opening date, region); the rest starts empty.
 */
export function businessDefaults(lastCheck: Partial<LastCheckAnswers> | null): BusinessFormValues {
  const sector = lastCheck?.sector && (SECTORS as readonly string[]).includes(lastCheck.sector) ? lastCheck.sector : "";
  const region = lastCheck?.region && (REGIONS as readonly string[]).includes(lastCheck.region) ? lastCheck.region : "";
  const employees =
    typeof lastCheck?.employees === "number" && Number.isInteger(lastCheck.employees) && lastCheck.employees >= 0 ? String(lastCheck.employees) : "";
  const openedOn = lastCheck?.openedOn && isCalendarDate(lastCheck.openedOn) ? lastCheck.openedOn : "";
  return {
    tradeName: "",
    registrationNumber: "",
    representativeName: "",
    phone: "",
    address: "",
    region,
    sector,
    employees,
    openedOn,
  };
}
