import { z } from "zod";
import { OBJECTION_REASON_MAX } from "./objection";

/** A member of staff's decision on an objection: uphold or overturn, with a reason. */
export const DecideObjectionSchema = z.object({
  decision: z.enum(["uphold", "overturn"], { message: "payments.objections.errors.decision" }),
  reason: z.string().trim().min(1, "payments.objections.errors.reason").max(OBJECTION_REASON_MAX, "payments.objections.errors.reason"),
  version: z.coerce.number().int().nonnegative().optional(),
});

/** An owner's objection to a verified list that does not name their business. */
export const ListObjectionSchema = z.object({
  businessId: z.coerce.number().int().positive(),
  reason: z
    .string()
    .max(OBJECTION_REASON_MAX + 100)
    .default(""),
});
