import { benchEnabled } from "~/shared/bench.server";

/**
 * The app's shell for `npm run bench:http`: the root loader and layout around an empty page. Exists
 * only when the server starts with BENCH_SHELL_ROUTE=1; otherwise a 404 like any unknown address.
 */
export function loader() {
  if (!benchEnabled) throw new Response("Not found", { status: 404 });
  return null;
}

export default function BenchShell() {
  return <h1>Shell</h1>;
}
