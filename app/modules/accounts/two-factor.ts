import { safeRedirect } from "~/shared/safe-redirect";

/** The two-factor page (or its setup), carrying where to go after it as a same-origin path. */
export function twoFactorPath(page: "/two-factor" | "/two-factor/setup", redirectTo?: string | null): string {
  const to = safeRedirect(redirectTo ?? "", "");
  return to && to !== "/" ? `${page}?${new URLSearchParams({ redirectTo: to })}` : page;
}
