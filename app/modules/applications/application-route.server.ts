import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireOwner } from "~/modules/accounts/index.server";
import { getOwnerApplication, isApplicationKey } from "~/modules/applications/applications.server";
import { getLocale } from "~/shared/i18n.server";

/**
 * For every /applications/:ref/… loader and action: the signed-in owner and their application, or
 * a 404 that does not confirm whether someone else's reference exists. A draft address used after
 * submission forwards to the reference address.
 */
export async function requireOwnedApplication(args: LoaderFunctionArgs | ActionFunctionArgs, { forwardDraftKey = true } = {}) {
  const auth = requireOwner(args);
  const key = args.params.ref ?? "";
  if (!isApplicationKey(key)) throw new Response("Not found", { status: 404 });
  const [app, locale] = await Promise.all([getOwnerApplication({ key, ownerId: auth.user.id }), getLocale(args.request)]);
  if (!app) throw new Response("Not found", { status: 404 });
  if (forwardDraftKey && app.reference && key !== app.reference && args.request.method === "GET") {
    const url = new URL(args.request.url);
    throw redirect(url.pathname.replace(`/applications/${key}`, `/applications/${app.reference}`));
  }
  return { auth, app, locale, key: app.reference ?? app.public_id };
}
