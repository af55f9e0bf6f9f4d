import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLOCK_OFFSET_ENV, installClockOffset, offsetFor } from "../../app/shared/clock";
import { TEST_NOW } from "../helpers/clock";

// This worker's clock was moved by the setup file; these tests read it as any code would.
describe("the pinned test clock", () => {
  it("reads TEST_NOW plus the time the run has taken, whatever the system date", () => {
    const elapsed = Date.now() - TEST_NOW.getTime();
    expect(elapsed).toBeGreaterThanOrEqual(0);
    expect(elapsed).toBeLessThan(60 * 60 * 1000);
    expect(Math.abs(new Date().getTime() - Date.now())).toBeLessThan(1000);
  });

  it("moves only now: explicit dates, parsing, instanceof and Date() as a function behave as before", () => {
    expect(new Date(0).toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(new Date("2026-12-31T00:00:00Z").getTime()).toBe(Date.UTC(2026, 11, 31));
    expect(new Date(2026, 0, 1).getFullYear()).toBe(2026);
    expect(new Date()).toBeInstanceOf(Date);
    expect(Date.parse("2026-01-01T00:00:00Z")).toBe(Date.UTC(2026, 0, 1));
    expect(typeof Date()).toBe("string");
    expect(new Date(Date()).getUTCFullYear()).toBe(new Date().getUTCFullYear());
  });

  it("is one clock per process: another offset is refused, the same one is a no-op", () => {
    const offset = Number(process.env[CLOCK_OFFSET_ENV]);
    expect(() => installClockOffset(offset)).not.toThrow();
    expect(() => installClockOffset(offset + 1)).toThrow("already moved");
    expect(() => installClockOffset(Number.NaN)).toThrow(CLOCK_OFFSET_ENV);
  });

  it("is inherited by child processes, and refused outside tests", () => {
    const script = `import { installClockFromEnv } from "./app/shared/clock.ts"; installClockFromEnv(); console.log(new Date().toISOString());`;
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env: { ...process.env, ...env }, encoding: "utf8" });
    const child = run({ PORTAL_ENV: "test", [CLOCK_OFFSET_ENV]: String(offsetFor(new Date("2030-05-05T00:00:00Z"))) });
    expect(child.stderr).toBe("");
    expect(Math.abs(Date.parse(child.stdout.trim()) - Date.parse("2030-05-05T00:00:00Z"))).toBeLessThan(60_000);
    const production = run({ PORTAL_ENV: "production", [CLOCK_OFFSET_ENV]: "0" });
    expect(production.status).not.toBe(0);
    expect(production.stderr).toContain("for tests only");
  });
});
