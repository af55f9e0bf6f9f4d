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
  /** JSON text: the rule document, validated by app/modules/eligibility/rules.ts. */
  rules: string;
  rules_version: ColumnType<number, number | undefined, number>;
  /** JSON text: the documents an applicant uploads, validated by app/modules/eligibility/rules.ts. */
  required_documents: string;
  /** JSON text: the programme's own application questions, validated by app/modules/applications/questions.ts. */
  questions: ColumnType<string, string | undefined, string>;
  sort_order: number;
  /** Bumped by every edit; an edit names the version it started from (optimistic concurrency). */
  version: ColumnType<number, number | undefined, number>;
  /** Approvals above this amount need a supervisor's confirmation; null = never. */
  four_eyes_threshold_krw: number | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  updated_at: Timestamp;
  /** JSON text: staggered opening (app/modules/catalogue/opening-schedule.ts); null = everyone from the opening day. */
  opening_schedule: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Every rules version a programme has had; applications keep the one they were judged by. */
export interface ProgrammeVersionsTable {
  id: Generated<number>;
  programme_id: number;
  rules_version: number;
  rules: string;
  required_documents: string;
  created_at: Timestamp;
  /** Who saved it (email), or "seed" / "migration". */
  created_by: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  /** Who acted, as they were then (an email or "system"); kept even if the account goes. */
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** JSON text. */
  details: string;
  prev_hash: string;
  hash: string;
}

/**
 * The audit chain's head, kept apart from the chain (one row per UTC day of the audited event,
 * upserted with each append), so cutting the newest rows off the trail is detectable. Rows only
 * move forward (a trigger refuses going back and deleting).
 */
export interface AuditCheckpointsTable {
  /** YYYY-MM-DD (UTC). */
  day: string;
  last_id: number;
  last_hash: string;
  /** Rows appended on that day. */
  appended: number;
  updated_at: Timestamp;
}

export type Role = "owner" | "caseworker" | "supervisor" | "admin";

export interface UsersTable {
  id: Generated<number>;
  /** Normalised: trimmed, NFC, lower-case (app/modules/accounts/email.ts). */
  email: string;
  /** Argon2id PHC string; never leaves the server. */
  password_hash: string;
  role: Role;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  updated_at: Timestamp;
  password_changed_at: Timestamp;
  /** Set when an admin deactivates a staff account (its sessions are revoked at once). */
  deactivated_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** When the owner opened the link sent to their address; null = not yet (no submission until then). */
  email_verified_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** 1 after an administrator set a one-time password: staff pages ask for a new password first. */
  must_change_password: ColumnType<number, number | undefined, number>;
  /** TOTP key, sealed with MFA_ENCRYPTION_KEY when set (app/modules/accounts/totp.server.ts); counts once confirmed. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_confirmed_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** The last 30-second step a code was accepted for: that code and older ones are refused (replay). */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface AuthSessionTable {
  /** SHA-256 (hex) of lucia's session id; the id itself (25 random bytes) is only in the cookie. */
  id: string;
  user_id: number;
  expires_at: Timestamp;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  last_seen_at: Timestamp;
  /** 1 while the session has proved the password only and owes its second factor (or enrolment). */
  mfa_pending: ColumnType<number, number | undefined, number>;
}

export interface MfaRecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  /** salt$sha256 (hex) of a code shown once. */
  code_hash: string;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface EmailVerificationTokensTable {
  /** SHA-256 (hex) of the token sent by email. */
  token_hash: string;
  user_id: number;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

/** One identity verification attempt (본인인증): used once, short-lived, found by its state's SHA-256. */
export interface IdentityAttemptsTable {
  id: Generated<number>;
  state_hash: string;
  nonce: string;
  code_verifier: string;
  user_id: number;
  return_to: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** The verified person of an account; the provider's identifier only as an HMAC, unique per issuer. */
export interface IdentityVerificationsTable {
  user_id: number;
  issuer: string;
  subject_hash: string;
  name: string;
  birth_date: string;
  verified_at: Timestamp;
}

/** A business confirmed for its account: the verified person matched the register's representative. */
export interface BusinessOwnershipsTable {
  business_id: number;
  user_id: number;
  registration_number: string;
  issuer: string;
  subject_hash: string;
  representative_name: string;
  opened_on: string;
  confirmed_at: Timestamp;
}

/** 개인정보 수집·이용 동의: the version of the text agreed to and when. */
export interface PrivacyConsentsTable {
  id: Generated<number>;
  user_id: number;
  purpose: string;
  version: string;
  given_at: Timestamp;
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
  /** Set once the mail server accepted it; null while waiting (or with no mail server configured). */
  sent_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  /** The deliverer that holds the message, until `claimed_until` (ISO); null when unclaimed. */
  claim_token: ColumnType<string | null, string | null | undefined, string | null>;
  claimed_until: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
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

export type ApplicationStatusColumn = "draft" | "submitted" | "under_review" | "info_requested" | "approved" | "rejected" | "withdrawn" | "paid";

export interface ApplicationsTable {
  id: Generated<number>;
  /** Random, unguessable; used in addresses before a reference exists. */
  public_id: string;
  /** SF-2026-000042, assigned at submission. */
  reference: string | null;
  programme_id: number;
  business_id: number;
  owner_id: number;
  status: ApplicationStatusColumn;
  version: ColumnType<number, number | undefined, number>;
  /** JSON: eligibility facts (draft). */
  facts: ColumnType<string, string | undefined, string>;
  /** JSON: answers to the programme's own questions (draft). */
  answers: ColumnType<string, string | undefined, string>;
  requested_amount_krw: number | null;
  rules_version: number | null;
  /** JSON, immutable after submission: answers, business, evaluation, documents. */
  snapshot: string | null;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  updated_at: Timestamp;
  /** The caseworker working it; null = unassigned. */
  assigned_to: ColumnType<number | null, number | null | undefined, number | null>;
  assigned_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** Awarded (approved) or proposed (awaiting four-eyes confirmation), whole won. */
  award_amount_krw: ColumnType<number | null, number | null | undefined, number | null>;
  /** Set while an approval above the four-eyes threshold waits for a supervisor who is not this person. */
  approval_proposed_by: ColumnType<number | null, number | null | undefined, number | null>;
  approval_proposed_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  decision_reason_code: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the owner answered a request for information; cleared when a caseworker next decides. */
  owner_replied_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

/** Staff-only notes on an application; never shown to the owner. */
export interface InternalNotesTable {
  id: Generated<number>;
  application_id: number;
  author_id: number;
  body: string;
  created_at: Timestamp;
}

export interface ApplicationDocumentsTable {
  id: Generated<number>;
  application_id: number;
  requirement_code: string;
  display_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_by: number;
  created_at: Timestamp;
}

export interface StatusEventsTable {
  id: Generated<number>;
  application_id: number;
  from_status: ApplicationStatusColumn | null;
  to_status: ApplicationStatusColumn;
  action: string;
  actor_id: number | null;
  actor_role: string;
  reason: string | null;
  at: Timestamp;
}

export interface ApplicationMessagesTable {
  id: Generated<number>;
  application_id: number;
  author_id: number;
  author_role: string;
  body: string;
  created_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  application_id: number | null;
  /** A message key; rendered in the reader's language with `params`. */
  kind: string;
  /** JSON parameters of the message. */
  params: string;
  read_at: Timestamp | null;
  created_at: Timestamp;
}

export interface ReferenceSequencesTable {
  prefix: string;
  year: number;
  last_value: number;
}

/** Applications per programme × status × region × sector (kept by recordStatusChange). */
export interface ApplicationCountersTable {
  programme_id: number;
  status: ApplicationStatusColumn;
  region: string;
  sector: string;
  n: number;
  /** Sum of requested amounts of submitted (non-draft) applications. */
  requested_krw: number;
  /** Sum of awards (else requested amounts) of approved and paid applications. */
  awarded_krw: number;
}

export interface SubmissionDayCountersTable {
  programme_id: number;
  /** Seoul calendar date. */
  day: string;
  n: number;
}

export interface DecisionDurationCountersTable {
  programme_id: number;
  bucket_hours: number;
  n: number;
}

/** What one application currently adds to the counters. */
export interface CounterContributionsTable {
  application_id: number;
  programme_id: number;
  status: ApplicationStatusColumn;
  region: string;
  sector: string;
  requested_krw: number;
  awarded_krw: number;
  submitted_day: string | null;
  bucket_hours: number | null;
  /** The assignee counted (0 = unassigned); null only on rows from before it was counted. */
  assignee_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Applications per programme × status × assignee (0 = unassigned), for the queue's counts. */
export interface AssigneeCountersTable {
  programme_id: number;
  status: ApplicationStatusColumn;
  assignee_id: number;
  n: number;
}

/** Objections per programme × kind × state, for the queue and the dashboard. */
export interface ObjectionCountersTable {
  programme_id: number;
  kind: "rejection" | "not_listed";
  state: ObjectionState;
  n: number;
}

export type PaymentBatchState = "built" | "released" | "settled" | "cancelled";

/** A batch of payments for one programme; its totals are counters kept by the writes, never scans. */
export interface PaymentBatchesTable {
  id: Generated<number>;
  programme_id: number;
  state: PaymentBatchState;
  built_by: number;
  built_at: Timestamp;
  released_by: ColumnType<number | null, number | null | undefined, number | null>;
  released_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  settled_by: ColumnType<number | null, number | null | undefined, number | null>;
  settled_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  cancelled_by: ColumnType<number | null, number | null | undefined, number | null>;
  cancelled_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  payment_count: ColumnType<number, number | undefined, number>;
  total_krw: ColumnType<number, number | undefined, number>;
  paid_count: ColumnType<number, number | undefined, number>;
  paid_krw: ColumnType<number, number | undefined, number>;
  failed_count: ColumnType<number, number | undefined, number>;
  failed_krw: ColumnType<number, number | undefined, number>;
  /** SHA-256 of the imported bank result file. */
  result_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  version: ColumnType<number, number | undefined, number>;
}

export type PaymentState = "batched" | "released" | "paid" | "failed" | "cancelled";

/** One transfer to one application's payout account; open states are unique per application. */
export interface PaymentsTable {
  id: Generated<number>;
  batch_id: number;
  application_id: number;
  programme_id: number;
  sequence: number;
  amount_krw: number;
  bank_code: string;
  account_number: string;
  holder_name: string;
  reference: string;
  state: PaymentState;
  result_code: ColumnType<string | null, string | null | undefined, string | null>;
  result_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type PaymentFailureResolution = "new_account" | "retry";

/**
 * A failed payment (one row each; the unique payment_id keeps telling the owner to once per
 * failure). Unresolved, it holds its application "awaiting a new account": at most one per
 * application. `new_account`: the owner saved another account the bank matched; `retry`: a
 * supervisor allowed the failed account once more, with a reason.
 */
export interface PaymentFailuresTable {
  id: Generated<number>;
  payment_id: number;
  application_id: number;
  programme_id: number;
  bank_code: string;
  account_number: string;
  result_code: string;
  failed_at: Timestamp;
  resolution: ColumnType<PaymentFailureResolution | null, PaymentFailureResolution | null | undefined, PaymentFailureResolution | null>;
  resolved_by: ColumnType<number | null, number | null | undefined, number | null>;
  resolved_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  retry_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Per programme: what batches have committed (batched + released + paid) and what was paid. */
export interface ProgrammePaymentTotalsTable {
  programme_id: number;
  committed_krw: ColumnType<number, number | undefined, number>;
  paid_krw: ColumnType<number, number | undefined, number>;
  paid_count: ColumnType<number, number | undefined, number>;
}

export type ObjectionState = "open" | "upheld" | "overturned";

/** 이의신청: an owner's objection to a rejection (or to not being on a verified list). */
export interface ObjectionsTable {
  id: Generated<number>;
  kind: "rejection" | "not_listed";
  application_id: number | null;
  programme_id: number;
  business_id: number;
  owner_id: number;
  rejection_event_id: number | null;
  original_decider_id: number | null;
  notified_at: Timestamp;
  reason: string;
  state: ObjectionState;
  decided_by: ColumnType<number | null, number | null | undefined, number | null>;
  decided_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  decision_reason: ColumnType<string | null, string | null | undefined, string | null>;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ObjectionDocumentsTable {
  objection_id: number;
  document_id: number;
}

/** The bank account an application is paid into (one per application; digits only). */
export interface PayoutAccountsTable {
  id: Generated<number>;
  application_id: number;
  /** Three-digit Korean bank code (app/modules/payments/bank.ts). */
  bank_code: string;
  /** 10 to 14 digits, no hyphens. */
  account_number: string;
  holder_name: string;
  /** The payee check (app/modules/payments/payee-check.ts): only `matched` accounts are batched. */
  payee_state: ColumnType<PayeeState, PayeeState | undefined, PayeeState>;
  /** When the bank last named an allowed holder; a batch checks again once it is older than PAYEE_RECHECK_DAYS. */
  payee_checked_at: Timestamp | null;
  created_at: Timestamp | null;
  updated_at: Timestamp | null;
}

/**
 * An application of a paying programme submitted before the payout account was a step of the
 * application, still without one (migration 20261208T1100): supervisors list these per programme.
 * A row goes when the owner saves an account; nothing new is ever added.
 */
export interface PayoutAccountGapsTable {
  application_id: number;
  programme_id: number;
  owner_id: number;
  created_at: Timestamp;
}

/** `mismatch`: a later check (before a batch) found another holder, or the account gone: the owner must give another. */
export type PayeeState = "matched" | "unchecked" | "mismatch";

/** A verified list: the businesses identified in advance for one programme and round. */
export interface VerifiedListsTable {
  id: Generated<number>;
  programme_id: number;
  round: number;
  created_at: Timestamp;
}

export interface VerifiedEntriesTable {
  id: Generated<number>;
  list_id: number;
  registration_number: string;
  trade_name: string;
  representative: string;
  /** JSON: verified facts (app/modules/eligibility/facts.ts). */
  facts: string;
  amount_krw: number;
  source: string;
  row_hash: string;
  last_import_id: number;
  last_row: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type VerifiedImportStatus = "queued" | "running" | "done" | "failed";

export interface VerifiedImportsTable {
  id: Generated<number>;
  list_id: number;
  file_name: string;
  stored_path: string;
  size_bytes: number;
  sha256: string;
  encoding: string;
  status: VerifiedImportStatus;
  rows_done: ColumnType<number, number | undefined, number>;
  rows_inserted: ColumnType<number, number | undefined, number>;
  rows_updated: ColumnType<number, number | undefined, number>;
  rows_unchanged: ColumnType<number, number | undefined, number>;
  rows_refused: ColumnType<number, number | undefined, number>;
  rows_per_second: ColumnType<number, number | undefined, number>;
  error: string | null;
  created_by: number | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  heartbeat_at: Timestamp | null;
}

export interface VerifiedImportRefusalsTable {
  id: Generated<number>;
  import_id: number;
  row_number: number;
  registration_number: string | null;
  reason: string;
}

export interface EntitlementNoticesTable {
  id: Generated<number>;
  entry_id: number;
  business_id: number;
  user_id: number;
  first_day: string;
  created_at: Timestamp;
}

export interface SmsOutboxTable {
  id: Generated<number>;
  to_phone: string;
  body_text: string;
  created_at: Timestamp;
  sent_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RapidDecisionsTable {
  id: Generated<number>;
  application_id: number;
  list_id: number;
  entry_id: number;
  rules_version: number;
  outcome: "approved" | "queued";
  amount_krw: number | null;
  reason: string | null;
  decided_at: Timestamp;
}

export interface RecommendationsTable {
  id: Generated<number>;
  programme_id: number;
  registration_number: string;
  reason: string;
  created_at: Timestamp;
}

export interface Database {
  programmes: ProgrammesTable;
  programme_versions: ProgrammeVersionsTable;
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointsTable;
  users: UsersTable;
  auth_session: AuthSessionTable;
  rate_limit_events: RateLimitEventsTable;
  password_reset_tokens: PasswordResetTokensTable;
  outbox: OutboxTable;
  businesses: BusinessesTable;
  business_number_conflicts: BusinessNumberConflictsTable;
  applications: ApplicationsTable;
  application_documents: ApplicationDocumentsTable;
  status_events: StatusEventsTable;
  application_messages: ApplicationMessagesTable;
  notifications: NotificationsTable;
  reference_sequences: ReferenceSequencesTable;
  internal_notes: InternalNotesTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  email_verification_tokens: EmailVerificationTokensTable;
  privacy_consents: PrivacyConsentsTable;
  identity_attempts: IdentityAttemptsTable;
  identity_verifications: IdentityVerificationsTable;
  business_ownerships: BusinessOwnershipsTable;
  application_counters: ApplicationCountersTable;
  submission_day_counters: SubmissionDayCountersTable;
  decision_duration_counters: DecisionDurationCountersTable;
  counter_contributions: CounterContributionsTable;
  assignee_counters: AssigneeCountersTable;
  objection_counters: ObjectionCountersTable;
  payout_accounts: PayoutAccountsTable;
  payout_account_gaps: PayoutAccountGapsTable;
  payment_batches: PaymentBatchesTable;
  payments: PaymentsTable;
  payment_failures: PaymentFailuresTable;
  programme_payment_totals: ProgrammePaymentTotalsTable;
  objections: ObjectionsTable;
  objection_documents: ObjectionDocumentsTable;
  verified_lists: VerifiedListsTable;
  verified_entries: VerifiedEntriesTable;
  verified_imports: VerifiedImportsTable;
  verified_import_refusals: VerifiedImportRefusalsTable;
  entitlement_notices: EntitlementNoticesTable;
  sms_outbox: SmsOutboxTable;
  rapid_decisions: RapidDecisionsTable;
  recommendations: RecommendationsTable;
}

export type Programme = Selectable<ProgrammesTable>;
export type NewProgramme = Insertable<ProgrammesTable>;
export type ProgrammeUpdate = Updateable<ProgrammesTable>;
