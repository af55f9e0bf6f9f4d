import { benchEnabled, readBenchStats } from "~/shared/bench.server";

/** Bench only (BENCH_SHELL_ROUTE=1): worst event-loop delay since the last read, and RSS, as JSON. */
export function loader() {
  if (!benchEnabled) throw new Response("Not found", { status: 404 });
  return new Response(JSON.stringify(readBenchStats()), { headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
}
