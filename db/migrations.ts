import { Migrator, type Migration, type MigrationProvider, type Kysely, type MigrationResultSet } from "kysely";
import * as m20261126T1440 from "../migrations/20261126T1440_programmes";
import * as m20261126T1500accounts from "../migrations/20261126T1500_accounts";
import * as m20261126T1500audit from "../migrations/20261126T1500_audit_log";
import * as m20261126T1510 from "../migrations/20261126T1510_programme_versions";
import * as m20261126T1520 from "../migrations/20261126T1520_programme_questions";
import * as m20261126T1530 from "../migrations/20261126T1530_applications";
import * as m20261126T1600 from "../migrations/20261126T1600_review";
import * as m20261126T1700queue from "../migrations/20261126T1700_queue_unassigned";
import * as m20261129T1400pgsearch from "../migrations/20261129T1400_postgres_search";
import * as m20261129T1410outbox from "../migrations/20261129T1410_outbox_claims";
import * as m20261129T1500counters from "../migrations/20261129T1500_counters";
import * as m20261129T1510assignee from "../migrations/20261129T1510_assignee_counters";
import * as m20261129T1700audit from "../migrations/20261129T1700_audit_append_only";
import * as m20261129T1900replied from "../migrations/20261129T1900_owner_replied";
import * as m20261129T2300mfa from "../migrations/20261129T2300_staff_mfa_email_verification";
import * as m20261129T1600payout from "../migrations/20261129T1600_payout_accounts";
import * as m20261129T2100payments from "../migrations/20261129T2100_payments";
import * as m20261129T2110objections from "../migrations/20261129T2110_objections";
import * as m20261129T1610rapid from "../migrations/20261129T1610_rapid_payment";
import * as m20261130T0900usersrole from "../migrations/20261130T0900_users_role";
import * as m20261130T0910objcounters from "../migrations/20261130T0910_objection_counters";
import * as m20261207T0800identity from "../migrations/20261207T0800_identity_verification";
import * as m20261207T1100ownership from "../migrations/20261207T1100_business_ownership";
import * as m20261208T0900payee from "../migrations/20261208T0900_payee_check";
import * as m20261208T1000awaiting from "../migrations/20261208T1000_awaiting_new_account";
import * as m20261208T1100accounttask from "../migrations/20261208T1100_payout_account_task";

/**
 * Every migration, by its file name in migrations/. Imported statically rather than read from the
 * folder at run time so the bundled server (build/index.js) carries them; a test checks that this
 * list matches the folder, so a new file cannot be forgotten. See docs/decisions/0001-*.md.
 */
export const migrations: Record<string, Migration> = {
  "20261126T1440_programmes": m20261126T1440,
  "20261126T1500_accounts": m20261126T1500accounts,
  "20261126T1500_audit_log": m20261126T1500audit,
  "20261126T1510_programme_versions": m20261126T1510,
  "20261126T1520_programme_questions": m20261126T1520,
  "20261126T1530_applications": m20261126T1530,
  "20261126T1600_review": m20261126T1600,
  "20261126T1700_queue_unassigned": m20261126T1700queue,
  "20261129T1400_postgres_search": m20261129T1400pgsearch,
  "20261129T1410_outbox_claims": m20261129T1410outbox,
  "20261129T1500_counters": m20261129T1500counters,
  "20261129T1510_assignee_counters": m20261129T1510assignee,
  "20261129T1700_audit_append_only": m20261129T1700audit,
  "20261129T1900_owner_replied": m20261129T1900replied,
  "20261129T2300_staff_mfa_email_verification": m20261129T2300mfa,
  "20261129T1600_payout_accounts": m20261129T1600payout,
  "20261129T2100_payments": m20261129T2100payments,
  "20261129T2110_objections": m20261129T2110objections,
  "20261129T1610_rapid_payment": m20261129T1610rapid,
  "20261130T0900_users_role": m20261130T0900usersrole,
  "20261130T0910_objection_counters": m20261130T0910objcounters,
  "20261207T0800_identity_verification": m20261207T0800identity,
  "20261207T1100_business_ownership": m20261207T1100ownership,
  "20261208T0900_payee_check": m20261208T0900payee,
  "20261208T1000_awaiting_new_account": m20261208T1000awaiting,
  "20261208T1100_payout_account_task": m20261208T1100accounttask,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export interface MigrationLog {
  (line: string): void;
}

/** Brings the schema to the latest migration; logs every step; throws with the failing name. */
export async function migrateToLatest(db: Kysely<any>, log: MigrationLog = () => {}): Promise<void> {
  // Branches developed in parallel land migrations whose timestamps interleave; a database that ran
  // a later one must still accept an earlier newcomer (Kysely refuses that by default).
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    log(`migration ${result.migrationName}: ${result.status}`);
  }
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!results?.length) log("migrations: database already up to date");
}
