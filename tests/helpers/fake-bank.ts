import { startLocalService } from "./local-service";
import { checkPayee, type PayeeCheck } from "../../app/modules/payments/payee-check.server";

/** Where no bank answers (the tests' default PAYEE_CHECK_URL): every payee check is "unavailable". */
export const NO_BANK_URL = "http://127.0.0.1:9";

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
  const bank = await startLocalService({ name: "fake bank", entry: "tools/fake-bank/server.mjs", portVariable: "BANK_PORT", env: () => env });
  return {
    url: bank.url,
    portalEnv: { PAYEE_CHECK_URL: bank.url },
    control: bank.control,
    inquiries: async () => ((await (await fetch(`${bank.url}/_stats`)).json()) as { inquiries: number }).inquiries,
    stop: bank.stop,
  };
}

/** The portal's own HTTP adapter pointed at this bank, for services called in the test process. */
export function askBank(bank: RunningBank, timeoutMs = 2_000): PayeeCheck {
  return (query) => checkPayee(query, { baseUrl: bank.url, timeoutMs });
}
