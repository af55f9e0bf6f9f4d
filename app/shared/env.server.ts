import { z } from "zod";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const flag = z.enum(["0", "1", "true", "false"], { message: "Use 1/true or 0/false" }).transform((v) => v === "1" || v === "true");

const millis = (name: string) =>
  z
    .string()
    .regex(/^\d{1,7}$/, { message: `${name} must be a whole number of milliseconds` })
    .transform(Number);

const wholeNumber = (name: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, { message: `${name} must be a whole number (0 or more)` })
    .transform(Number);

/**
 * Every setting the portal reads, validated at boot so a bad value stops the server with a clear
 * message instead of failing on a user's request. The README documents each one.
 */
export const EnvSchema = z.object({
  PORT: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{1,5}$/, { message: "PORT must be a whole number from 0 to 65535" })
      .transform(Number)
      .pipe(z.number().max(65535, { message: "PORT must be a whole number from 0 to 65535" }))
      .default(3000),
  ),
  HOST: z.preprocess(blankToUndefined, z.string().default("0.0.0.0")),
  DATABASE_PATH: z.preprocess(blankToUndefined, z.string().default("data/portal.db")),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: "DATABASE_URL must start with postgres:// or postgresql://" })
      .optional(),
  ),
  /** PostgreSQL connections per node; nodes × pool size must stay below the server's max_connections. */
  DATABASE_POOL_SIZE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{1,4}$/, { message: "DATABASE_POOL_SIZE must be a whole number from 1 to 1000" })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1, { message: "DATABASE_POOL_SIZE must be a whole number from 1 to 1000" })
          .max(1000, { message: "DATABASE_POOL_SIZE must be a whole number from 1 to 1000" }),
      )
      .default(10),
  ),
  /** How long a request waits for a free PostgreSQL connection before it is answered 503. */
  DATABASE_POOL_TIMEOUT_MS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{1,6}$/, { message: "DATABASE_POOL_TIMEOUT_MS must be a whole number of milliseconds" })
      .transform(Number)
      .default(5000),
  ),
  /**
   * Our own deployment switch. `NODE_ENV` cannot serve: the server always runs React in production
   * mode. Only PORTAL_ENV=production turns off demo accounts and turns on Secure cookies.
   */
  PORTAL_ENV: z.preprocess(blankToUndefined, z.enum(["development", "test", "production"]).default("development")),
  /** Honour X-Forwarded-* headers only when a reverse proxy we trust sets them. */
  TRUST_PROXY: z.preprocess(blankToUndefined, flag.default(false)),
  LOG_REQUESTS: z.preprocess(blankToUndefined, flag.default(true)),
  /** `json` (one object per line, for a log collector) or `pretty` (readable lines, for development). */
  LOG_FORMAT: z.preprocess(blankToUndefined, z.enum(["json", "pretty"], { message: "LOG_FORMAT must be json or pretty" }).default("json")),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z
      .enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], {
        message: "LOG_LEVEL must be trace, debug, info, warn, error, fatal or silent",
      })
      .default("info"),
  ),
  /** Key of the user-id hash in the request log; set it so hashes agree across restarts and instances. */
  LOG_HASH_KEY: z.preprocess(blankToUndefined, z.string().min(16, { message: "LOG_HASH_KEY must be at least 16 characters" }).optional()),
  /** Bearer token a Prometheus scrape of /metrics must send; unset (and no METRICS_PORT): /metrics is a 404. */
  METRICS_TOKEN: z.preprocess(blankToUndefined, z.string().min(16, { message: "METRICS_TOKEN must be at least 16 characters" }).optional()),
  /** A separate port that serves only /metrics (0 picks a free one); the main port then has none. */
  METRICS_PORT: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{1,5}$/, { message: "METRICS_PORT must be a whole number from 0 to 65535" })
      .transform(Number)
      .pipe(z.number().max(65535, { message: "METRICS_PORT must be a whole number from 0 to 65535" }))
      .optional(),
  ),
  /** Queries at least this slow (ms) are logged with their route and SQL shape. */
  SLOW_QUERY_MS: z.preprocess(blankToUndefined, millis("SLOW_QUERY_MS").default(200)),
  /** Requests at least this slow (ms) get a "slow request" warning line, even with LOG_REQUESTS=0. */
  SLOW_REQUEST_MS: z.preprocess(blankToUndefined, millis("SLOW_REQUEST_MS").default(1000)),
  /**
   * The address people use to reach the portal, for links in emails (password reset). Never taken
   * from the request's Host header, which an attacker could set to send a reset link to their site.
   */
  PUBLIC_ORIGIN: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, message: "PUBLIC_ORIGIN must be an http(s) origin such as https://portal.example.kr" })
      .transform((u) => new URL(u).origin)
      .default("http://localhost:3000"),
  ),
  /** smtp(s)://user:pass@host:port for outgoing mail; unset writes mail to the outbox table instead. */
  SMTP_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^smtps?:\/\//, { message: "SMTP_URL must start with smtp:// or smtps://" })
      .optional(),
  ),
  MAIL_FROM: z.preprocess(blankToUndefined, z.string().default("SME Support Portal <no-reply@portal.invalid>")),
  /** Admission control (app/modules/admission/admission.server.ts): 0 turns a threshold off; unset = off outside production. */
  ADMISSION_MAX_INFLIGHT: z.preprocess(blankToUndefined, wholeNumber("ADMISSION_MAX_INFLIGHT").optional()),
  ADMISSION_MAX_LAG_MS: z.preprocess(blankToUndefined, wholeNumber("ADMISSION_MAX_LAG_MS").optional()),
  /** HMAC key of waiting-room tickets; generated per process when unset (nodes behind one balancer must share it). */
  ADMISSION_SECRET: z.preprocess(blankToUndefined, z.string().min(32, { message: "ADMISSION_SECRET must be at least 32 characters" }).optional()),
  /** SQLite's synchronous pragma (db/client.ts reads it): NORMAL survives a process crash, FULL also power loss. */
  SQLITE_SYNCHRONOUS: z.preprocess(
    (v) => (typeof blankToUndefined(v) === "string" ? String(v).toUpperCase() : undefined),
    z.enum(["NORMAL", "FULL"], { message: "SQLITE_SYNCHRONOUS must be NORMAL or FULL" }).default("NORMAL"),
  ),
  /** Years after which documents of rejected or withdrawn applications are purged (npm run retention). */
  RETENTION_DOCUMENT_YEARS: z.preprocess(
    blankToUndefined,
    wholeNumber("RETENTION_DOCUMENT_YEARS")
      .pipe(z.number().min(1, { message: "RETENTION_DOCUMENT_YEARS must be at least 1" }))
      .default(5),
  ),
  /**
   * Whether caseworkers must use a second factor (supervisors and admins always must). Unset:
   * `required` in production, `optional` elsewhere (see staffMfaPolicy).
   */
  STAFF_MFA: z.preprocess(blankToUndefined, z.enum(["required", "optional"], { message: "STAFF_MFA must be required or optional" }).optional()),
  /** 32 bytes, base64 or hex: seals the staff TOTP keys at rest (AES-256-GCM). Unset: stored as they are. */
  MFA_ENCRYPTION_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((v) => keyBytes(v) !== null, { message: "MFA_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64" })
      .optional(),
  ),
  /** HTTP(S) endpoint of the SMS provider (POST JSON {to, text}); unset writes texts to sms_outbox and the log. */
  SMS_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, message: "SMS_URL must be an http(s) URL" }).optional()),
  /** Folder for uploaded verified lists while they import (default: verified-lists beside the SQLite file). */
  VERIFIED_LIST_DIR: z.preprocess(blankToUndefined, z.string().optional()),
  /**
   * Identity verification (본인인증, docs/identity.md): the OpenID Connect issuer, our client there,
   * and the key of the keyed hash that stands for the person's identifier. Unset outside production:
   * the local test provider (npm run identity-provider) with its development client.
   */
  IDENTITY_ISSUER: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, message: "IDENTITY_ISSUER must be an http(s) URL such as https://id.example.kr" }).optional(),
  ),
  IDENTITY_CLIENT_ID: z.preprocess(blankToUndefined, z.string().max(200, { message: "IDENTITY_CLIENT_ID is too long" }).optional()),
  IDENTITY_CLIENT_SECRET: z.preprocess(
    blankToUndefined,
    z.string().min(16, { message: "IDENTITY_CLIENT_SECRET must be at least 16 characters" }).optional(),
  ),
  IDENTITY_HASH_KEY: z.preprocess(blankToUndefined, z.string().min(32, { message: "IDENTITY_HASH_KEY must be at least 32 characters" }).optional()),
  /**
   * The business register (the National Tax Service's registration authenticity and status service,
   * or a gateway to it) that business ownership is checked against (docs/identity.md). Unset outside
   * production: the local register (npm run business-register).
   */
  BUSINESS_REGISTER_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, message: "BUSINESS_REGISTER_URL must be an http(s) URL such as https://api.odcloud.kr" }).optional(),
  ),
  /**
   * The bank's account-holder inquiry (예금주 확인, docs/payments.md) that every payout account is
   * checked against. Unset outside production: the local bank (npm run fake-bank).
   */
  PAYEE_CHECK_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, message: "PAYEE_CHECK_URL must be an http(s) URL such as https://bank-gateway.example.kr" }).optional(),
  ),
  /** Days a checked payout account stays good for a batch; older ones are checked again when a batch is built. */
  PAYEE_RECHECK_DAYS: z.preprocess(
    blankToUndefined,
    wholeNumber("PAYEE_RECHECK_DAYS")
      .pipe(
        z.number().min(1, { message: "PAYEE_RECHECK_DAYS must be from 1 to 365" }).max(365, { message: "PAYEE_RECHECK_DAYS must be from 1 to 365" }),
      )
      .default(30),
  ),
});

/** The 32 key bytes of MFA_ENCRYPTION_KEY (64 hex digits or base64), or null when it is not 32 bytes. */
export function keyBytes(value: string): Buffer | null {
  const bytes = /^[0-9a-fA-F]{64}$/.test(value)
    ? Buffer.from(value, "hex")
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(value)
      ? Buffer.from(value, "base64")
      : null;
  return bytes && bytes.length === 32 ? bytes : null;
}

/** Caseworkers' second factor: STAFF_MFA, else required in production and optional elsewhere. */
export function staffMfaPolicy(env: Env = getEnv()): "required" | "optional" {
  return env.STAFF_MFA ?? (env.PORTAL_ENV === "production" ? "required" : "optional");
}

export type Env = z.infer<typeof EnvSchema>;

/** The local test provider (tools/identity-provider) and its development client: development and tests only. */
export const LOCAL_IDENTITY = {
  issuer: "http://localhost:3100",
  clientId: "sme-portal-dev",
  clientSecret: "sme-portal-dev-secret-not-for-production",
  hashKey: "development-identity-hash-key-not-for-production",
} as const;

export interface IdentitySettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  hashKey: string;
}

/** IDENTITY_* with the local provider's values filled in outside production (production must set all four). */
export function identitySettings(env: Env = getEnv()): IdentitySettings {
  return {
    issuer: env.IDENTITY_ISSUER ?? LOCAL_IDENTITY.issuer,
    clientId: env.IDENTITY_CLIENT_ID ?? LOCAL_IDENTITY.clientId,
    clientSecret: env.IDENTITY_CLIENT_SECRET ?? LOCAL_IDENTITY.clientSecret,
    hashKey: env.IDENTITY_HASH_KEY ?? LOCAL_IDENTITY.hashKey,
  };
}

function isLocalAddress(issuer: string): boolean {
  const host = new URL(issuer).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host.endsWith(".localhost");
}

/** Production verifies people with a real provider only, and its own secrets. */
function identityProblems(env: Env): string[] {
  if (env.PORTAL_ENV !== "production") return [];
  const errors: string[] = [];
  if (!env.IDENTITY_ISSUER) errors.push("IDENTITY_ISSUER: must be set in production (the identity provider's issuer URL, see docs/identity.md)");
  else if (isLocalAddress(env.IDENTITY_ISSUER)) errors.push("IDENTITY_ISSUER: must not be the local test provider in production");
  if (!env.IDENTITY_CLIENT_ID) errors.push("IDENTITY_CLIENT_ID: must be set in production");
  if (!env.IDENTITY_CLIENT_SECRET) errors.push("IDENTITY_CLIENT_SECRET: must be set in production");
  if (!env.IDENTITY_HASH_KEY) errors.push("IDENTITY_HASH_KEY: must be set in production (at least 32 random characters)");
  return errors;
}

/** The local business register (tools/business-register): development and tests only. */
export const LOCAL_BUSINESS_REGISTER_URL = "http://localhost:3200";

/** BUSINESS_REGISTER_URL, or the local register outside production (production must set it). */
export function businessRegisterUrl(env: Env = getEnv()): string {
  return env.BUSINESS_REGISTER_URL ?? LOCAL_BUSINESS_REGISTER_URL;
}

function businessRegisterProblems(env: Env): string[] {
  if (env.PORTAL_ENV !== "production") return [];
  if (!env.BUSINESS_REGISTER_URL) return ["BUSINESS_REGISTER_URL: must be set in production (the business register's address, see docs/identity.md)"];
  if (isLocalAddress(env.BUSINESS_REGISTER_URL)) return ["BUSINESS_REGISTER_URL: must not be the local register in production"];
  return [];
}

/** The local bank (tools/fake-bank): development and tests only. */
export const LOCAL_PAYEE_CHECK_URL = "http://localhost:3300";

/** PAYEE_CHECK_URL, or the local bank outside production (production must set it). */
export function payeeCheckUrl(env: Env = getEnv()): string {
  return env.PAYEE_CHECK_URL ?? LOCAL_PAYEE_CHECK_URL;
}

function payeeCheckProblems(env: Env): string[] {
  if (env.PORTAL_ENV !== "production") return [];
  if (!env.PAYEE_CHECK_URL) return ["PAYEE_CHECK_URL: must be set in production (the bank's account-holder inquiry, see docs/payments.md)"];
  if (isLocalAddress(env.PAYEE_CHECK_URL)) return ["PAYEE_CHECK_URL: must not be the local bank in production"];
  return [];
}

/** Checks across settings, after each one is valid on its own. */
function crossCheck(env: Env): string[] {
  const errors: string[] = [];
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
    errors.push("METRICS_PORT: must differ from PORT (or leave it unset and set METRICS_TOKEN)");
  }
  errors.push(...identityProblems(env));
  errors.push(...businessRegisterProblems(env));
  errors.push(...payeeCheckProblems(env));
  return errors;
}

export function parseEnv(source: Record<string, string | undefined>): { ok: true; env: Env } | { ok: false; errors: string[] } {
  const parsed = EnvSchema.safeParse(source);
  if (parsed.success) {
    const errors = crossCheck(parsed.data);
    return errors.length ? { ok: false, errors } : { ok: true, env: parsed.data };
  }
  return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
}

let cached: Env | undefined;

/** The validated environment; throws with every problem listed if it is invalid. */
export function getEnv(): Env {
  if (cached) return cached;
  const result = parseEnv(process.env);
  if (!result.ok) throw new Error(`Invalid configuration:\n  ${result.errors.join("\n  ")}`);
  cached = result.env;
  return cached;
}
