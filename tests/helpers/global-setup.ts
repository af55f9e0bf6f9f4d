import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrations";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Builds one migrated (unseeded) SQLite file that each test file copies; removed at the end. */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-template-"));
  const file = path.join(dir, "template.db");
  const db = createDatabase({ path: file });
  await migrateToLatest(db);
  await db.destroy();
  project.provide("templateDatabase", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
