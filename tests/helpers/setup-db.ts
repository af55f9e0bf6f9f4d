import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { closeDb } from "../../db/client";

/**
 * Runs before each test file: a private copy of the migrated template becomes DATABASE_PATH, so
 * `getDb()` in services opens it and no two files ever share a database.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-"));
const file = path.join(dir, "portal.db");
fs.copyFileSync(inject("templateDatabase"), file);
process.env.DATABASE_PATH = file;
process.env.PORTAL_ENV = "test";

afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});
