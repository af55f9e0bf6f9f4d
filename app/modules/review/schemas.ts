import { z } from "zod";
import { REVIEW_INTENTS } from "./review";

/** A caseworker's decision form: which decision, and the version of the application it was made on. */
export const ReviewActionSchema = z.object({
  intent: z.enum(REVIEW_INTENTS),
  version: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number)
    .optional(),
});

/** The address parameters of a document a member of staff opens. */
export const StaffDocumentParamsSchema = z.object({
  ref: z.string().max(32),
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});
