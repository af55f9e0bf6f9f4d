import { describe, expect, it } from "vitest";
import { parseEnv } from "../../app/shared/env.server";
import { hashUserId, loggablePath, prettyLine } from "../../app/shared/logger.server";
import { bearerMatches, chooseRequestId, createRouteResolver, newRequestId, sqlShape } from "../../app/shared/observability.server";
import { KRDS_BASE } from "../../app/shared/krds";

const ID = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe("request ids", () => {
  it("are short, readable and unique", () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newRequestId()));
    expect(ids.size).toBe(2000);
    for (const id of [...ids].slice(0, 50)) expect(id).toMatch(ID);
  });

  it("come from a trusted proxy only when sane", () => {
    expect(chooseRequestId(undefined, true)).toMatchObject({ refused: false });
    expect(chooseRequestId("abc-123_x.y", true)).toEqual({ id: "abc-123_x.y", refused: false });
    expect(chooseRequestId("x".repeat(128), true).id).toBe("x".repeat(128));
    for (const bad of ["x".repeat(129), "a".repeat(10_000), "two words", "id\r\nSet-Cookie: x", "", "ünïcode", ["a", "b"]]) {
      const chosen = chooseRequestId(bad, true);
      expect(chosen.refused, String(bad).slice(0, 20)).toBe(true);
      expect(chosen.id).toMatch(ID);
    }
    // From a client we do not trust, even a sane id is replaced.
    const forged = chooseRequestId("abc-123", false);
    expect(forged.refused).toBe(true);
    expect(forged.id).toMatch(ID);
  });
});

describe("route labels", () => {
  // The shape of Remix's route manifest for a few of our flat routes.
  const manifest = {
    root: { id: "root", path: "" },
    "routes/_index": { id: "routes/_index", parentId: "root", index: true },
    "routes/$": { id: "routes/$", parentId: "root", path: "*" },
    "routes/programmes._index": { id: "routes/programmes._index", parentId: "root", path: "programmes", index: true },
    "routes/programmes.$slug": { id: "routes/programmes.$slug", parentId: "root", path: "programmes/:slug" },
    "routes/applications.new": { id: "routes/applications.new", parentId: "root", path: "applications/new" },
    "routes/applications.$ref._index": { id: "routes/applications.$ref._index", parentId: "root", path: "applications/:ref", index: true },
    "routes/applications.$ref.documents.$id": {
      id: "routes/applications.$ref.documents.$id",
      parentId: "root",
      path: "applications/:ref/documents/:id",
    },
    "routes/admin.applications.export[.csv]": {
      id: "routes/admin.applications.export[.csv]",
      parentId: "root",
      path: "admin/applications/export.csv",
    },
  } as unknown as Parameters<typeof createRouteResolver>[0];
  const label = createRouteResolver(manifest);

  it("names the pattern, not the URL", () => {
    expect(label("/")).toBe("/");
    expect(label("/programmes")).toBe("/programmes");
    expect(label("/programmes/support-fund")).toBe("/programmes/:slug");
    expect(label("/applications/new")).toBe("/applications/new");
    expect(label("/applications/SF-2026-000123")).toBe("/applications/:ref");
    expect(label("/applications/SF-2026-000123/documents/7")).toBe("/applications/:ref/documents/:id");
    expect(label("/admin/applications/export.csv")).toBe("/admin/applications/export.csv");
  });

  it("counts single-fetch data requests as their page", () => {
    expect(label("/_root.data")).toBe("/");
    expect(label("/programmes/rent-loan.data")).toBe("/programmes/:slug");
  });

  it("buckets everything else", () => {
    expect(label("/no/such/page")).toBe("unmatched");
    expect(label(`/x${"y".repeat(5000)}`)).toBe("unmatched");
    expect(label("/build/entry.client-ABC.js")).toBe("static");
    expect(label(`${KRDS_BASE}/css/common/common.css`)).toBe("static");
    expect(label("/healthz")).toBe("/healthz");
    expect(label("/metrics")).toBe("/metrics");
  });
});

describe("log hygiene", () => {
  it("hashes user ids with a key, the same way within a process", () => {
    expect(hashUserId(42)).toMatch(/^[0-9a-f]{16}$/);
    expect(hashUserId(42)).toBe(hashUserId("42"));
    expect(hashUserId(42)).not.toBe(hashUserId(43));
  });

  it("keeps paths without query strings or reset tokens", () => {
    expect(loggablePath("/programmes?token=secret")).toBe("/programmes");
    expect(loggablePath("/reset-password/abcDEF123_-xyz")).toBe("/reset-password/[redacted]");
  });

  it("shows SQL as a one-line shape, capped", () => {
    expect(sqlShape('select "id"\n  from "users"\n  where "email" = ?')).toBe('select "id" from "users" where "email" = ?');
    expect(sqlShape("x".repeat(5000)).length).toBe(1001);
  });

  it("prints pretty lines for development", () => {
    const line = prettyLine(
      JSON.stringify({ level: "info", time: "2026-11-29T12:00:01.123Z", pid: 1, hostname: "h", msg: "request", reqId: "AB", status: 200 }),
    );
    expect(line).toBe("12:00:01.123 INFO  request  reqId=AB status=200\n");
    expect(prettyLine("not json")).toBe("not json");
  });
});

describe("metrics token", () => {
  it("matches only the exact bearer token", () => {
    const token = "a-long-metrics-token-0123";
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches("Bearer ", token)).toBe(false);
    expect(bearerMatches(`Bearer ${token}0`, token)).toBe(false);
    expect(bearerMatches(`Basic ${token}`, token)).toBe(false);
  });
});

describe("observability settings", () => {
  it("has safe defaults", () => {
    const result = parseEnv({});
    expect(result.ok && result.env).toMatchObject({ LOG_FORMAT: "json", LOG_LEVEL: "info", SLOW_QUERY_MS: 200, SLOW_REQUEST_MS: 1000 });
    expect(result.ok && result.env.METRICS_TOKEN).toBeUndefined();
    expect(result.ok && result.env.METRICS_PORT).toBeUndefined();
  });

  it("refuses bad values with a clear message", () => {
    const errors = (source: Record<string, string>) => {
      const result = parseEnv(source);
      return result.ok ? [] : result.errors;
    };
    expect(errors({ METRICS_TOKEN: "short" })).toEqual(["METRICS_TOKEN: METRICS_TOKEN must be at least 16 characters"]);
    expect(errors({ METRICS_PORT: "nine" })[0]).toContain("METRICS_PORT must be a whole number");
    expect(errors({ PORT: "9100", METRICS_PORT: "9100" })[0]).toContain("METRICS_PORT: must differ from PORT");
    expect(errors({ LOG_FORMAT: "xml" })[0]).toContain("LOG_FORMAT must be json or pretty");
    expect(errors({ SLOW_QUERY_MS: "-1" })[0]).toContain("SLOW_QUERY_MS must be a whole number of milliseconds");
    expect(parseEnv({ METRICS_PORT: "9100", SLOW_REQUEST_MS: "250" })).toMatchObject({ ok: true, env: { METRICS_PORT: 9100, SLOW_REQUEST_MS: 250 } });
  });
});

describe("the runbook's dashboard", () => {
  it("uses only metric families the portal exports", async () => {
    const fs = await import("node:fs");
    const { registry, startMetrics } = await import("../../app/shared/metrics.server");
    startMetrics();
    const exported = new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
    const dashboard = fs.readFileSync(new URL("../../docs/grafana-dashboard.json", import.meta.url), "utf8");
    const used = new Set([...dashboard.matchAll(/\b((?:portal|nodejs|process)_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, "")));
    expect(used.size).toBeGreaterThan(15);
    for (const name of used) expect(exported, name).toContain(name);
    const runbook = fs.readFileSync(new URL("../../docs/operations.md", import.meta.url), "utf8");
    for (const name of exported) if (name.startsWith("portal_")) expect(runbook, `docs/operations.md explains ${name}`).toContain(name);
  });
});
