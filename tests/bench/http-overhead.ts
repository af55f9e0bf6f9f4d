/**
 * What metrics and the request log cost: the built server is started twice — once with metrics
 * and the request log on (METRICS_TOKEN, LOG_REQUESTS=1, log to a pipe read and thrown away, as a
 * collector would read it), once with both off — and autocannon loads a simple page on each in
 * turn, several rounds, on this machine's loopback only. Prints req/s per round and the ratio of
 * the medians, and the server's CPU time per request (from /proc), which neighbours on a shared
 * machine disturb far less than throughput: when the server is CPU-bound, req/s is its inverse. `npm run build` first; then `npm run bench:overhead` (BENCH_PATH, BENCH_SECONDS,
 * BENCH_ROUNDS, BENCH_CONNECTIONS to change the defaults).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { ROOT, SERVER_ENTRY } from "../helpers/server";

const PATH = process.env.BENCH_PATH ?? "/programmes";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Started {
  url: string;
  child: ChildProcess;
}

async function start(name: string, env: Record<string, string>): Promise<Started> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `portal-bench-${name}-`));
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: path.join(dir, "portal.db"), PORTAL_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  child.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const url = await new Promise<string>((resolve, reject) => {
    let head = "";
    const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 20_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (head.length < 100_000) head += chunk.toString();
      const match = head.match(/listening on (http:\/\/localhost:\d+)/);
      if (match && timer.hasRef()) {
        clearTimeout(timer);
        timer.unref();
        resolve(match[1]!.replace("localhost", "127.0.0.1"));
      }
    });
  });
  return { url, child };
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

async function load(server: Started, seconds: number) {
  const cpuBefore = cpuSeconds(server.child.pid!);
  const result = await autocannon({ url: `${server.url}${PATH}`, connections: CONNECTIONS, duration: seconds, headers: { "accept-language": "en" } });
  if (result.non2xx || result.errors) throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors from ${server.url}${PATH}`);
  const cpuMsPerRequest = ((cpuSeconds(server.child.pid!) - cpuBefore) * 1000) / result.requests.total;
  return { rps: result.requests.average, cpuMsPerRequest };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const on = await start("on", { LOG_REQUESTS: "1", METRICS_TOKEN: "bench-metrics-token-0123456789" });
const off = await start("off", { LOG_REQUESTS: "0" });
try {
  // Warm both (JIT, SQLite page cache) before measuring.
  await load(on, 2);
  await load(off, 2);
  const rounds: { on: number; off: number; onCpu: number; offCpu: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate which goes first, so a neighbour's burst on the shared machine hits both alike.
    const first = round % 2 ? off : on;
    const second = first === on ? off : on;
    const a = await load(first, SECONDS);
    const b = await load(second, SECONDS);
    const [o, f] = first === on ? [a, b] : [b, a];
    const result = { on: o.rps, off: f.rps, onCpu: o.cpuMsPerRequest, offCpu: f.cpuMsPerRequest };
    rounds.push(result);
    console.log(
      `round ${round}: off ${result.off.toFixed(0)} req/s, ${result.offCpu.toFixed(2)} CPU ms/request; ` +
        `on ${result.on.toFixed(0)} req/s, ${result.onCpu.toFixed(2)} CPU ms/request`,
    );
  }
  const offMedian = median(rounds.map((r) => r.off));
  const onMedian = median(rounds.map((r) => r.on));
  const overhead = (1 - onMedian / offMedian) * 100;
  const offCpu = median(rounds.map((r) => r.offCpu));
  const onCpu = median(rounds.map((r) => r.onCpu));
  console.log(`GET ${PATH}, ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s each:`);
  console.log(`  metrics + request log off: ${offMedian.toFixed(0)} req/s (median)`);
  console.log(`  metrics + request log on:  ${onMedian.toFixed(0)} req/s (median)`);
  console.log(`  server CPU per request: off ${offCpu.toFixed(2)} ms, on ${onCpu.toFixed(2)} ms (median)`);
  console.log(`  overhead: ${overhead.toFixed(1)} % of req/s; ${((onCpu / offCpu - 1) * 100).toFixed(1)} % more CPU per request (target ≤ 5 %)`);
} finally {
  on.child.kill("SIGTERM");
  off.child.kill("SIGTERM");
}
