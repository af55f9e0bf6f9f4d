import { z } from "zod";

/** More than any one batch may hold: a transfer file of 100,000 lines is the design load. */
export const MAX_BATCH_COUNT = 100_000;

const whole = (message: string, { optional = false, max }: { optional?: boolean; max?: number } = {}) =>
  z
    .string()
    .transform((v) => v.replace(/[,\s]/g, ""))
    .refine((v) => (optional && v === "") || (/^\d{1,16}$/.test(v) && Number(v) > 0 && (max === undefined || Number(v) <= max)), message)
    .transform((v) => (v === "" ? null : Number(v)));

/** Building a payment batch: the programme, how many payments at most, and optionally how much money at most. */
export const BuildBatchSchema = z.object({
  programme: z.string().min(1, "payments.admin.errors.programme").max(80, "payments.admin.errors.programme"),
  maxCount: whole("payments.admin.errors.maxCount", { max: MAX_BATCH_COUNT }),
  maxAmount: whole("payments.admin.errors.maxAmount", { optional: true }),
});

/** The most a supervisor's retry reason may say. */
export const MAX_RETRY_REASON = 500;

/** A supervisor's retry of a failed payment to the same account: which failure, and why (required). */
export const RetryPaymentSchema = z.object({
  failureId: z
    .string()
    .regex(/^\d{1,12}$/, "payments.awaiting.errors.failure")
    .transform((v) => Number(v)),
  reason: z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().min(1, "payments.awaiting.errors.reason").max(MAX_RETRY_REASON, "payments.awaiting.errors.reasonLong")),
});
