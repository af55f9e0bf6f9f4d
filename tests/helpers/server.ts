import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { createDatabase } from "../../db/client";
import type { Database } from "../../db/schema";
import { createDatabaseNamed, databaseUrl, dropDatabaseNamed, onPostgres, uniqueName } from "./pg-admin";
import { CLOCK_OFFSET_ENV } from "../../app/shared/clock";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SERVER_ENTRY = path.join(ROOT, "build/index.js");

export interface RunningServer {
  url: string;
  /** The SQLite file ("" when the server runs on PostgreSQL: use `openDb`). */
  databasePath: string;
  /** DATABASE_PATH / DATABASE_URL of the server's database, for another process to share it. */
  databaseEnv: Record<string, string>;
  /** A connection of our own to the server's database (destroy it when done). */
  openDb: () => Kysely<Database>;
  /** The server process's id (a restart makes a new one). */
  pid: number;
  output: () => string;
  /** Polls the server's log until `pattern` appears (a request is logged when its response has finished). */
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  /** Stops this process (SIGTERM, waiting for it to exit) and starts a new one on the same database. */
  restart: () => Promise<RunningServer>;
}

const SOURCE_DIRS = ["app", "db", "migrations"];

function newestSource(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: "", mtimeMs: 0 };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestSource(full) : { file: full, mtimeMs: fs.statSync(full).mtimeMs };
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

/**
 * HTTP tests run the built server, so a build older than the sources would test yesterday's code
 * and pass or fail for the wrong reasons. Refuse, naming the newer file.
 */
export function assertFreshBuild(root = ROOT): void {
  const entry = path.join(root, "build/index.js");
  if (!fs.existsSync(entry)) throw new Error("build/index.js is missing: run `npm run build` first");
  const built = fs.statSync(entry).mtimeMs;
  const newest = SOURCE_DIRS.map((d) => newestSource(path.join(root, d))).reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
  if (newest.mtimeMs > built) {
    throw new Error(
      `build/index.js is older than ${path.relative(root, newest.file)}: the HTTP tests would run stale code. Run \`npm run build\` first.`,
    );
  }
}

/**
 * The environment of a server the tests start: the harness's own, in test mode unless the test asks
 * for another. A test-mode server shares the harness's pinned clock (the offset is inherited); a
 * server started in production mode refuses a clock offset by design, so it runs on the real clock
 * and the tests that start one assert nothing that depends on the date.
 */
function serverEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, PORTAL_ENV: "test", ...env };
  if (merged.PORTAL_ENV !== "test" && !(CLOCK_OFFSET_ENV in env)) delete merged[CLOCK_OFFSET_ENV];
  return merged;
}

type ServerDatabase = Awaited<ReturnType<typeof serverDatabase>>;

/**
 * Starts the built server (`npm run build` first) on a free port with its own new database, as
 * production would run it, and waits until it listens. With `shareWith`, a second instance on that
 * server's database instead (stopping it removes nothing).
 */
export async function startServer(env: Record<string, string> = {}, { shareWith }: { shareWith?: RunningServer } = {}): Promise<RunningServer> {
  assertFreshBuild();
  if (shareWith) {
    // A second node of the same portal: the other server's database, which that server removes.
    const shared: ServerDatabase = { env: shareWith.databaseEnv, open: shareWith.openDb, remove: async () => {} };
    return launch(env, shared, null);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-http-"));
  return launch(env, await serverDatabase(dir), dir);
}

async function launch(env: Record<string, string>, database: ServerDatabase, dir: string | null): Promise<RunningServer> {
  const databasePath = database.env.DATABASE_PATH!;
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env: serverEnv({ PORT: "0", HOST: "127.0.0.1", ...database.env, ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000);
    const onData = () => {
      const match = output.match(/listening on (http:\/\/localhost:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    databasePath,
    databaseEnv: database.env,
    openDb: database.open,
    output: () => output,
    waitForOutput: async (pattern, timeoutMs = 5_000) => {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (Date.now() > until) throw new Error(`server log never matched ${pattern}:\n${output}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return output;
    },
    stop: async (signal = "SIGTERM") => {
      const code = await stopChild(child, signal, dir);
      await database.remove();
      return code;
    },
    restart: async () => {
      await stopChild(child, "SIGTERM", null);
      return launch(env, database, dir);
    },
  };
}

/** A new, empty database for one server: a SQLite file in `dir`, or a PostgreSQL database. */
export async function serverDatabase(dir: string) {
  if (onPostgres) {
    const name = uniqueName("portal_srv");
    await createDatabaseNamed(name);
    const url = databaseUrl(name);
    return {
      env: { DATABASE_URL: url, DATABASE_PATH: "" } as Record<string, string>,
      open: () => createDatabase({ path: "", url, poolSize: 4 }),
      remove: () => dropDatabaseNamed(name),
    };
  }
  const file = path.join(dir, "portal.db");
  return {
    env: { DATABASE_PATH: file, DATABASE_URL: "" } as Record<string, string>,
    open: () => createDatabase({ path: file }),
    remove: async () => {},
  };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals, dir: string | null): Promise<number | null> {
  return new Promise((resolve) => {
    const done = (code: number | null) => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      resolve(code);
    };
    if (child.exitCode !== null) return done(child.exitCode);
    child.removeAllListeners("exit");
    child.once("exit", (code) => done(code));
    child.kill(signal);
  });
}

/** Runs the built server expecting it to refuse to start; returns its exit code and output. */
export function runServerExpectingFailure(env: Record<string, string>, timeoutMs = 10_000) {
  assertFreshBuild();
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      cwd: ROOT,
      env: serverEnv({ HOST: "127.0.0.1", ...env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (c) => (output += c));
    child.stderr!.on("data", (c) => (output += c));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server kept running:\n${output}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
