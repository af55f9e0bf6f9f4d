/**
 * The one logger: pino, one JSON object per line on stdout (time, level, msg and fields), which any
 * log collector can parse. `LOG_FORMAT=pretty` prints short coloured-free lines for development
 * instead, with a few lines of our own rather than pino-pretty and its dependencies.
 *
 * Never log emails, passwords, tokens, query strings or request bodies: the request log carries a
 * keyed hash of the user id (`hashUserId`), and paths go through `loggablePath`.
 */
import crypto from "node:crypto";
import pino, { type DestinationStream, type Logger } from "pino";

export type LogFormat = "json" | "pretty";

const LEVEL_NAMES: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
const SKIP = new Set(["time", "level", "msg", "pid", "hostname"]);

/** One JSON line in, one readable line out: `12:00:01.123 INFO  GET /programmes 200 3.1ms  reqId=…`. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry.time === "string" ? entry.time.slice(11, 23) : "";
  const level = (typeof entry.level === "string" ? entry.level.toUpperCase() : LEVEL_NAMES[entry.level as number]) ?? "";
  const fields = Object.entries(entry)
    .filter(([key]) => !SKIP.has(key) && key !== "err")
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ");
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const error = err ? `\n${err.stack ?? err.message ?? ""}` : "";
  return `${time} ${level.padEnd(5)} ${String(entry.msg ?? "")}${fields ? `  ${fields}` : ""}${error}\n`;
}

function prettyDestination(out: NodeJS.WritableStream = process.stdout): DestinationStream {
  return { write: (line: string) => void out.write(prettyLine(line)) };
}

export function createLogger({
  format = "json",
  level = "info",
  destination,
}: { format?: LogFormat; level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Belt and braces: should a caller ever pass these, they never reach the log.
      redact: {
        paths: ["password", "email", "token", "*.password", "*.email", "*.token", "req.headers.cookie", "req.headers.authorization"],
        censor: "[redacted]",
      },
    },
    destination ?? (format === "pretty" ? prettyDestination() : pino.destination({ dest: 1, sync: true })),
  );
}

let instance: Logger | undefined;

/** The process-wide logger, configured from LOG_FORMAT and LOG_LEVEL on first use. */
export function getLogger(): Logger {
  instance ??= createLogger({
    format: process.env.LOG_FORMAT === "pretty" ? "pretty" : "json",
    level: process.env.LOG_LEVEL || "info",
  });
  return instance;
}

/** Benchmarks and tests: log elsewhere than stdout. */
export function setLogger(logger: Logger): void {
  instance = logger;
}

let hashKey: Buffer | undefined;

/**
 * A keyed hash of a user id, so one person's requests can be followed through the log without the
 * log naming them. Keyed (HMAC, LOG_HASH_KEY) because user ids are small sequential numbers that a
 * plain hash would give away; without the key, a random one per process.
 */
export function hashUserId(userId: number | string): string {
  hashKey ??= process.env.LOG_HASH_KEY ? Buffer.from(process.env.LOG_HASH_KEY) : crypto.randomBytes(32);
  return crypto.createHmac("sha256", hashKey).update(String(userId)).digest("hex").slice(0, 16);
}

/** A path fit for the log: no query string, and no secret tokens carried in the path. */
export function loggablePath(url: string): string {
  const pathname = url.split("?")[0] ?? "/";
  return pathname.replace(/^(\/(?:reset-password|verify-email)\/)[^/]+/, "$1[redacted]");
}
