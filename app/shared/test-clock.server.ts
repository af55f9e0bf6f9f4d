// Imported first by the server: a test's pinned clock (PORTAL_CLOCK_OFFSET_MS) must be in place
// before any module reads the time. A no-op outside tests; a misuse stops the start with one line.
import { installClockFromEnv } from "./clock";

try {
  installClockFromEnv();
} catch (error) {
  console.error(`portal: cannot start: ${(error as Error).message}`);
  process.exit(1);
}
