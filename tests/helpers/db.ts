import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { inject } from "vitest";
import { createDatabase, type DatabaseConfig } from "../../db/client";
import type { Database } from "../../db/schema";
import { createDatabaseNamed, databaseUrl, dropDatabaseNamed, onPostgres, uniqueName } from "./pg-admin";

export { onPostgres } from "./pg-admin";

/** A private database of the kind under test: a SQLite file, or a PostgreSQL database. */
export interface TestDatabase {
  config: DatabaseConfig;
  /** What a child process needs in its environment to use this database. */
  env: Record<string, string>;
  /** Where a SQLite database lives (null on PostgreSQL). */
  file: string | null;
  open(): Kysely<Database>;
  remove(): Promise<void>;
}

/** A new database, migrated from the run's template unless `migrated: false`. */
export async function newTestDatabase({ migrated = true }: { migrated?: boolean } = {}): Promise<TestDatabase> {
  if (onPostgres) {
    const name = uniqueName("portal_t");
    await createDatabaseNamed(name, migrated ? inject("templateDatabase") : undefined);
    const url = databaseUrl(name);
    return {
      config: { path: "", url },
      env: { DATABASE_URL: url, DATABASE_PATH: "" },
      file: null,
      open: () => createDatabase({ path: "", url, poolSize: 4 }),
      remove: () => dropDatabaseNamed(name),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-extra-"));
  const file = path.join(dir, "portal.db");
  if (migrated) fs.copyFileSync(inject("templateDatabase"), file);
  return {
    config: { path: file },
    env: { DATABASE_PATH: file, DATABASE_URL: "" },
    file,
    open: () => createDatabase({ path: file }),
    remove: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A further private database for tests that need more than the file's own (e.g. a second fresh one). */
export async function freshDatabase({ migrated = true }: { migrated?: boolean } = {}) {
  const target = await newTestDatabase({ migrated });
  const db = target.open();
  return {
    db,
    target,
    file: target.file,
    async cleanup() {
      await db.destroy();
      await target.remove();
    },
  };
}
