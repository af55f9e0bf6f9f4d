import { z } from "zod";

/** The one-step application: the listed business, its payout account, and the declaration. */
export const RapidApplySchema = z.object({
  businessId: z.coerce.number().int().positive(),
  bankCode: z.string().max(10).default(""),
  accountNumber: z.string().max(60).default(""),
  holderName: z.string().max(300).default(""),
  declaration: z.string().optional(),
});

/** A verified list's upload form (the file itself is read apart). */
export const VerifiedListUploadSchema = z.object({
  programme: z.string().min(1, "programme").max(60, "programme"),
  round: z.coerce.number({ message: "round" }).int("round").min(1, "round").max(99, "round"),
  encoding: z.enum(["auto", "utf-8", "cp949"], { message: "encoding" }),
});
