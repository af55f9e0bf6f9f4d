/**
 * The production server: Express in front of Remix. Compiled with the app into build/index.js
 * (remix.config.js `server`), started by `npm start`. Order of start-up: validate the environment,
 * open and migrate the database, seed a new one, then listen; any failure is one clear log line and
 * exit code 1, never a stack trace loop.
 */
import crypto from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as build from "@remix-run/dev/server-build";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { checkConnection, closeDb, configFromEnv, DatabaseOpenError, getDb } from "../db/client";
import { prepareDatabase } from "../db/prepare";
import { pruneAuthData } from "./auth/housekeeping.server";
import { deliverOutbox } from "./services/email.server";
import { startRapidPaymentWorkers } from "./services/rapid-workers.server";
import { authenticate, type Auth, type SessionEnd } from "./auth/session.server";
import { isCrossSiteRequest } from "./lib/csrf.server";
import { KRDS_BASE } from "./lib/krds";
import { getEnv } from "./lib/env.server";
import { checkHealth } from "./services/health.server";
import { isDatabaseUnavailable } from "../db/errors";
import { UNAVAILABLE_RETRY_AFTER_SECONDS, unavailablePage } from "./lib/unavailable-page.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request nonce that lets our own inline scripts past the Content-Security-Policy. */
    cspNonce: string;
    /** The client's address (Express req.ip: X-Forwarded-For only behind TRUST_PROXY), for rate limits. */
    clientIp: string;
    /** The signed-in user and session, validated once per request before Remix runs; null if signed out. */
    auth: Auth | null;
    /** Why a session cookie the browser sent was refused (staff timeouts are explained at sign-in). */
    sessionEnded?: SessionEnd;
    /** Set by an action that answered with form errors, so the page title can say "Error:". */
    formError?: boolean;
    /** Set when a loader or action failed because the database was out of reach: answered 503. */
    databaseUnavailable?: boolean;
  }
}

function log(line: string) {
  console.log(`${new Date().toISOString()} ${line}`);
}

/** Path for the request log: no query string, and no secret tokens carried in the path. */
function loggablePath(url: string): string {
  const pathname = url.split("?")[0] ?? "/";
  return pathname.replace(/^(\/reset-password\/)[^/]+/, "$1[redacted]");
}

async function main() {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }

  try {
    await checkConnection(getDb(), configFromEnv());
    await prepareDatabase(getDb(), { demo: env.PORTAL_ENV !== "production", log });
  } catch (error) {
    const message = error instanceof DatabaseOpenError ? error.message : `Database start-up failed: ${(error as Error).message}`;
    console.error(message);
    await closeDb().catch(() => {});
    process.exit(1);
  }

  const prune = () => pruneAuthData().catch((error: Error) => log(`housekeeping failed: ${error.message}`));
  void prune();
  setInterval(prune, 60 * 60 * 1000).unref();
  if (env.SMTP_URL) {
    // Mail written with status changes waits in the outbox; deliver it shortly after, and retry.
    const deliver = () =>
      deliverOutbox()
        .then(({ sent, failed }) => (sent || failed) && log(`outbox: ${sent} sent, ${failed} failed`))
        .catch((error: Error) => log(`outbox delivery failed: ${error.message}`));
    setInterval(deliver, 30 * 1000).unref();
  }

  startRapidPaymentWorkers(log);

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  if (env.LOG_REQUESTS) {
    app.use((req, res, next) => {
      const started = performance.now();
      res.on("finish", () => {
        const ms = (performance.now() - started).toFixed(1);
        log(`${req.method} ${loggablePath(req.originalUrl)} ${res.statusCode} ${ms}ms`);
      });
      next();
    });
  }

  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
        },
      },
      frameguard: { action: "deny" },
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      // Same-site resources only; we embed nothing from elsewhere.
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: env.PORTAL_ENV === "production",
    }),
  );

  app.use(compression());

  const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../public");
  // Fingerprinted build output never changes under the same name: cache it for a year.
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(publicDir, { maxAge: "1h", index: false }));
  const krdsResources = path.join(path.dirname(createRequire(import.meta.url).resolve("krds-uiux/package.json")), "resources");
  // component.css in krds-uiux 1.1.0 points its icons at img/img/… (one folder too deep); serve the
  // real img/ folder there too, rather than patch a file inside node_modules.
  app.use(`${KRDS_BASE}/img/img`, express.static(path.join(krdsResources, "img"), { immutable: true, maxAge: "1y", index: false }));
  app.use(KRDS_BASE, express.static(krdsResources, { immutable: true, maxAge: "1y", index: false, fallthrough: false }));

  app.get("/healthz", async (_req, res) => {
    try {
      res.set("Cache-Control", "no-store").json(await checkHealth());
    } catch (error) {
      log(`healthz: database check failed: ${(error as Error).message}`);
      res.status(503).set("Cache-Control", "no-store").json({ status: "error", database: "unavailable" });
    }
  });

  app.use((req, res, next) => {
    if (!env.TRUST_PROXY) {
      // Without a proxy we trust, forwarded headers are client-controlled: drop them so neither our
      // origin check, Remix's own (which would answer a mismatch with a 500) nor URL building sees them.
      delete req.headers["x-forwarded-host"];
      delete req.headers["x-forwarded-proto"];
    }
    // Same reading as Remix's check: the first X-Forwarded-Host value, else Host.
    const host = req.get("x-forwarded-host")?.split(",")[0]?.trim() || req.get("host");
    if (isCrossSiteRequest(req.method, { origin: req.get("origin"), referer: req.get("referer") }, host)) {
      log(`csrf: refused ${req.method} ${loggablePath(req.originalUrl)} from ${req.get("origin") ?? "no origin"}`);
      res
        .status(403)
        .type("text/plain; charset=utf-8")
        .send("다른 사이트에서 보낸 요청이라 처리하지 않았습니다. 포털에서 다시 시도해 주세요.\nThis form was sent from another site, so it was not processed. Please try again from the portal.\n");
      return;
    }
    next();
  });

  // Sessions are validated once per request here rather than in each loader: root and route loaders
  // run in parallel, and a sliding session must be able to refresh its cookie on any response.
  app.use(async (req, res, next) => {
    try {
      const { auth, setCookie, ended } = await authenticate(req.get("cookie"));
      res.locals.auth = auth;
      res.locals.sessionEnded = ended;
      if (setCookie) res.append("Set-Cookie", setCookie);
      // Pages for a signed-in person are theirs alone: never cached by a shared cache or the back button.
      if (auth) res.set("Cache-Control", "private, no-store");
      next();
    } catch (error) {
      next(error);
    }
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: build.mode,
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        auth: (res.locals.auth as Auth | null) ?? null,
        sessionEnded: res.locals.sessionEnded as SessionEnd | undefined,
      }),
    }),
  );

  // Last resort: an error outside Remix (Remix renders its own error boundaries).
  app.use((error: Error & { status?: number }, req: Request, res: Response, _next: NextFunction) => {
    if (error.status === 404) {
      res.status(404).type("text/plain; charset=utf-8").send("찾을 수 없습니다. Not found.\n");
      return;
    }
    if (isDatabaseUnavailable(error)) {
      log(`database unavailable on ${req.method} ${loggablePath(req.originalUrl)}: ${error.message}`);
      if (!res.headersSent) {
        res.status(503).set("Retry-After", String(UNAVAILABLE_RETRY_AFTER_SECONDS)).set("Cache-Control", "no-store").type("html").send(unavailablePage());
      }
      return;
    }
    log(`unhandled error on ${req.method} ${loggablePath(req.originalUrl)}: ${error.message}`);
    if (!res.headersSent) {
      res
        .status(500)
        .type("text/plain; charset=utf-8")
        .send("죄송합니다. 서비스에 문제가 있습니다. 잠시 후 다시 시도해 주세요.\nSorry, there is a problem with the service. Please try again later.\n");
    }
  });

  const server = app.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    log(`SME Support Portal listening on http://localhost:${port} (PORTAL_ENV=${env.PORTAL_ENV})`);
  });
  server.on("error", (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === "EADDRINUSE"
        ? `Port ${env.PORT} is already in use. Stop the other process or set PORT to a free port.`
        : `Cannot listen on port ${env.PORT}: ${error.message}`,
    );
    void closeDb().finally(() => process.exit(1));
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: finishing in-flight requests`);
    // Stop accepting, let in-flight requests finish, then close the database.
    server.close(async () => {
      await closeDb();
      log("shut down cleanly");
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      log("shutdown timed out after 10 s; exiting");
      process.exit(1);
    }, 10_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

void main();
