/**
 * Guards for every loader and action that needs a signed-in person (loaders run in parallel, so a
 * guard in a parent route protects nothing). They read the auth that app/server.ts validated for this
 * request and pass it back, so callers scope their queries by the user they get.
 */
import { redirect, type AppLoadContext } from "@remix-run/node";
import { hasStaffRole, isStaff, type StaffRole } from "~/modules/accounts/roles";
import { safeRedirect } from "~/shared/safe-redirect";
import { recordAudit } from "~/modules/audit/index.server";
import { getDb } from "../../../db/client";
import type { Auth } from "./session.server";

interface GuardArgs {
  request: Request;
  context: AppLoadContext;
}

/** The path (and query) of the request, as a same-origin redirect target. */
export function currentPath(request: Request): string {
  const url = new URL(request.url);
  url.searchParams.delete("_data");
  const path = url.pathname.replace(/\.data$/, "") || "/";
  return safeRedirect(`${path}${url.search}`);
}

export function loginPath(redirectTo?: string, notice?: "timedOut"): string {
  const query = new URLSearchParams();
  if (redirectTo && redirectTo !== "/") query.set("redirectTo", redirectTo);
  if (notice) query.set("notice", notice);
  return query.size ? `/login?${query}` : "/login";
}

export function getAuth({ context }: Pick<GuardArgs, "context">): Auth | null {
  return context.auth ?? null;
}

/** Signed-in user, or a redirect to sign in that comes back here. */
export function requireUser({ request, context }: GuardArgs): Auth {
  const auth = getAuth({ context });
  if (!auth) {
    // A staff session that just timed out is explained on the sign-in page.
    const timedOut = context.sessionEnded === "idle" || context.sessionEnded === "absolute";
    throw redirect(loginPath(currentPath(request), timedOut ? "timedOut" : undefined));
  }
  return auth;
}

/**
 * Audits a refusal of a signed-in person (ASVS 7.2: access control failures are logged). The guards
 * stay synchronous, so every existing caller stays as it is: the row is written in the background
 * and a failure to write it is logged, never turned into a different answer for the request.
 * Pending writes are tracked so tests (and a graceful shutdown) can wait for them.
 */
const pendingDenials = new Set<Promise<void>>();
function auditDenied(request: Request, auth: Auth, required: string, status: number): void {
  const url = new URL(request.url);
  const write = recordAudit(getDb(), {
    actor: { id: auth.user.id, label: auth.user.email },
    action: "auth.denied",
    target: { type: "path", id: url.pathname.replace(/\.data$/, "").slice(0, 500) },
    details: { method: request.method, role: auth.user.role, required, status },
  })
    .catch((error: unknown) => console.error("could not audit a refusal", error))
    .finally(() => pendingDenials.delete(write));
  pendingDenials.add(write);
}

/** Resolves once every refusal audited so far is written. */
export async function settleDenialAudits(): Promise<void> {
  await Promise.all([...pendingDenials]);
}

/** An owner account; staff get 403 (they have their own area). */
export function requireOwner(args: GuardArgs): Auth {
  const auth = requireUser(args);
  if (isStaff(auth.user.role)) {
    auditDenied(args.request, auth, "owner", 403);
    throw new Response("owners only", { status: 403 });
  }
  return auth;
}

/**
 * Staff at `minRole` or above. Others get 403, or 404 with `asNotFound` where even the existence of
 * the page is not for them (STYLE.md: the admin area answers owners with 404).
 */
export function requireStaff(args: GuardArgs, minRole: StaffRole, { asNotFound = false } = {}): Auth {
  const auth = requireUser(args);
  if (!hasStaffRole(auth.user.role, minRole)) {
    auditDenied(args.request, auth, minRole, asNotFound ? 404 : 403);
    throw new Response(asNotFound ? "not found" : "staff only", { status: asNotFound ? 404 : 403 });
  }
  // A one-time password from an administrator is replaced before any staff page opens.
  if (auth.user.mustChangePassword) throw redirect(changePasswordPath(currentPath(args.request)));
  return auth;
}

export function changePasswordPath(redirectTo?: string): string {
  return redirectTo && redirectTo !== "/" ? `/account/password?${new URLSearchParams({ redirectTo })}` : "/account/password";
}

/** For /login and /register: someone already signed in goes to their home instead. */
export function redirectIfSignedIn(args: Pick<GuardArgs, "context">, to: string): void {
  if (getAuth(args)) throw redirect(to);
}
