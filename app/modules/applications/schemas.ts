import { z } from "zod";
import { ProgrammeSlugSchema } from "~/modules/catalogue";

/** The longest reason for withdrawing, or answer to a request for information, an owner may send. */
export const OWNER_MESSAGE_MAX = 2000;

/** Starting (or resuming) an application: the programme and which of the owner's businesses applies. */
export const StartApplicationSchema = z.object({ programme: ProgrammeSlugSchema, businessId: z.coerce.number().int().positive() });

/** What an owner may do on a submitted application's page: withdraw it, or answer a request for information. */
export const OwnerApplicationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("withdraw"), reason: z.string().trim().min(1, "reason").max(OWNER_MESSAGE_MAX, "tooLong") }),
  z.object({ intent: z.literal("answer"), message: z.string().trim().min(1, "message").max(OWNER_MESSAGE_MAX, "tooLong") }),
]);

/** Removing one document from a draft. */
export const RemoveDocumentSchema = z.object({ intent: z.literal("remove"), documentId: z.coerce.number().int().positive() });

/** The address parameters of an owner's document download. */
export const DocumentParamsSchema = z.object({ ref: z.string().max(32), id: z.coerce.number().int().positive() });
