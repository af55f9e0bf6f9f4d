import { describe, expect, it } from "vitest";
import { businessRegisterUrl, identitySettings, LOCAL_BUSINESS_REGISTER_URL, LOCAL_IDENTITY, parseEnv } from "../../app/shared/env.server";

const real = {
  IDENTITY_ISSUER: "https://id.example.kr",
  IDENTITY_CLIENT_ID: "portal",
  IDENTITY_CLIENT_SECRET: "a-production-like-client-secret",
  IDENTITY_HASH_KEY: "a-production-like-hash-key-of-32-characters-or-more",
  BUSINESS_REGISTER_URL: "https://register.example.kr",
};

describe("identity settings", () => {
  it("use the local test provider outside production when unset", () => {
    const result = parseEnv({});
    expect(result.ok).toBe(true);
    if (result.ok) expect(identitySettings(result.env)).toEqual(LOCAL_IDENTITY);
  });

  it("are all required in production, and the local provider is refused there", () => {
    const missing = parseEnv({ PORTAL_ENV: "production" });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors.filter((e) => e.startsWith("IDENTITY_"))).toHaveLength(4);
    const local = parseEnv({ PORTAL_ENV: "production", ...real, IDENTITY_ISSUER: "http://localhost:3100" });
    expect(local).toEqual({ ok: false, errors: ["IDENTITY_ISSUER: must not be the local test provider in production"] });
    expect(parseEnv({ PORTAL_ENV: "production", ...real }).ok).toBe(true);
  });

  it("refuse a bad value with one line naming it", () => {
    expect(parseEnv({ IDENTITY_ISSUER: "not a url" })).toMatchObject({ ok: false, errors: [expect.stringMatching(/^IDENTITY_ISSUER: /)] });
    expect(parseEnv({ IDENTITY_HASH_KEY: "short" })).toMatchObject({
      ok: false,
      errors: ["IDENTITY_HASH_KEY: IDENTITY_HASH_KEY must be at least 32 characters"],
    });
  });

  it("use the local business register outside production; production requires a real one", () => {
    const dev = parseEnv({});
    if (dev.ok) expect(businessRegisterUrl(dev.env)).toBe(LOCAL_BUSINESS_REGISTER_URL);
    const { BUSINESS_REGISTER_URL: _, ...withoutRegister } = real;
    expect(parseEnv({ PORTAL_ENV: "production", ...withoutRegister })).toEqual({
      ok: false,
      errors: ["BUSINESS_REGISTER_URL: must be set in production (the business register's address, see docs/identity.md)"],
    });
    expect(parseEnv({ PORTAL_ENV: "production", ...real, BUSINESS_REGISTER_URL: "http://127.0.0.1:3200" })).toEqual({
      ok: false,
      errors: ["BUSINESS_REGISTER_URL: must not be the local register in production"],
    });
    expect(parseEnv({ BUSINESS_REGISTER_URL: "ftp://x" })).toMatchObject({ ok: false, errors: [expect.stringMatching(/^BUSINESS_REGISTER_URL: /)] });
  });
});
