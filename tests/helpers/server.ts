import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SERVER_ENTRY = path.join(ROOT, "build/index.js");

export interface RunningServer {
  url: string;
  databasePath: string;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Starts the built server (`npm run build` first) on a free port with its own new database, as
 * production would run it, and waits until it listens.
 */
export async function startServer(
  env: Record<string, string> = {},
  { databasePath: shared }: { databasePath?: string } = {},
): Promise<RunningServer> {
  if (!fs.existsSync(SERVER_ENTRY)) throw new Error("build/index.js is missing: run `npm run build` first");
  // With `databasePath`, a second instance on another server's database (it removes nothing on stop).
  const dir = shared ? null : fs.mkdtempSync(path.join(os.tmpdir(), "portal-http-"));
  const databasePath = shared ?? path.join(dir!, "portal.db");
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: databasePath, PORTAL_ENV: "test", ...env },
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
    databasePath,
    output: () => output,
    stop: (signal = "SIGTERM") => stopChild(child, signal, dir),
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
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      cwd: ROOT,
      env: { ...process.env, HOST: "127.0.0.1", PORTAL_ENV: "test", ...env },
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
