import { z } from "zod";

/**
 * The payout account step of an application: either a new account (bank, number, holder: checked
 * by parsePayoutAccount, which words each field's message) or the confirmed reuse of an account
 * the owner gave on another application of the same business.
 */
const clipped = (n: number) =>
  z
    .string()
    .default("")
    .transform((v) => v.slice(0, n));

export const AccountStepSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    // Cut, not refused: an over-long value is kept (shortened) and answered at its field.
    bankCode: clipped(10),
    accountNumber: clipped(40),
    holderName: clipped(200),
  }),
  z.object({
    intent: z.literal("reuse"),
    account: z
      .string()
      .regex(/^\d{1,12}$/)
      .transform(Number),
  }),
]);
export type AccountStepInput = z.infer<typeof AccountStepSchema>;

/** The supervisors' list of applications waiting for an account: which programme, from which row on. */
export const AccountGapsQuerySchema = z.object({
  programme: z.string().max(80).optional(),
  after: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
});
