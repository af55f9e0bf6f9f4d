import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

/**
 * Bench-only instruments, off unless the server starts with BENCH_SHELL_ROUTE=1 (set by
 * `npm run bench:http`, never in production): the app's shell route (/bench-shell: root loader and
 * layout, no page work) and /bench-stats (worst event-loop delay since the last read, and RSS).
 */
export const benchEnabled = process.env.BENCH_SHELL_ROUTE === "1";

let histogram: IntervalHistogram | null = null;
if (benchEnabled) {
  histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
}

/** The worst event-loop delay (ms) since the last call, then starts a new window. */
export function readBenchStats(): { eventLoopMaxMs: number; eventLoopP99Ms: number; rssMb: number } {
  const maxMs = histogram ? histogram.max / 1e6 : 0;
  const p99Ms = histogram ? histogram.percentile(99) / 1e6 : 0;
  histogram?.reset();
  return {
    eventLoopMaxMs: Math.round(maxMs * 10) / 10,
    eventLoopP99Ms: Math.round(p99Ms * 10) / 10,
    rssMb: Math.round(process.memoryUsage().rss / 1048576),
  };
}
