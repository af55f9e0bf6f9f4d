import crypto from "node:crypto";
import pg from "pg";

/**
 * PostgreSQL side of the test harness. TEST_DATABASE_URL names a role that may create databases;
 * every test file (and every server a test starts) gets its own database, cloned from one migrated
 * template per run, so files never share state and each clone takes milliseconds.
 */
export const onPostgres = process.env.PORTAL_TEST_DB === "postgres";

export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  return url;
}

/** The URL of database `name` on the server of TEST_DATABASE_URL. */
export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
}

/** Creates an empty database, or a copy of `template`; retries while the template is briefly busy. */
export async function createDatabaseNamed(name: string, template?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
      return;
    } catch (error) {
      // 55006: the template is being accessed by another session (a concurrent clone).
      if ((error as { code?: string }).code !== "55006" || attempt >= 50) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
}

export async function dropDatabaseNamed(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
