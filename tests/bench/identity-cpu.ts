/**
 * What an identity verification round trip costs the portal's server in CPU (target ≤ 10 ms).
 * The built server runs with the local identity provider (both real processes, loopback only); a
 * signed-in owner presses "Verify my identity" (POST /account/identity → the provider), picks a
 * person at the provider, and the provider sends the browser back to /account/identity/callback
 * (code exchange, ID token signature, the person stored and audited) — two requests to the portal,
 * one at a time, each owner a new account and a new person. The server process's CPU time (user +
 * system, /proc/<pid>/stat) is read before and after each run of round trips, so the provider's
 * own work and this script's are not counted. Baselines in the same run, the same way: GET /healthz
 * (one database query) and GET / (the home page, rendered). Several rounds, alternating, medians.
 *
 * `npm run build` first; then `npx tsx tests/bench/identity-cpu.ts` (BENCH_ROUND_TRIPS, BENCH_ROUNDS,
 * BENCH_BASELINE_REQUESTS to change the defaults). Prints one JSON line and writes
 * tests/bench/results/identity-cpu.json.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { addSession, addUser } from "../helpers/accounts";
import { CookieJar, startIdentityProvider } from "../helpers/identity-provider";
import { freePort } from "../helpers/local-service";
import { ROOT, startServer } from "../helpers/server";

const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BASELINE_REQUESTS = Number(process.env.BENCH_BASELINE_REQUESTS ?? 200);
const TARGET_MS = 10;

/** CPU milliseconds (user + system) the process has used so far, from /proc (Linux; USER_HZ = 100). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const provider = await startIdentityProvider({ redirectUri: `${origin}/account/identity/callback` });
const server = await startServer({ PORT: String(port), PUBLIC_ORIGIN: origin, ...provider.portalEnv });
const db = server.openDb();
let people = 0;

/**
 * CPU spent by the server on the start and on the callback, summed over a run: each read is
 * coarse (10 ms ticks), but the phase of the tick is random, so the sums are fair over many.
 */
const stage = { start: 0, callback: 0 };

/** One signed-in owner, verified as a person of their own; returns the portal requests it made. */
async function roundTrip(): Promise<number> {
  people++;
  const user = await addUser(db, `bench-identity-${people}@bench.example`, "owner");
  const jar = new CookieJar();
  jar.set(origin, (await addSession(db, user.id)).cookie);
  const providerOrigin = new RegExp(`^${provider.issuer}`);
  let mark = cpuMs(server.pid);
  // 1. The portal: an attempt stored, the browser sent to the provider (not followed here).
  const started = await jar.browse(
    `${server.url}/account/identity`,
    { method: "POST", headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" }, body: "returnTo=%2Faccount" },
    providerOrigin,
  );
  if (started.response) throw new Error(`the portal did not send the owner to the provider: ${started.response.status}`);
  stage.start += cpuMs(server.pid) - mark;
  // 2. The provider: its login page, then a typed person (a new one each time, so one person one account holds).
  const page = await jar.browse(started.url);
  const action = (await page.response!.text()).match(/action="(\/interaction\/[\w-]+\/login)"/)?.[1];
  if (!action) throw new Error("no login form at the provider");
  const fields = new URLSearchParams({ person: "typed", name: `벤치 ${people}`, birthdate: "1980-01-01" });
  const back = await jar.browse(
    `${provider.issuer}${action}`,
    { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: fields.toString() },
    /\/account\/identity\/callback\?/,
  );
  if (back.response) throw new Error(`the provider did not send the owner back: ${back.response.status}`);
  // 3. The portal's callback: code exchanged, token verified, the person stored; then on to returnTo (not followed).
  mark = cpuMs(server.pid);
  const done = await jar.browse(back.url, {}, /\/account$/);
  if (done.response) throw new Error(`the callback refused: ${done.response.status} ${(await done.response.text()).slice(0, 300)}`);
  stage.callback += cpuMs(server.pid) - mark;
  return 2;
}

async function identityRun(n: number) {
  stage.start = stage.callback = 0;
  const before = cpuMs(server.pid);
  const started = performance.now();
  let requests = 0;
  for (let i = 0; i < n; i++) requests += await roundTrip();
  const cpu = cpuMs(server.pid) - before;
  return {
    cpuMsPerRoundTrip: cpu / n,
    startCpuMs: stage.start / n,
    callbackCpuMs: stage.callback / n,
    wallMsPerRoundTrip: (performance.now() - started) / n,
    portalRequestsPerRoundTrip: requests / n,
  };
}

async function baselineRun(pathname: string, n: number) {
  const before = cpuMs(server.pid);
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${server.url}${pathname}`, { headers: { "Accept-Language": "en" } });
    if (res.status !== 200) throw new Error(`${pathname} answered ${res.status}`);
    await res.arrayBuffer();
  }
  return (cpuMs(server.pid) - before) / n;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round2 = (v: number) => Math.round(v * 100) / 100;

try {
  // Warm up: JIT, the provider's discovery document and keys, SQLite's page cache.
  await identityRun(5);
  await baselineRun("/healthz", 50);
  await baselineRun("/", 50);
  const rounds: Array<{ identity: Awaited<ReturnType<typeof identityRun>>; healthz: number; home: number }> = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the order, so a neighbour's burst on a shared machine falls on both alike.
    let identity: Awaited<ReturnType<typeof identityRun>>;
    let healthz: number;
    let home: number;
    if (round % 2) {
      identity = await identityRun(ROUND_TRIPS);
      healthz = await baselineRun("/healthz", BASELINE_REQUESTS);
      home = await baselineRun("/", BASELINE_REQUESTS);
    } else {
      home = await baselineRun("/", BASELINE_REQUESTS);
      healthz = await baselineRun("/healthz", BASELINE_REQUESTS);
      identity = await identityRun(ROUND_TRIPS);
    }
    rounds.push({ identity, healthz, home });
    console.error(
      `round ${round}: identity ${identity.cpuMsPerRoundTrip.toFixed(2)} CPU ms/round trip ` +
        `(start ${identity.startCpuMs.toFixed(2)}, callback ${identity.callbackCpuMs.toFixed(2)}; ${identity.wallMsPerRoundTrip.toFixed(0)} ms wall); ` +
        `GET /healthz ${healthz.toFixed(2)} ms, GET / ${home.toFixed(2)} ms`,
    );
  }
  const identityMs = median(rounds.map((r) => r.identity.cpuMsPerRoundTrip));
  const healthzMs = median(rounds.map((r) => r.healthz));
  const homeMs = median(rounds.map((r) => r.home));
  const result = {
    bench: "identity-cpu",
    at: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 1073741824)} GB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`,
    database: "SQLite",
    roundTripsPerRound: ROUND_TRIPS,
    rounds: ROUNDS,
    portalRequestsPerRoundTrip: rounds[0]!.identity.portalRequestsPerRoundTrip,
    identityCpuMsPerRoundTrip: round2(identityMs),
    // Of which the two requests (the rest: the server's own timers and the fixtures' writes between them).
    startCpuMs: round2(median(rounds.map((r) => r.identity.startCpuMs))),
    callbackCpuMs: round2(median(rounds.map((r) => r.identity.callbackCpuMs))),
    identityWallMsPerRoundTrip: round2(median(rounds.map((r) => r.identity.wallMsPerRoundTrip))),
    baselineCpuMsPerRequest: { "/healthz": round2(healthzMs), "/": round2(homeMs) },
    ratio: { "identity / healthz": round2(identityMs / healthzMs), "identity / home page": round2(identityMs / homeMs) },
    targetMs: TARGET_MS,
    withinTarget: identityMs <= TARGET_MS,
    perRound: rounds.map((r) => ({
      identityCpuMsPerRoundTrip: round2(r.identity.cpuMsPerRoundTrip),
      healthzCpuMs: round2(r.healthz),
      homeCpuMs: round2(r.home),
    })),
    command: "npm run build && npx tsx tests/bench/identity-cpu.ts",
  };
  console.log(JSON.stringify(result));
  const out = path.join(ROOT, "tests/bench/results/identity-cpu.json");
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.error(`written ${path.relative(ROOT, out)}`);
} finally {
  await db.destroy();
  await server.stop();
  await provider.stop();
}
