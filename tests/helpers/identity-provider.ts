import crypto from "node:crypto";
import { startLocalService } from "./local-service";

export const TEST_CLIENT = { id: "portal-test-client", secret: "portal-test-client-secret-0123456789" };
export const TEST_HASH_KEY = "identity-hash-key-for-the-tests-0123456789";

/** A production server's identity and register settings: real-looking services nobody is asked (these tests never verify). */
export const PRODUCTION_IDENTITY_ENV = {
  IDENTITY_ISSUER: "https://id.example.kr",
  IDENTITY_CLIENT_ID: "portal",
  IDENTITY_CLIENT_SECRET: "a-production-like-client-secret",
  IDENTITY_HASH_KEY: "a-production-like-hash-key-of-32-characters-or-more",
  BUSINESS_REGISTER_URL: "https://register.example.kr",
  PAYEE_CHECK_URL: "https://bank-gateway.example.kr",
};

/** A private signing key set for the provider (IDP_JWKS) and its public half. */
export function newJwks(kid = `test-${crypto.randomUUID()}`) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const meta = { kid, use: "sig", alg: "RS256" };
  return {
    private: { keys: [{ ...privateKey.export({ format: "jwk" }), ...meta }] },
    public: { keys: [{ ...publicKey.export({ format: "jwk" }), ...meta }] },
  };
}

export interface RunningProvider {
  issuer: string;
  /** IDENTITY_* for a portal that uses this provider. */
  portalEnv: Record<string, string>;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the local identity provider (tools/identity-provider/server.mjs) as a real process on a free
 * port, with the test client whose redirect URI is `redirectUri`. `jwks` signs; `publishedJwks`
 * replaces what /jwks publishes (a key the issuer does not publish).
 */
export async function startIdentityProvider(opts: { redirectUri: string; jwks?: object; publishedJwks?: object }): Promise<RunningProvider> {
  const provider = await startLocalService({
    name: "identity provider",
    entry: "tools/identity-provider/server.mjs",
    portVariable: "IDP_PORT",
    env: (issuer) => ({
      IDP_ISSUER: issuer,
      IDP_CLIENT_ID: TEST_CLIENT.id,
      IDP_CLIENT_SECRET: TEST_CLIENT.secret,
      IDP_REDIRECT_URIS: opts.redirectUri,
      ...(opts.jwks ? { IDP_JWKS: JSON.stringify(opts.jwks) } : {}),
      ...(opts.publishedJwks ? { IDP_PUBLISHED_JWKS: JSON.stringify(opts.publishedJwks) } : {}),
    }),
  });
  return {
    issuer: provider.url,
    portalEnv: {
      IDENTITY_ISSUER: provider.url,
      IDENTITY_CLIENT_ID: TEST_CLIENT.id,
      IDENTITY_CLIENT_SECRET: TEST_CLIENT.secret,
      IDENTITY_HASH_KEY: TEST_HASH_KEY,
    },
    output: provider.output,
    stop: provider.stop,
  };
}

/** A browser's cookies, by origin (path and expiry are ignored: enough for one journey). */
export class CookieJar {
  private jars = new Map<string, Map<string, string>>();
  set(origin: string, cookie: string) {
    const [pair] = cookie.split(";");
    const at = pair!.indexOf("=");
    if (at < 1) return;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    this.jars.set(origin, jar);
  }
  header(origin: string): string {
    return [...(this.jars.get(origin) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  /**
   * Fetches like a browser: follows redirects, sends and keeps cookies per origin, until a page
   * answers or the next hop's address matches `stopAt` (returned unvisited).
   */
  async browse(url: string, init: RequestInit = {}, stopAt?: RegExp): Promise<{ response: Response | null; url: string }> {
    let current = url;
    let request: RequestInit = init;
    for (let hop = 0; hop < 20; hop++) {
      const origin = new URL(current).origin;
      const headers = new Headers(request.headers);
      const cookies = this.header(origin);
      if (cookies) headers.set("Cookie", cookies);
      headers.set("Accept-Language", "en");
      const response = await fetch(current, { ...request, headers, redirect: "manual" });
      for (const c of response.headers.getSetCookie()) this.set(origin, c);
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) return { response, url: current };
      current = new URL(location, current).href;
      request = {};
      if (stopAt?.test(current)) return { response: null, url: current };
    }
    throw new Error(`too many redirects from ${url}`);
  }
}
