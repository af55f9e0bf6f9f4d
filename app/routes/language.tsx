import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { LanguageSchema } from "~/shared/language.schema";
import { localeCookie } from "~/shared/i18n.server";
import { safeRedirect } from "~/shared/safe-redirect";

/** Remembers the chosen language in a cookie and returns to the same page. Works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = LanguageSchema.safeParse(form);
  const back = safeRedirect(form.redirectTo);
  if (!parsed.success) return redirect(back);
  // An explicit ?lng= in the page address would override the cookie; drop it.
  const url = new URL(back, "http://portal.invalid");
  url.searchParams.delete("lng");
  return redirect(`${url.pathname}${url.search}${url.hash}`, {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.lng) },
  });
}

export function loader() {
  return redirect("/");
}
