import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The typed shape of the database. Conventions: snake_case columns; dates as ISO-8601 text
 * (`YYYY-MM-DD` for calendar dates, full timestamps for instants); booleans as 0/1 integers;
 * money as integer KRW; JSON documents as text validated by zod where they are read.
 */

/** An ISO timestamp written by the application (never by SQL defaults, so SQLite and PostgreSQL agree). */
type Timestamp = string;

export interface ProgrammesTable {
  id: Generated<number>;
  slug: string;
  /** Prefix of application references, e.g. "SF" → SF-2026-000042. */
  ref_prefix: string;
  name_en: string;
  name_ko: string;
  summary_en: string;
  summary_ko: string;
  description_en: string;
  description_ko: string;
  support_en: string;
  support_ko: string;
  how_to_apply_en: string;
  how_to_apply_ko: string;
  /** Integer KRW; null when the plan states a capacity instead of a budget. */
  budget_krw: number | null;
  /** How many applications the programme can fund (consultations, stores…); null when unbounded. */
  capacity: number | null;
  /** The plan's target count, shown beside capacity on dashboards; null when the plan gives none. */
  target_count: number | null;
  /** Calendar dates, inclusive. */
  opens_on: string;
  closes_on: string;
  status: "draft" | "published" | "archived";
  /** JSON text: the rule document, validated by app/domain/rules.ts. */
  rules: string;
  rules_version: ColumnType<number, number | undefined, number>;
  /** JSON text: the documents an applicant uploads, validated by app/domain/rules.ts. */
  required_documents: string;
  sort_order: number;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  updated_at: Timestamp;
}

export type Role = "owner" | "caseworker" | "supervisor" | "admin";

export interface UsersTable {
  id: Generated<number>;
  /** Normalised: trimmed, NFC, lower-case (app/domain/email.ts). */
  email: string;
  /** Argon2id PHC string; never leaves the server. */
  password_hash: string;
  role: Role;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  updated_at: Timestamp;
  password_changed_at: Timestamp;
}

export interface AuthSessionTable {
  /** SHA-256 (hex) of lucia's session id; the id itself (25 random bytes) is only in the cookie. */
  id: string;
  user_id: number;
  expires_at: Timestamp;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  last_seen_at: Timestamp;
}

export interface RateLimitEventsTable {
  id: Generated<number>;
  scope: string;
  key: string;
  at: Timestamp;
}

export interface PasswordResetTokensTable {
  /** SHA-256 (hex) of the token sent by email. */
  token_hash: string;
  user_id: number;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
}

export interface OutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: ColumnType<Timestamp, Timestamp, never>;
}

export interface BusinessesTable {
  id: Generated<number>;
  owner_id: number;
  trade_name: string;
  /** Ten digits without hyphens; shown as NNN-NN-NNNNN. */
  registration_number: string;
  representative_name: string;
  phone: string;
  address: string;
  region: string;
  sector: string;
  employees: number;
  /** YYYY-MM-DD */
  opened_on: string;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  updated_at: Timestamp;
}

export interface BusinessNumberConflictsTable {
  id: Generated<number>;
  registration_number: string;
  /** The business that already holds the number. */
  business_id: number;
  /** The account that tried to register it again. */
  claimed_by: number;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  resolved_at: Timestamp | null;
}

export interface Database {
  programmes: ProgrammesTable;
  users: UsersTable;
  auth_session: AuthSessionTable;
  rate_limit_events: RateLimitEventsTable;
  password_reset_tokens: PasswordResetTokensTable;
  outbox: OutboxTable;
  businesses: BusinessesTable;
  business_number_conflicts: BusinessNumberConflictsTable;
}

export type Programme = Selectable<ProgrammesTable>;
export type NewProgramme = Insertable<ProgrammesTable>;
export type ProgrammeUpdate = Updateable<ProgrammesTable>;
