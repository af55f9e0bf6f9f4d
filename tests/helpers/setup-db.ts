import { afterAll } from "vitest";
import { closeDb } from "../../db/client";
import { pinTestClock } from "./clock";
import { newTestDatabase } from "./db";

pinTestClock();

/**
 * Runs before each test file: a private copy of the migrated template (a SQLite file, or a
 * PostgreSQL database in the PostgreSQL half) becomes DATABASE_PATH / DATABASE_URL, so `getDb()` in
 * services opens it and no two files ever share a database. Child processes inherit it.
 */
const target = await newTestDatabase();
for (const [key, value] of Object.entries(target.env)) {
  if (value) process.env[key] = value;
  else delete process.env[key];
}
process.env.PORTAL_ENV = "test";

afterAll(async () => {
  await closeDb();
  await target.remove();
});
