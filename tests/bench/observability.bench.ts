import { EventEmitter } from "node:events";
import type { NextFunction, Request, Response } from "express";
import pino from "pino";
import { bench, describe } from "vitest";
import { createLogger, setLogger } from "../../app/shared/logger.server";
import { createObservability } from "../../app/shared/observability.server";

/**
 * The CPU each request pays for observability, measured in one process without a network or a
 * neighbour's load in the figure: request id, route label, request context, metrics and the JSON
 * log line written to /dev/null. Compare with a page's own CPU (npm run bench:overhead prints it).
 */
setLogger(createLogger({ destination: pino.destination({ dest: "/dev/null", sync: true }) }));

const manifest = Object.fromEntries(
  [
    { id: "root", path: "" },
    { id: "routes/_index", parentId: "root", index: true },
    { id: "routes/$", parentId: "root", path: "*" },
    { id: "routes/programmes._index", parentId: "root", path: "programmes", index: true },
    { id: "routes/programmes.$slug", parentId: "root", path: "programmes/:slug" },
    { id: "routes/applications.$ref._index", parentId: "root", path: "applications/:ref", index: true },
    { id: "routes/applications.$ref.documents.$id", parentId: "root", path: "applications/:ref/documents/:id" },
    { id: "routes/eligibility", parentId: "root", path: "eligibility" },
    { id: "routes/login", parentId: "root", path: "login" },
  ].map((r) => [r.id, r]),
) as unknown as Parameters<typeof createObservability>[1];

const base = { TRUST_PROXY: false, SLOW_QUERY_MS: 200, SLOW_REQUEST_MS: 1000, HOST: "127.0.0.1", METRICS_PORT: undefined };
const full = createObservability({ ...base, LOG_REQUESTS: true, METRICS_TOKEN: "bench-token-0123456789" }, manifest);
const bare = createObservability({ ...base, LOG_REQUESTS: false, METRICS_TOKEN: undefined }, manifest);
const next: NextFunction = () => {};

function request(observe: typeof full.middleware, path: string) {
  const req = { headers: {}, path, originalUrl: path, method: "GET" } as unknown as Request;
  const res = Object.assign(new EventEmitter(), { locals: {}, statusCode: 200, writableFinished: true, setHeader() {} }) as unknown as Response;
  observe(req, res, next);
  res.emit("finish");
  res.emit("close");
}

let n = 0;
describe("observability per request", () => {
  bench("metrics + JSON request log (same path)", () => request(full.middleware, "/programmes/support-fund"));
  bench("metrics + JSON request log (new path every time: route matching uncached)", () => request(full.middleware, `/applications/SF-2026-${n++}`));
  bench("request id and context only (metrics and log off)", () => request(bare.middleware, "/programmes/support-fund"));
});
