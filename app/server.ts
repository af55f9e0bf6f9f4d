/**
 * The production server: Express in front of Remix. Compiled with the app into build/index.js
 * (remix.config.js `server`), started by `npm start`. Order of start-up: validate the environment,
 * open and migrate the database, seed a new one, then listen; any failure is one clear log line and
 * exit code 1, never a stack trace loop.
 */
// First: a test's pinned clock, before anything reads the time (no-op outside tests).
import "~/shared/test-clock.server";
// Then: makes React load its production build whatever NODE_ENV the process was started with.
import "#react-production";
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
import { pruneAuthData } from "~/modules/accounts/housekeeping.server";
import { deliverOutbox } from "~/modules/notifications/email.server";
import { startRapidPaymentWorkers } from "~/modules/rapid/rapid-workers.server";
import { authenticate, type Auth, type PendingMfa, type SessionEnd } from "~/modules/accounts/session.server";
import { isCrossSiteRequest } from "~/shared/csrf.server";
import { KRDS_BASE } from "~/shared/krds";
import { getEnv, identitySettings } from "~/shared/env.server";
import { getLogger, loggablePath } from "~/shared/logger.server";
import { createObservability } from "~/shared/observability.server";
import { admissionConfigFromEnv, admissionStats, installAdmission } from "~/modules/admission/admission.server";
import { setAdmissionStats } from "~/shared/metrics.server";
import { checkHealth } from "~/modules/admission/health.server";
import { registerQueueMetrics } from "~/modules/review/queue-metrics.server";
import { isDatabaseUnavailable } from "../db/errors";
import { UNAVAILABLE_RETRY_AFTER_SECONDS, unavailablePage } from "~/modules/admission/unavailable-page.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request nonce that lets our own inline scripts past the Content-Security-Policy. */
    cspNonce: string;
    /** This request's id (X-Request-Id), shown on error pages for the helpline. */
    requestId: string;
    /** The client's address (Express req.ip: X-Forwarded-For only behind TRUST_PROXY), for rate limits. */
    clientIp: string;
    /** The signed-in user and session, validated once per request before Remix runs; null if signed out. */
    auth: Auth | null;
    /** Why a session cookie the browser sent was refused (staff timeouts are explained at sign-in). */
    sessionEnded?: SessionEnd;
    /** A session that proved the password but owes its second factor; `auth` is null meanwhile. */
    pendingMfa?: PendingMfa;
    /** Set by an action that answered with form errors, so the page title can say "Error:". */
    formError?: boolean;
    /** Set when a loader or action failed because the database was out of reach: answered 503. */
    databaseUnavailable?: boolean;
  }
}

function log(line: string) {
  getLogger().info(line);
}

/** Pages whose address carries a secret token (password reset, email verification links). */
const SECRET_PATH = /^\/(?:reset-password|verify-email)\/[^/]+/;

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

  if (env.PORTAL_ENV === "production" && !env.MFA_ENCRYPTION_KEY) {
    log("warning: MFA_ENCRYPTION_KEY is not set, so staff TOTP keys are stored unencrypted in the database");
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

  // Request id, request log, metrics and /metrics (app/shared/observability.server.ts).
  const observability = createObservability(env, build.routes);
  if (observability.metricsOn) await registerQueueMetrics();
  app.use(observability.middleware);

  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });

  // Starting an identity verification posts to the portal, which redirects to the provider: browsers
  // apply form-action to that redirect too, so the provider's origin is allowed beside our own.
  const identityOrigin = new URL(identitySettings(env).issuer).origin;

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
          formAction: ["'self'", identityOrigin],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
        },
      },
      frameguard: { action: "deny" },
      // Set below, per path: a route's own Referrer-Policy would be appended to helmet's, not replace it.
      referrerPolicy: false,
      // Same-site resources only; we embed nothing from elsewhere.
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: env.PORTAL_ENV === "production",
    }),
  );

  // One Referrer-Policy per response: pages with a token in their address never send it on, not even
  // to our own assets; every other page sends only the origin to other sites.
  app.use((req, res, next) => {
    res.setHeader("Referrer-Policy", SECRET_PATH.test(req.path) ? "no-referrer" : "strict-origin-when-cross-origin");
    next();
  });

  app.use(compression());

  const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../public");
  // Fingerprinted build output never changes under the same name: cache it for a year.
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y", index: false }));
  // The public folder holds files (favicon.ico, robots.txt…): only a path with an extension can be
  // one. Asking serve-static for every page would stat the disk on each request (a thread-pool round
  // trip), which showed in the shell's profile and in the waiting room's answer times.
  const publicFiles = express.static(publicDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));
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
        .send(
          "다른 사이트에서 보낸 요청이라 처리하지 않았습니다. 포털에서 다시 시도해 주세요.\nThis form was sent from another site, so it was not processed. Please try again from the portal.\n",
        );
      return;
    }
    next();
  });

  // Sessions are validated once per request here rather than in each loader: root and route loaders
  // run in parallel, and a sliding session must be able to refresh its cookie on any response.
  app.use(async (req, res, next) => {
    try {
      const { auth, setCookie, ended, pendingMfa } = await authenticate(req.get("cookie"));
      res.locals.auth = auth;
      res.locals.pendingMfa = pendingMfa;
      res.locals.sessionEnded = ended;
      if (setCookie) res.append("Set-Cookie", setCookie);
      // Pages for a signed-in person are theirs alone: never cached by a shared cache or the back button.
      if (auth || pendingMfa) res.set("Cache-Control", "private, no-store");
      next();
    } catch (error) {
      next(error);
    }
  });

  // Waiting room for signed-out visitors when this node is saturated (after the session is known).
  const admissionConfig = admissionConfigFromEnv(env);
  const admission = installAdmission(admissionConfig);
  if (admission) {
    app.use(admission.middleware);
    setAdmissionStats(() => {
      const s = admissionStats();
      return { active: s.inflight, queued: s.waiting, queueCapacity: admissionConfig?.maxQueue ?? 100_000 };
    });
  }

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: build.mode,
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        requestId: res.locals.requestId as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        auth: (res.locals.auth as Auth | null) ?? null,
        sessionEnded: res.locals.sessionEnded as SessionEnd | undefined,
        pendingMfa: res.locals.pendingMfa as PendingMfa | undefined,
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
      getLogger().warn({ reqId: res.locals.requestId, err: error, path: loggablePath(req.originalUrl) }, "database unavailable");
      if (!res.headersSent) {
        res
          .status(503)
          .set("Retry-After", String(UNAVAILABLE_RETRY_AFTER_SECONDS))
          .set("Cache-Control", "no-store")
          .type("html")
          .send(unavailablePage(res.locals.requestId as string));
      }
      return;
    }
    getLogger().error({ reqId: res.locals.requestId, err: error, path: loggablePath(req.originalUrl) }, "unhandled error");
    if (!res.headersSent) {
      const id = res.locals.requestId as string;
      res
        .status(500)
        .type("text/plain; charset=utf-8")
        .send(
          "죄송합니다. 서비스에 문제가 있습니다. 잠시 후 다시 시도해 주세요.\nSorry, there is a problem with the service. Please try again later.\n" +
            `고객센터에 이 번호를 알려 주세요: ${id}\nQuote this number to the helpline: ${id}\n`,
        );
    }
  });

  const server = app.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    log(`SME Support Portal listening on http://localhost:${port} (PORTAL_ENV=${env.PORTAL_ENV})`);
  });
  // Idle keep-alive sockets outlive the pools that reuse them (nginx's upstream keepalive, undici,
  // crawlers): with Node's 5 s default the server could close a socket just as a pooled client sent
  // its next request on it, which that client saw as ECONNRESET with no answer at all.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  observability
    .startMetricsServer()
    .then((url) => url && log(`metrics on ${url}`))
    .catch((error: Error) => {
      console.error(`Cannot serve metrics on METRICS_PORT ${env.METRICS_PORT}: ${error.message}`);
      void closeDb().finally(() => process.exit(1));
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
