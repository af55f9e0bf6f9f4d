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
