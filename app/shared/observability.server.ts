/**
 * Launch-day observability in one Express middleware and a metrics endpoint:
 * - every request gets an `X-Request-Id` (a trusted proxy's when sane, else ours), returned in the
 *   response and shown on error pages, so a helpline call quoting it leads to one log line;
 * - one JSON log line per request (LOG_REQUESTS), a warning above SLOW_REQUEST_MS, and slow
 *   queries above SLOW_QUERY_MS with the route and the SQL's shape (never its values);
 * - Prometheus metrics by Remix route pattern, served at /metrics behind METRICS_TOKEN or on
 *   METRICS_PORT, never publicly.
 * docs/operations.md is the operator's side of this file.
 */
import crypto from "node:crypto";
import http from "node:http";
import { matchRoutes } from "@remix-run/react";
import type { ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { onQuery } from "../../db/query-log";
import { onTransactionRetry } from "../../db/transaction";
import type { Env } from "./env.server";
import { KRDS_BASE } from "./krds";
import { getLogger, hashUserId, loggablePath } from "./logger.server";
import { httpDuration, httpInFlight, httpRequests, recordSlowQuery, recordTransactionRetry, renderMetrics, startMetrics } from "./metrics.server";
import { currentRequest, requestContext, type RequestContext } from "./request-context.server";

// ---- Request ids

/** What we accept from a trusted proxy: a short token of safe characters, nothing to escape. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
// Crockford's base32: no I, L, O or U, so an id read out over the phone is not misheard.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A fresh id such as `7KQ2-M9XD-4RTP` (60 random bits): short enough to read to the helpline. */
export function newRequestId(): string {
  const bytes = crypto.randomBytes(12);
  let id = "";
  for (let i = 0; i < 12; i++) {
    if (i && i % 4 === 0) id += "-";
    id += ALPHABET[bytes[i]! & 31];
  }
  return id;
}

/**
 * The id of this request: the proxy's `X-Request-Id` when we trust the proxy and the value is sane,
 * else a new one. A forged id from a client we do not trust, or an insane one (10,000 characters,
 * spaces, control characters) from anyone, is replaced rather than refused with a 400: the person
 * behind it still gets their page, and the log line says the incoming id was refused.
 */
export function chooseRequestId(incoming: string | string[] | undefined, trustProxy: boolean): { id: string; refused: boolean } {
  if (incoming === undefined) return { id: newRequestId(), refused: false };
  if (trustProxy && typeof incoming === "string" && SANE_REQUEST_ID.test(incoming)) return { id: incoming, refused: false };
  return { id: newRequestId(), refused: true };
}

// ---- Route patterns

type RouteManifest = ServerBuild["routes"];
interface RouteNode {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: RouteNode[];
}

/**
 * Maps a URL path to a bounded label: the Remix route pattern that answers it
 * (`/applications/:ref/documents/:id`), or a bucket — `static` (build output, KRDS, public files),
 * `unmatched` (the catch-all 404). Single-fetch data requests (`/x.data`) count as their page.
 */
export function createRouteResolver(manifest: RouteManifest): (pathname: string) => string {
  const nodes = new Map<string, RouteNode>();
  for (const route of Object.values(manifest)) {
    nodes.set(route.id, { id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive });
  }
  const roots: RouteNode[] = [];
  for (const route of Object.values(manifest)) {
    const node = nodes.get(route.id)!;
    const parent = route.parentId ? nodes.get(route.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  // matchRoutes ranks every branch on each call; most requests repeat a path, so remember answers
  // (bounded: emptied when full, so a scan of random URLs cannot grow it).
  const cache = new Map<string, string>();
  return (pathname) => {
    if (pathname === "/healthz" || pathname === "/metrics") return pathname;
    if (pathname.startsWith("/build/") || pathname.startsWith(`${KRDS_BASE}/`)) return "static";
    const known = cache.get(pathname);
    if (known) return known;
    if (cache.size >= 5000) cache.clear();
    const label = resolve(pathname);
    cache.set(pathname, label);
    return label;
  };

  function resolve(pathname: string): string {
    let path = pathname;
    if (path.endsWith(".data")) path = path === "/_root.data" ? "/" : path.slice(0, -".data".length);
    const matches = matchRoutes(roots as unknown as Parameters<typeof matchRoutes>[0], path);
    const leaf = matches?.[matches.length - 1]?.route;
    if (!matches || !leaf || leaf.path === "*") return "unmatched";
    const pattern = `/${matches
      .map((m) => m.route.path ?? "")
      .filter(Boolean)
      .join("/")}`;
    return pattern.replace(/\/{2,}/g, "/");
  }
}

// ---- The middleware

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function sha256(text: string): Buffer {
  return crypto.createHash("sha256").update(text).digest();
}

/** Constant-time check of `Authorization: Bearer <token>`. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "";
  return crypto.timingSafeEqual(sha256(given), sha256(token));
}

/** The SQL of a query as a one-line shape: placeholders stay placeholders, and it is capped. */
export function sqlShape(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 1000 ? `${flat.slice(0, 1000)}…` : flat;
}

export interface Observability {
  /** True when /metrics is served somewhere (METRICS_TOKEN or METRICS_PORT), so metrics are kept. */
  metricsOn: boolean;
  /** First middleware of the app: request id, context, metrics, request log, main-port /metrics. */
  middleware: (req: Request, res: Response, next: NextFunction) => void;
  /** With METRICS_PORT: a second, metrics-only HTTP server. Resolves to its URL. */
  startMetricsServer: () => Promise<string | undefined>;
}

type ObservabilityEnv = Pick<Env, "TRUST_PROXY" | "LOG_REQUESTS" | "METRICS_TOKEN" | "METRICS_PORT" | "SLOW_QUERY_MS" | "SLOW_REQUEST_MS" | "HOST">;

export function createObservability(env: ObservabilityEnv, routes: RouteManifest): Observability {
  const logger = getLogger();
  const routeOf = createRouteResolver(routes);
  const metricsOn = env.METRICS_TOKEN !== undefined || env.METRICS_PORT !== undefined;
  const metricsOnMainPort = env.METRICS_TOKEN !== undefined && env.METRICS_PORT === undefined;
  if (metricsOn) startMetrics();

  onTransactionRetry((error) => {
    const code = (error as { code?: unknown } | null)?.code;
    recordTransactionRetry(code === "40001" ? "serialization" : code === "40P01" ? "deadlock" : "other");
  });
  onQuery((query) => {
    if (query.durationMs < env.SLOW_QUERY_MS) return;
    const context = currentRequest();
    const route = context?.route ?? "background";
    if (metricsOn) recordSlowQuery(route);
    logger.warn(
      {
        reqId: context?.requestId,
        route,
        method: context?.method,
        durationMs: round(query.durationMs),
        sql: sqlShape(query.sql),
        failed: query.failed || undefined,
      },
      "slow query",
    );
  });

  async function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse) {
    // "401 and nothing else": no body, no hint beyond the scheme.
    if (env.METRICS_TOKEN !== undefined && !bearerMatches(req.headers.authorization, env.METRICS_TOKEN)) {
      res.writeHead(401, { "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store", "Content-Length": "0" }).end();
      return;
    }
    try {
      const { contentType, body } = await renderMetrics();
      res.writeHead(200, { "Content-Type": contentType, "Cache-Control": "no-store" }).end(req.method === "HEAD" ? undefined : body);
    } catch (error) {
      logger.error({ err: error }, "metrics: could not render");
      res.writeHead(500, { "Content-Length": "0" }).end();
    }
  }

  function middleware(req: Request, res: Response, next: NextFunction) {
    const started = performance.now();
    const { id, refused } = chooseRequestId(req.headers["x-request-id"], env.TRUST_PROXY);
    req.headers["x-request-id"] = id;
    res.setHeader("X-Request-Id", id);
    res.locals.requestId = id;
    const context: RequestContext = { requestId: id, route: routeOf(req.path), method: METHODS.has(req.method) ? req.method : "other" };
    if (metricsOn) httpInFlight.inc();

    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const seconds = (performance.now() - started) / 1000;
      // express.static answers public files (favicon.svg) before Remix's catch-all could 404 them.
      const route = context.route === "unmatched" && res.statusCode < 400 ? "static" : context.route;
      // 499, as nginx says it: the client went away before the response was complete.
      const status = res.writableFinished ? res.statusCode : 499;
      if (metricsOn) {
        httpInFlight.dec();
        const labels = { route, method: context.method, status: String(status) };
        httpRequests.inc(labels);
        httpDuration.observe(labels, seconds);
      }
      const slow = seconds * 1000 >= env.SLOW_REQUEST_MS;
      if (!env.LOG_REQUESTS && !slow) return;
      const userId = (res.locals.auth as { user?: { id?: number } } | null | undefined)?.user?.id;
      const line = {
        reqId: id,
        route,
        method: req.method,
        path: loggablePath(req.originalUrl),
        status,
        durationMs: round(seconds * 1000),
        userHash: userId === undefined ? undefined : hashUserId(userId),
        reqIdRefused: refused || undefined,
      };
      if (env.LOG_REQUESTS) logger.info(line, "request");
      if (slow) logger.warn(line, "slow request");
    };
    res.once("finish", finish);
    res.once("close", finish);

    requestContext.run(context, () => {
      if (metricsOnMainPort && req.path === "/metrics") {
        void serveMetrics(req, res);
        return;
      }
      next();
    });
  }

  async function startMetricsServer(): Promise<string | undefined> {
    if (env.METRICS_PORT === undefined) return undefined;
    const server = http.createServer((req, res) => {
      if ((req.url ?? "").split("?")[0] !== "/metrics") {
        res.writeHead(404, { "Content-Length": "0" }).end();
        return;
      }
      void serveMetrics(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(env.METRICS_PORT, env.HOST, () => resolve());
    });
    // Never the reason the process stays up: shutdown follows the main server.
    server.unref();
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.METRICS_PORT;
    return `http://localhost:${port}/metrics`;
  }

  return { metricsOn, middleware, startMetricsServer };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
