import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "./identity-provider";
import { ROOT } from "./server";

const ENTRY = path.join(ROOT, "tools/business-register/server.mjs");

export interface RunningRegister {
  url: string;
  /** BUSINESS_REGISTER_URL for a portal that uses this register. */
  portalEnv: Record<string, string>;
  /** Makes the register slow or failing from now on (its /_control endpoint). */
  faults: (f: { delayMs?: number; fail?: boolean }) => Promise<void>;
  stop: () => Promise<void>;
}

/** Starts the local business register (tools/business-register/server.mjs) as a real process on a free port. */
export async function startBusinessRegister(env: Record<string, string> = {}): Promise<RunningRegister> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [ENTRY], {
    cwd: ROOT,
    env: { ...process.env, PORTAL_ENV: "test", BR_PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`business register did not start:\n${output}`)), 15_000);
    child.stdout!.on("data", () => {
      if (/business register listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`business register exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    portalEnv: { BUSINESS_REGISTER_URL: url },
    faults: async (f) => {
      const res = await fetch(`${url}/_control`, { method: "POST", body: JSON.stringify(f) });
      if (!res.ok) throw new Error(`business register refused its faults: ${res.status}`);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
