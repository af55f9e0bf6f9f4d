import { z } from "zod";
import { safeRedirect } from "~/shared/safe-redirect";

/** A business's id as it stands in a page address. */
export const BusinessIdSchema = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number);

/** The opening date an owner types to confirm ownership: a real calendar day, year-month-day. */
export const OpenedOnSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));

/** Where the owner goes on once the business is confirmed (a same-site path), or null to stay. */
export const OwnershipReturnToSchema = z
  .string()
  .max(500)
  .optional()
  .transform((v) => {
    const target = safeRedirect(v, "");
    return target === "" ? null : target;
  });

/**
 * What the add-a-business form may carry in its address when the owner comes back from identity
 * verification (so nothing typed is lost): the register's facts only, never phone or address.
 */
export const BusinessPrefillSchema = z.object({
  tradeName: z.string().max(100).optional(),
  registrationNumber: z.string().max(20).optional(),
  representativeName: z.string().max(50).optional(),
  region: z.string().max(40).optional(),
  sector: z.string().max(40).optional(),
  employees: z.string().max(10).optional(),
  openedOn: z.string().max(20).optional(),
});
export const PREFILL_FIELDS = ["registrationNumber", "openedOn", "representativeName", "tradeName", "region", "sector", "employees"] as const;
