import { z } from "zod";

/** A programme's slug as it stands in a page address or a form. */
export const ProgrammeSlugSchema = z.string().regex(/^[a-z0-9-]{1,64}$/);

/** The programme page's address parameters. */
export const ProgrammeParamsSchema = z.object({ slug: ProgrammeSlugSchema });
