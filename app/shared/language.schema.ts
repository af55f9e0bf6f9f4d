import { z } from "zod";
import { LOCALES } from "./i18n";

/** The language switch's form: the chosen language, and the page to return to. */
export const LanguageSchema = z.object({
  lng: z.enum(LOCALES),
  redirectTo: z.string().max(2048).optional(),
});
