import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "./identity-provider";
import { ROOT } from "./server";
import { checkPayee, type PayeeCheck } from "../../app/modules/payments/payee-check.server";

/** Where no bank answers (the tests' default PAYEE_CHECK_URL): every payee check is "unavailable". */
export const NO_BANK_URL = "http://127.0.0.1:9";

const ENTRY = path.join(ROOT, "tools/fake-bank/server.mjs");

export interface BankAccount {
  bank: string;
  number: string;
  holder: string;
  state?: "open" | "closed";
}

export interface RunningBank {
  url: string;
  /** PAYEE_CHECK_URL for a portal that uses this bank. */
  portalEnv: Record<string, string>;
  /** Slow, failing, or with accounts added or changed from now on (its /_control endpoint). */
  control: (c: { delayMs?: number; fail?: boolean; accounts?: BankAccount[] }) => Promise<void>;
  /** How many inquiries it has answered. */
  inquiries: () => Promise<number>;
  stop: () => Promise<void>;
}

/** Starts the local bank (tools/fake-bank/server.mjs) as a real process on a free port. */
export async function startFakeBank(env: Record<string, string> = {}): Promise<RunningBank> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [ENTRY], {
    cwd: ROOT,
    env: { ...process.env, PORTAL_ENV: "test", BANK_PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fake bank did not start:\n${output}`)), 15_000);
    child.stdout!.on("data", () => {
      if (/fake bank listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`fake bank exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    portalEnv: { PAYEE_CHECK_URL: url },
    control: async (c) => {
      const res = await fetch(`${url}/_control`, { method: "POST", body: JSON.stringify(c) });
      if (!res.ok) throw new Error(`fake bank refused its control: ${res.status}`);
    },
    inquiries: async () => ((await (await fetch(`${url}/_stats`)).json()) as { inquiries: number }).inquiries,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The portal's own HTTP adapter pointed at this bank, for services called in the test process. */
export function askBank(bank: RunningBank, timeoutMs = 2_000): PayeeCheck {
  return (query) => checkPayee(query, { baseUrl: bank.url, timeoutMs });
}
