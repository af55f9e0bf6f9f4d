import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getAuth, blankSessionCookie, invalidateSession } from "~/modules/accounts/index.server";

/** POST only: a link or an image cannot sign anyone out. The session is deleted, not just forgotten. */
export async function action({ context }: ActionFunctionArgs) {
  const auth = getAuth({ context });
  if (auth) await invalidateSession(auth.session.id);
  // Half-way through a sign-in (password given, code not): that session ends too.
  if (context.pendingMfa) await invalidateSession(context.pendingMfa.sessionId);
  return redirect("/login?notice=signedOut", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export function loader() {
  return redirect("/");
}
