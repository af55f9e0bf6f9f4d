import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { ROOT } from "./server";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}

export interface LocalService {
  url: string;
  /** What the process has written so far (stdout and stderr). */
  output: () => string;
  /** POSTs to its /_control endpoint (faults, data changed at run time). */
  control: (body: object) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Starts one of the local outside services (tools/<name>/server.mjs) as a real process on a free
 * port in test mode, and waits until it says "<name> listening on". `env` gets the service's URL
 * (the identity provider announces it as its issuer).
 */
export async function startLocalService({
  name,
  entry,
  portVariable,
  env = () => ({}),
}: {
  /** As the service names itself in its "listening on" line and in the errors here. */
  name: string;
  /** Relative to the repository root. */
  entry: string;
  /** The environment variable the service listens on (BANK_PORT, BR_PORT, IDP_PORT). */
  portVariable: string;
  env?: (url: string) => Record<string, string>;
}): Promise<LocalService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, PORTAL_ENV: "test", [portVariable]: String(port), ...env(url) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 15_000);
    child.stdout!.on("data", () => {
      if (output.includes(`${name} listening on`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    control: async (body) => {
      const res = await fetch(`${url}/_control`, { method: "POST", body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${name} refused its control: ${res.status}`);
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
