import { startLocalService } from "./local-service";

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
  const register = await startLocalService({
    name: "business register",
    entry: "tools/business-register/server.mjs",
    portVariable: "BR_PORT",
    env: () => env,
  });
  return { url: register.url, portalEnv: { BUSINESS_REGISTER_URL: register.url }, faults: register.control, stop: register.stop };
}
