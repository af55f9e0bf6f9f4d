/**
 * Admission control: a per-node waiting room ("대기열") for launch-day peaks.
 *
 * When this node is saturated — requests in flight or event-loop delay above their thresholds —
 * a new, signed-out visitor asking for a page gets a cheap waiting page (HTTP 503, Retry-After,
 * `<meta http-equiv="refresh">`, no React) with their place in line and an estimate, instead of a
 * slow page for everybody. Their place is a signed ticket cookie, so a refresh keeps it; tickets are
 * served first come, first served as the node has room again, and an admitted visitor gets a pass
 * for the next minutes. Signed-in people (owners in the middle of an application, staff), health
 * checks and static assets never wait: this middleware runs after the session is validated and
 * after the static handlers.
 *
 * The line is ordered by issue time (microsecond ticket values), not by a per-node counter, so
 * behind a load balancer every node orders tickets from any node the same way — as long as all
 * nodes share ADMISSION_SECRET. See README "Admission control".
 */
import { recordAdmission } from "~/shared/metrics.server";
import crypto from "node:crypto";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import type { NextFunction, Request, Response } from "express";

export const ADMISSION_COOKIE = "portal_admission";

export interface AdmissionConfig {
  /** Requests in flight (through Remix) at or above which the node counts as saturated; 0 = no limit. */
  maxInflight: number;
  /** Event-loop delay (p99 over the last ~0.5 s, ms) at or above which the node is saturated; 0 = no limit. */
  maxLagMs: number;
  /** HMAC key for tickets and passes; share it between nodes behind one balancer. */
  secret: string | Buffer;
  /** Secure cookie attribute (production). */
  secureCookie?: boolean;
  /** How long a ticket keeps its place (default 30 minutes). */
  ticketTtlMs?: number;
  /** How long an admitted visitor passes without waiting again (default 15 minutes). */
  passTtlMs?: number;
  /** Waiting visitors beyond which new ones are turned away without a place (default 100,000). */
  maxQueue?: number;
  /** Clock (tests). */
  now?: () => number;
  /** Release tick (default 250 ms). */
  tickMs?: number;
  /** Set false in tests that drive `tick()` themselves. */
  autoTick?: boolean;
  /** Event-loop delay source (tests); default perf_hooks' monitorEventLoopDelay. */
  lagMs?: () => number;
}

export interface AdmissionStats {
  /** Signed-out visitors let in to a page: directly, by a pass, or as their ticket came up. */
  admitted: number;
  /** Waiting pages answered with a place in line (new tickets and refreshes). */
  queued: number;
  /** New tickets issued. */
  ticketsIssued: number;
  /** Visitors refused a place because the line was full. */
  turnedAway: number;
  /** Tickets that were forged, expired or replayed (each treated as a new visitor). */
  invalidTickets: number;
  /** People waiting on this node now. */
  waiting: number;
  /** Requests now inside the app (past admission). */
  inflight: number;
  /** Event-loop delay, p99 of the last window, ms. */
  lagMs: number;
  saturated: boolean;
  /** Tickets released per second lately (the basis of the estimate). */
  releaseRatePerSecond: number;
}

export type AdmissionDecision =
  | { kind: "admit"; setCookie?: string }
  | { kind: "wait"; position: number; etaSeconds: number; retryAfter: number; setCookie?: string }
  | { kind: "turn-away"; retryAfter: number };

interface Token {
  k: "t" | "p";
  /** Ticket value: issue time in microseconds, unique per node. */
  v: number;
  /** Random id (replay detection). */
  id: string;
  /** Expiry, ms since epoch. */
  e: number;
}

/** Paths a signed-out person needs even on a busy node: signing in to continue an application, language. */
const ALWAYS_OPEN = [/^\/login\/?$/, /^\/logout\/?$/, /^\/language\/?$/, /^\/forgot-password\/?$/, /^\/reset-password\//];

export function createAdmission(config: AdmissionConfig) {
  const now = config.now ?? Date.now;
  const ticketTtl = config.ticketTtlMs ?? 30 * 60_000;
  const passTtl = config.passTtlMs ?? 15 * 60_000;
  const maxQueue = config.maxQueue ?? 100_000;
  const tickMs = config.tickMs ?? 250;
  const key = typeof config.secret === "string" ? Buffer.from(config.secret, "utf8") : config.secret;

  let histogram: IntervalHistogram | null = null;
  let lagWindows = [0, 0];
  if (!config.lagMs && config.maxLagMs > 0) {
    histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
  }
  const readLag = config.lagMs ?? (() => Math.max(...lagWindows));

  // The line: ticket values issued by this node and not yet released, ascending.
  let line: number[] = [];
  let head = 0;
  /** Tickets with a value at or below this are admitted. */
  let servingUpTo = 0;
  let lastValue = 0;
  let releasePerTick = 1;
  let releaseRate = 0;
  let inflight = 0;
  /** Ticket ids already turned into a pass: showing one again is a replay. */
  const spent = new Map<string, number>();
  const counters = { admitted: 0, queued: 0, ticketsIssued: 0, turnedAway: 0, invalidTickets: 0 };

  const waiting = () => line.length - head;
  const saturated = () => (config.maxInflight > 0 && inflight >= config.maxInflight) || (config.maxLagMs > 0 && readLag() >= config.maxLagMs);

  function sign(token: Token): string {
    const body = Buffer.from(JSON.stringify(token)).toString("base64url");
    const mac = crypto.createHmac("sha256", key).update(body).digest("base64url");
    return `${body}.${mac}`;
  }

  function verify(raw: string | undefined): Token | null {
    if (!raw) return null;
    const [body, mac, extra] = raw.split(".");
    if (!body || !mac || extra !== undefined) return null;
    const expected = crypto.createHmac("sha256", key).update(body).digest();
    const given = Buffer.from(mac, "base64url");
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
    try {
      const token = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Token;
      if ((token.k !== "t" && token.k !== "p") || typeof token.v !== "number" || typeof token.e !== "number" || typeof token.id !== "string")
        return null;
      return token;
    } catch {
      return null;
    }
  }

  function cookie(value: string, maxAgeMs: number): string {
    return `${ADMISSION_COOKIE}=${value}; Path=/; Max-Age=${Math.round(maxAgeMs / 1000)}; HttpOnly; SameSite=Lax${config.secureCookie ? "; Secure" : ""}`;
  }

  function newValue(): number {
    lastValue = Math.max(now() * 1000, lastValue + 1);
    return lastValue;
  }

  /** How many of this node's waiting tickets are at or before `value` (binary search). */
  function positionOf(value: number): number {
    let lo = head;
    let hi = line.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (line[mid]! <= value) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(1, lo - head);
  }

  function waitDecision(value: number, setCookie?: string): AdmissionDecision {
    const position = positionOf(value);
    const rate = Math.max(releaseRate, 1);
    const etaSeconds = Math.max(1, Math.ceil(position / rate));
    const retryAfter = Math.min(30, Math.max(2, Math.ceil(etaSeconds / 2)));
    counters.queued++;
    recordAdmission("queued");
    return { kind: "wait", position, etaSeconds, retryAfter, setCookie };
  }

  function pass(): string {
    return cookie(sign({ k: "p", v: 0, id: crypto.randomBytes(9).toString("base64url"), e: now() + passTtl }), passTtl);
  }

  /** The decision for a signed-out visitor's page request carrying this admission cookie (or none). */
  function decide(rawCookie: string | undefined): AdmissionDecision {
    const token = verify(rawCookie);
    const t = now();
    if (rawCookie && (!token || token.e <= t || (token.k === "t" && spent.has(token.id)))) counters.invalidTickets++;
    if (token && token.e > t) {
      if (token.k === "p") {
        counters.admitted++;
        recordAdmission("admitted");
        return { kind: "admit" };
      }
      if (!spent.has(token.id)) {
        if (token.v <= servingUpTo) {
          spent.set(token.id, token.e);
          counters.admitted++;
          recordAdmission("admitted");
          return { kind: "admit", setCookie: pass() };
        }
        return waitDecision(token.v);
      }
    }
    // A new visitor (or a ticket that does not hold): straight in when there is room and nobody
    // waits ahead, else a place at the back of the line.
    if (waiting() === 0 && !saturated()) {
      counters.admitted++;
      recordAdmission("admitted");
      return { kind: "admit" };
    }
    if (waiting() >= maxQueue) {
      counters.turnedAway++;
      recordAdmission("turned_away");
      return { kind: "turn-away", retryAfter: 60 };
    }
    const value = newValue();
    line.push(value);
    counters.ticketsIssued++;
    const ticket = sign({ k: "t", v: value, id: crypto.randomBytes(9).toString("base64url"), e: t + ticketTtl });
    return waitDecision(value, cookie(ticket, ticketTtl));
  }

  let ticks = 0;
  /** Every tick: sample the event loop, then release tickets when there is room (AIMD on the rate). */
  function tick() {
    ticks++;
    if (histogram) {
      const p99 = histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0;
      // The histogram records whole timer intervals; the delay is what exceeds the resolution.
      lagWindows = [lagWindows[1]!, Math.max(0, p99 - 10)];
      histogram.reset();
    }
    const t = now();
    // Tickets past their lifetime have left.
    const oldest = (t - ticketTtl) * 1000;
    while (head < line.length && line[head]! < oldest) head++;
    let released = 0;
    if (saturated()) {
      releasePerTick = Math.max(1, Math.floor(releasePerTick / 2));
    } else if (waiting() > 0) {
      released = Math.min(releasePerTick, waiting());
      head += released;
      servingUpTo = Math.max(servingUpTo, line[head - 1]!);
      releasePerTick = Math.min(10_000, Math.ceil(releasePerTick * 1.5));
    } else {
      // Nobody waits here: every ticket issued until now, on any node, may come in.
      servingUpTo = Math.max(servingUpTo, t * 1000);
    }
    releaseRate = 0.7 * releaseRate + 0.3 * (released * (1000 / tickMs));
    if (head > 10_000 && head * 2 > line.length) {
      line = line.slice(head);
      head = 0;
    }
    if (ticks % 40 === 0 || spent.size > 500_000) {
      for (const [id, expires] of spent) if (expires <= t || spent.size > 500_000) spent.delete(id);
    }
  }

  const timer = config.autoTick === false ? null : setInterval(tick, tickMs);
  timer?.unref();

  function stats(): AdmissionStats {
    return {
      ...counters,
      waiting: waiting(),
      inflight,
      lagMs: Math.round(readLag() * 10) / 10,
      saturated: saturated(),
      releaseRatePerSecond: Math.round(releaseRate * 10) / 10,
    };
  }

  function middleware(req: Request, res: Response, next: NextFunction) {
    const signedIn = Boolean(res.locals.auth);
    // Remix's single-fetch data requests (`/x.data`) come from a page already loaded, i.e. a visitor
    // already in; they render no HTML, and a waiting page there would only show an error boundary.
    const dataRequest = req.path.endsWith(".data");
    // A form sent (POST) comes from a page already shown, i.e. a visitor already in: a waiting page
    // there would drop what they typed. Only arriving at a page (GET, HEAD) waits in line.
    const arriving = req.method === "GET" || req.method === "HEAD";
    if (!signedIn && arriving && !dataRequest && !ALWAYS_OPEN.some((re) => re.test(req.path))) {
      const decision = decide(readCookie(req.headers.cookie));
      if (decision.kind !== "admit") {
        sendWaitingPage(req, res, decision);
        return;
      }
      if (decision.setCookie) res.append("Set-Cookie", decision.setCookie);
    }
    inflight++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inflight--;
    };
    res.once("finish", finish);
    res.once("close", finish);
    next();
  }

  function stop() {
    if (timer) clearInterval(timer);
    histogram?.disable();
  }

  return { middleware, decide, tick, stats, stop, trackInflight: (delta: number) => (inflight += delta) };
}

export type Admission = ReturnType<typeof createAdmission>;

function readCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === ADMISSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** en or ko, from the `lng` cookie (Remix's base64 JSON) or Accept-Language; Korean by default. */
function waitingLocale(req: Request): "en" | "ko" {
  const match = /(?:^|;\s*)lng=([^;]+)/.exec(req.headers.cookie ?? "");
  if (match) {
    try {
      const value = JSON.parse(Buffer.from(decodeURIComponent(match[1]!), "base64").toString("utf8"));
      if (value === "en" || value === "ko") return value;
    } catch {
      // fall through to the header
    }
  }
  const header = (req.headers["accept-language"] ?? "").toLowerCase();
  const en = header.search(/(^|,)\s*en\b/);
  const ko = header.search(/(^|,)\s*ko\b/);
  return en >= 0 && (ko < 0 || en < ko) ? "en" : "ko";
}

function formatWait(seconds: number, locale: "en" | "ko"): string {
  if (seconds < 60) return locale === "ko" ? `약 ${seconds}초` : `about ${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return locale === "ko" ? `약 ${minutes}분` : `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** A static template: numbers only are interpolated, so nothing needs escaping and nothing renders React. */
export function waitingPageHtml(decision: Exclude<AdmissionDecision, { kind: "admit" }>, locale: "en" | "ko"): string {
  const full = decision.kind === "turn-away";
  const refresh = decision.retryAfter;
  const text =
    locale === "ko"
      ? {
          title: full ? "접속자가 많아 잠시 후 다시 시도해 주세요" : "접속 대기 중입니다",
          lead: full
            ? "지금은 대기열이 가득 찼습니다. 잠시 후 다시 접속해 주세요."
            : "지금 이용자가 많아 순서대로 접속하고 있습니다. 이 페이지를 닫지 마세요. 차례가 되면 자동으로 이동합니다.",
          place: full
            ? ""
            : `<p class="place">나의 대기 순서: <strong>${(decision as { position: number }).position}</strong>번째</p><p>예상 대기 시간: ${formatWait((decision as { etaSeconds: number }).etaSeconds, "ko")}</p>`,
          note: `이 페이지는 ${refresh}초마다 새로 고쳐집니다. 새로 고쳐도 순서는 유지됩니다. 이미 로그인해 신청 중인 분은 기다리지 않습니다.`,
          other: `<p lang="en">Many people are using the portal. Please keep this page open; it refreshes every ${refresh} seconds and keeps your place.</p>`,
        }
      : {
          title: full ? "The portal is very busy: please try again shortly" : "You are in the waiting line",
          lead: full
            ? "The waiting line is full right now. Please come back in a few minutes."
            : "Many people are using the portal, so we let them in in order. Keep this page open: it moves on by itself when it is your turn.",
          place: full
            ? ""
            : `<p class="place">Your place in line: <strong>${(decision as { position: number }).position}</strong></p><p>Estimated wait: ${formatWait((decision as { etaSeconds: number }).etaSeconds, "en")}</p>`,
          note: `This page refreshes every ${refresh} seconds; refreshing keeps your place. People already signed in to an application do not wait.`,
          other: `<p lang="ko">이용자가 많아 순서대로 접속하고 있습니다. 이 페이지를 열어 두세요. ${refresh}초마다 새로 고쳐지며 순서는 유지됩니다.</p>`,
        };
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${refresh}">
<meta name="robots" content="noindex">
<title>${text.title} | ${locale === "ko" ? "소상공인 지원 포털" : "SME Support Portal"}</title>
</head>
<body>
<main id="main">
<h1>${text.title}</h1>
<p>${text.lead}</p>
${text.place}
<p>${text.note}</p>
${text.other}
</main>
</body>
</html>
`;
}

function sendWaitingPage(req: Request, res: Response, decision: Exclude<AdmissionDecision, { kind: "admit" }>) {
  if (decision.kind === "wait" && decision.setCookie) res.append("Set-Cookie", decision.setCookie);
  res
    .status(503)
    // no-transform: the page is about a kilobyte, and gzip would send it through the thread pool on
    // the node's busiest moments; the waiting room must answer first of all quickly.
    .set({ "Retry-After": String(decision.retryAfter), "Cache-Control": "no-store, no-transform", "Content-Type": "text/html; charset=utf-8" })
    .send(waitingPageHtml(decision, waitingLocale(req)));
}

/**
 * Reading ADMISSION_* settings. Unset thresholds: generous in production (100 requests in flight,
 * 250 ms event-loop delay), off in development and test; 0 turns a threshold off.
 */
export function admissionConfigFromEnv(env: {
  ADMISSION_MAX_INFLIGHT?: number;
  ADMISSION_MAX_LAG_MS?: number;
  ADMISSION_SECRET?: string;
  PORTAL_ENV: string;
}): AdmissionConfig | null {
  const production = env.PORTAL_ENV === "production";
  const maxInflight = env.ADMISSION_MAX_INFLIGHT ?? (production ? 100 : 0);
  const maxLagMs = env.ADMISSION_MAX_LAG_MS ?? (production ? 250 : 0);
  if (maxInflight === 0 && maxLagMs === 0) return null;
  return {
    maxInflight,
    maxLagMs,
    // Per process when unset: fine for one node, but nodes behind one balancer must share it.
    secret: env.ADMISSION_SECRET ?? crypto.randomBytes(32),
    secureCookie: production,
  };
}

let current: Admission | null = null;

/** The server's admission control, created once from the environment (null when switched off). */
export function installAdmission(config: AdmissionConfig | null): Admission | null {
  current?.stop();
  current = config ? createAdmission(config) : null;
  return current;
}

/** Counters for metrics (prom-client reads these); zeros when admission control is off. */
export function admissionStats(): AdmissionStats & { enabled: boolean } {
  if (!current) {
    return {
      enabled: false,
      admitted: 0,
      queued: 0,
      ticketsIssued: 0,
      turnedAway: 0,
      invalidTickets: 0,
      waiting: 0,
      inflight: 0,
      lagMs: 0,
      saturated: false,
      releaseRatePerSecond: 0,
    };
  }
  return { enabled: true, ...current.stats() };
}
