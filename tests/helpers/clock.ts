import { CLOCK_OFFSET_ENV, installClockFromEnv, offsetFor } from "../../app/shared/clock";

/**
 * The instant every test process starts at, whatever the system date: the vitest processes, every
 * server a test starts and their workers read this clock (see app/shared/clock.ts). Seeded catalogues
 * open on it, and tests that pin a later `now` stay inside the seeded windows.
 */
export const TEST_NOW = new Date("2026-11-26T03:00:00Z");

/** Moves this process's clock to TEST_NOW (once per run: children inherit the offset). */
export function pinTestClock(env: NodeJS.ProcessEnv = process.env): void {
  if (env[CLOCK_OFFSET_ENV] === undefined) env[CLOCK_OFFSET_ENV] = String(offsetFor(TEST_NOW));
  installClockFromEnv({ ...env, PORTAL_ENV: "test" });
}
