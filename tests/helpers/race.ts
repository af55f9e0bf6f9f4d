import { spawn } from "node:child_process";
import path from "node:path";
import type { RaceJob } from "./race-worker";
import { ROOT } from "./server";

export type RaceResult = { ok?: boolean; reason?: string; error?: string; [key: string]: unknown };

/**
 * Runs each job in its own process (as separate app instances sharing DATABASE_PATH would) and
 * releases them together: every worker opens the database and reports "ready", and only when all
 * have done so does each get the "go" line on its stdin (a barrier, not a start time that a slow
 * machine can miss). Resolves with each worker's result, in the order of `jobs`.
 */
export async function raceInProcesses(jobs: RaceJob[], env: Record<string, string> = {}): Promise<RaceResult[]> {
  const tsx = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
  const workers = jobs.map((job) => {
    const child = spawn(process.execPath, [tsx, "--tsconfig", "tsconfig.json", "tests/helpers/race-worker.ts", JSON.stringify(job)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let onReady: () => void;
    const ready = new Promise<void>((resolve) => (onReady = resolve));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (/^ready$/m.test(out)) onReady();
    });
    child.stderr.on("data", (chunk) => (out += chunk));
    const done = new Promise<RaceResult>((resolve) =>
      child.on("exit", () => {
        onReady();
        try {
          resolve(JSON.parse(out.trim().split("\n").at(-1)!) as RaceResult);
        } catch {
          resolve({ error: out });
        }
      }),
    );
    return { child, ready, done };
  });
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.child.stdin.write("go\n");
  return Promise.all(workers.map((w) => w.done));
}
