import { verifyRequestOrigin } from "lucia";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard for every non-GET request: the browser's `Origin` (or, failing
 * that, `Referer`) must name this site. `host` is the Host header, or X-Forwarded-Host when the
 * operator declared a trusted proxy. Checked before Remix runs any action, so a forged POST gets a
 * clear 403 instead of Remix's own origin check surfacing as a 500.
 */
export function isCrossSiteRequest(method: string, headers: { origin?: string; referer?: string }, host: string | undefined): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (!host) return true;
  const source = headers.origin ?? originOf(headers.referer);
  if (!source) return true;
  return !verifyRequestOrigin(source, [host]);
}

function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
