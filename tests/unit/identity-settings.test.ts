import { describe, expect, it } from "vitest";
import {
  businessRegisterUrl,
  identitySettings,
  LOCAL_BUSINESS_REGISTER_URL,
  LOCAL_IDENTITY,
  LOCAL_PAYEE_CHECK_URL,
  parseEnv,
  payeeCheckUrl,
} from "../../app/shared/env.server";

const real = {
  IDENTITY_ISSUER: "https://id.example.kr",
  IDENTITY_CLIENT_ID: "portal",
  IDENTITY_CLIENT_SECRET: "a-production-like-client-secret",
  IDENTITY_HASH_KEY: "a-production-like-hash-key-of-32-characters-or-more",
  BUSINESS_REGISTER_URL: "https://register.example.kr",
  PAYEE_CHECK_URL: "https://bank-gateway.example.kr",
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

  it("use the local bank for payee checks outside production; production requires a real one", () => {
    const dev = parseEnv({});
    expect(dev.ok && payeeCheckUrl(dev.env)).toBe(LOCAL_PAYEE_CHECK_URL);
    expect(dev.ok && dev.env.PAYEE_RECHECK_DAYS).toBe(30);
    const { PAYEE_CHECK_URL: _, ...withoutBank } = real;
    expect(parseEnv({ PORTAL_ENV: "production", ...withoutBank })).toEqual({
      ok: false,
      errors: ["PAYEE_CHECK_URL: must be set in production (the bank's account-holder inquiry, see docs/payments.md)"],
    });
    expect(parseEnv({ PORTAL_ENV: "production", ...real, PAYEE_CHECK_URL: "http://localhost:3300" })).toEqual({
      ok: false,
      errors: ["PAYEE_CHECK_URL: must not be the local bank in production"],
    });
    expect(parseEnv({ PAYEE_RECHECK_DAYS: "0" })).toMatchObject({ ok: false, errors: [expect.stringMatching(/^PAYEE_RECHECK_DAYS: /)] });
  });
});
