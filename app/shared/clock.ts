/**
 * The process clock, pinnable for tests. Production reads the system clock untouched.
 *
 * Tests must not depend on today's date, yet the portal reads the clock in many places — our code,
 * lucia's session expiry, token lifetimes — and a test that pins "now" must agree with every server
 * it starts. So the test harness moves the whole process clock by a fixed offset: `Date` and
 * `Date.now()` read the system clock plus `PORTAL_CLOCK_OFFSET_MS`, and time runs on normally from
 * there. Child processes inherit the variable, so a test, the servers it starts and their workers
 * all read one clock, whatever the system date is (the suite also runs with the system clock moved a
 * year ahead to prove it). Only honoured when PORTAL_ENV=test.
 */
export const CLOCK_OFFSET_ENV = "PORTAL_CLOCK_OFFSET_MS";

const SystemDate = Date;
let installedOffset: number | null = null;

/** The offset that makes the clock read `instant` now. */
export function offsetFor(instant: Date): number {
  return instant.getTime() - SystemDate.now();
}

/** Moves this process's `Date` by `offsetMs`. Idempotent for the same offset; a second offset is refused. */
export function installClockOffset(offsetMs: number): void {
  if (!Number.isFinite(offsetMs)) throw new Error(`${CLOCK_OFFSET_ENV} must be a number of milliseconds`);
  if (installedOffset !== null) {
    if (installedOffset === offsetMs) return;
    throw new Error("the process clock was already moved by another offset");
  }
  installedOffset = offsetMs;
  const now = () => SystemDate.now() + offsetMs;
  // A subclass keeps instanceof, parsing, UTC and every method; only "now" moves.
  class OffsetDate extends SystemDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now());
      else super(...(args as [string | number | Date]));
    }
    static override now() {
      return now();
    }
  }
  // Called as a function, Date returns a string of now, not a Date.
  const PinnedDate = new Proxy(OffsetDate, {
    apply: () => new OffsetDate().toString(),
  });
  globalThis.Date = PinnedDate as DateConstructor;
}

/** Installs the offset named by the environment, in tests only. Returns the offset, or null. */
export function installClockFromEnv(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env[CLOCK_OFFSET_ENV];
  if (raw === undefined || raw === "") return null;
  if (env.PORTAL_ENV !== "test") throw new Error(`${CLOCK_OFFSET_ENV} is for tests only (PORTAL_ENV=test)`);
  const offset = Number(raw);
  installClockOffset(offset);
  return offset;
}
