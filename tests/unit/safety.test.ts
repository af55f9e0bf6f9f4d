import { describe, expect, it } from "vitest";
import { isCrossSiteRequest } from "../../app/shared/csrf.server";
import { parseEnv } from "../../app/shared/env.server";
import { safeRedirect } from "../../app/shared/safe-redirect";

describe("safeRedirect", () => {
  it.each([
    ["/programmes?x=1#y", "/programmes?x=1#y"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/ok\r\nSet-Cookie: x", "/"],
    [undefined, "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});

describe("isCrossSiteRequest", () => {
  it("lets reads through", () => {
    expect(isCrossSiteRequest("GET", {}, "portal.test")).toBe(false);
  });
  it("accepts a same-site origin and refuses another", () => {
    expect(isCrossSiteRequest("POST", { origin: "http://portal.test" }, "portal.test")).toBe(false);
    expect(isCrossSiteRequest("POST", { origin: "http://evil.test" }, "portal.test")).toBe(true);
  });
  it("falls back to the referer, and refuses when neither is sent", () => {
    expect(isCrossSiteRequest("POST", { referer: "http://portal.test/a" }, "portal.test")).toBe(false);
    expect(isCrossSiteRequest("POST", {}, "portal.test")).toBe(true);
  });
});

describe("parseEnv", () => {
  it("has defaults for everything", () => {
    const result = parseEnv({});
    expect(result).toMatchObject({ ok: true, env: { PORT: 3000, DATABASE_PATH: "data/portal.db", PORTAL_ENV: "development" } });
  });
  it.each(["abc", "-1", "70000", "3000.5"])("refuses PORT=%s with a clear message", (port) => {
    const result = parseEnv({ PORT: port });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join()).toContain("PORT must be a whole number from 0 to 65535");
  });
  it("refuses an unknown PORTAL_ENV", () => {
    expect(parseEnv({ PORTAL_ENV: "prod" }).ok).toBe(false);
  });
});
