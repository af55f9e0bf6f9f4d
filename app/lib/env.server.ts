import { z } from "zod";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const flag = z
  .enum(["0", "1", "true", "false"], { message: "Use 1/true or 0/false" })
  .transform((v) => v === "1" || v === "true");

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
    z.string().regex(/^postgres(ql)?:\/\//, { message: "DATABASE_URL must start with postgres:// or postgresql://" }).optional(),
  ),
  /** PostgreSQL connections per node; nodes × pool size must stay below the server's max_connections. */
  DATABASE_POOL_SIZE: z.preprocess(
    blankToUndefined,
    z.string().regex(/^\d{1,4}$/, { message: "DATABASE_POOL_SIZE must be a whole number from 1 to 1000" }).transform(Number)
      .pipe(z.number().min(1, { message: "DATABASE_POOL_SIZE must be a whole number from 1 to 1000" }).max(1000, { message: "DATABASE_POOL_SIZE must be a whole number from 1 to 1000" }))
      .default(10),
  ),
  /** How long a request waits for a free PostgreSQL connection before it is answered 503. */
  DATABASE_POOL_TIMEOUT_MS: z.preprocess(
    blankToUndefined,
    z.string().regex(/^\d{1,6}$/, { message: "DATABASE_POOL_TIMEOUT_MS must be a whole number of milliseconds" }).transform(Number).default(5000),
  ),
  /**
   * Our own deployment switch. `NODE_ENV` cannot serve: the server always runs React in production
   * mode. Only PORTAL_ENV=production turns off demo accounts and turns on Secure cookies.
   */
  PORTAL_ENV: z.preprocess(blankToUndefined, z.enum(["development", "test", "production"]).default("development")),
  /** Honour X-Forwarded-* headers only when a reverse proxy we trust sets them. */
  TRUST_PROXY: z.preprocess(blankToUndefined, flag.default(false)),
  LOG_REQUESTS: z.preprocess(blankToUndefined, flag.default(true)),
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
    z.string().regex(/^smtps?:\/\//, { message: "SMTP_URL must start with smtp:// or smtps://" }).optional(),
  ),
  MAIL_FROM: z.preprocess(blankToUndefined, z.string().default("SME Support Portal <no-reply@portal.invalid>")),
  /** HTTP(S) endpoint of the SMS provider (POST JSON {to, text}); unset writes texts to sms_outbox and the log. */
  SMS_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, message: "SMS_URL must be an http(s) URL" }).optional(),
  ),
  /** Folder for uploaded verified lists while they import (default: verified-lists beside the SQLite file). */
  VERIFIED_LIST_DIR: z.preprocess(blankToUndefined, z.string().optional()),
});

export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: Record<string, string | undefined>): { ok: true; env: Env } | { ok: false; errors: string[] } {
  const parsed = EnvSchema.safeParse(source);
  if (parsed.success) return { ok: true, env: parsed.data };
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
