import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrations";
import { pinTestClock } from "./clock";
import { NO_BANK_URL } from "./fake-bank";
import { createDatabaseNamed, databaseUrl, dropDatabaseNamed, onPostgres, uniqueName } from "./pg-admin";

declare module "vitest" {
  export interface ProvidedContext {
    /** SQLite: the template file. PostgreSQL: the template database's name. */
    templateDatabase: string;
  }
}

/** Builds one migrated (unseeded) template that each test file copies; removed at the end. */
export default async function setup(project: TestProject) {
  // One clock for the whole run: the workers and the servers they start inherit the offset.
  pinTestClock();
  // No bank unless a test starts one (tests/helpers/fake-bank.ts): a developer's local bank on its
  // default port must never answer for the tests. Nothing listens on port 9, so a check there is
  // "unavailable" at once and the account is saved unchecked.
  process.env.PAYEE_CHECK_URL ??= NO_BANK_URL;
  if (onPostgres) {
    const name = uniqueName("portal_tpl");
    await createDatabaseNamed(name);
    const db = createDatabase({ path: "", url: databaseUrl(name), poolSize: 1 });
    await migrateToLatest(db);
    await db.destroy();
    project.provide("templateDatabase", name);
    return () => dropDatabaseNamed(name);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-template-"));
  const file = path.join(dir, "template.db");
  const db = createDatabase({ path: file });
  await migrateToLatest(db);
  await db.destroy();
  project.provide("templateDatabase", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
