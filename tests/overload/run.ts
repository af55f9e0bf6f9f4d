/**
 * Overload test (`npm run test:overload`, needs `npm run build`; about a minute).
 *
 * 1. Capacity: a few connections ask for the eligibility results page as fast as the node answers;
 *    the rate of full pages (HTTP 200) is the node's capacity.
 * 2. Storm: autocannon offers 5 × that rate of new visitors for 30 s, while a handful of browsers
 *    that keep their waiting-room cookie refresh as the waiting page tells them, and a signed-in
 *    owner submits an application with a document.
 * Passes when: served pages (200) p99 ≤ 1 s, waiting pages (503) p99 ≤ 100 ms, no connection errors
 * or time-outs, the server's memory stays bounded (peak RSS ≤ start + 300 MB), and the owner's
 * submission succeeds. Prints the figures; exit code 1 when a check fails.
 *
 * Settings (environment): OVERLOAD_PORT (3293), OVERLOAD_SECONDS (30), OVERLOAD_FACTOR (5), OVERLOAD_CONNECTIONS (32),
 * ADMISSION_MAX_INFLIGHT (2) and ADMISSION_MAX_LAG_MS (50) for the server under test.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrations";
import { seedProgrammes } from "../../db/seed";
import { addSession, addUser } from "../helpers/accounts";
import { restrictedRestaurantForm } from "../helpers/facts";
import { confirmOwnershipFixture, registrationNumber } from "../helpers/fixtures";
import { ROOT, SERVER_ENTRY } from "../helpers/server";

const PORT = Number(process.env.OVERLOAD_PORT ?? 3293);
const SECONDS = Number(process.env.OVERLOAD_SECONDS ?? 30);
const FACTOR = Number(process.env.OVERLOAD_FACTOR ?? 5);
const CONNECTIONS = Number(process.env.OVERLOAD_CONNECTIONS ?? 32);
const BASE = `http://127.0.0.1:${PORT}`;
const RESULTS = `/eligibility?${restrictedRestaurantForm().toString()}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function startServer(databasePath: string, admission: boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_PATH: databasePath,
      PORTAL_ENV: "test",
      LOG_REQUESTS: "0",
      // No bank answers: payout accounts are saved unchecked, as in the integration tests.
      PAYEE_CHECK_URL: "http://127.0.0.1:9",
      // Rendering is CPU work on one thread (better-sqlite3 is synchronous too), so a few requests in
      // flight already keep the core busy; more only lengthen everyone's wait.
      ADMISSION_MAX_INFLIGHT: admission ? (process.env.ADMISSION_MAX_INFLIGHT ?? "2") : "0",
      ADMISSION_MAX_LAG_MS: admission ? (process.env.ADMISSION_MAX_LAG_MS ?? "50") : "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    child.stdout!.on("data", (c) => {
      output += c;
      if (/listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", (c) => (output += c));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return child;
}

interface Run {
  served: number[];
  waiting: number[];
  other: Map<number, number>;
  result: autocannon.Result;
}

async function cannon(opts: Omit<autocannon.Options, "url">): Promise<Run> {
  const served: number[] = [];
  const waiting: number[] = [];
  const other = new Map<number, number>();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...opts, url: `${BASE}${RESULTS}`, headers: { "accept-language": "en" } }, (error, res) =>
      error ? reject(error) : resolve(res),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status === 200) served.push(ms);
      else if (status === 503) waiting.push(ms);
      else other.set(status, (other.get(status) ?? 0) + 1);
    });
  });
  return { served, waiting, other, result };
}

/**
 * A browser in the waiting line: keeps its cookie, refreshes after Retry-After (capped at 3 s here),
 * and once admitted reads two more pages with its pass. Its page answers count with autocannon's.
 */
async function patientVisitor(stopAt: number, admittedAfter: number[], served: number[], waiting: number[]) {
  while (Date.now() < stopAt) {
    let cookie = "";
    const arrived = performance.now();
    let pages = 0;
    while (pages < 3) {
      if (Date.now() >= stopAt) return;
      const t = performance.now();
      const res = await fetch(`${BASE}${RESULTS}`, {
        headers: { "accept-language": "en", ...(cookie ? { cookie } : {}) },
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      const ms = performance.now() - t;
      const set = res.headers.getSetCookie().find((c) => c.startsWith("portal_admission="));
      if (set) cookie = set.split(";")[0]!;
      if (res.status === 200) {
        served.push(ms);
        if (pages++ === 0) admittedAfter.push(performance.now() - arrived);
        await sleep(500);
      } else {
        if (res.status !== 503) throw new Error(`HTTP ${res.status}`);
        waiting.push(ms);
        await sleep(Math.min(3, Number(res.headers.get("retry-after") ?? 2)) * 1000);
      }
    }
  }
}

/** The signed-in owner: new draft, answers, a document, submit. Returns the reference and how long it took. */
async function ownerSubmits(cookie: string, businessId: number) {
  const started = performance.now();
  const post = async (p: string, body: URLSearchParams | FormData) => {
    const res = await fetch(`${BASE}${p}`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: BASE, Cookie: cookie, "Accept-Language": "en" },
      body,
      signal: AbortSignal.timeout(20_000),
    });
    await res.arrayBuffer();
    if (res.status !== 302) throw new Error(`POST ${p.split("?")[0]}: HTTP ${res.status}`);
    return res.headers.get("location")!;
  };
  const draft = (
    await post("/applications/new?programme=support-fund", new URLSearchParams({ programme: "support-fund", businessId: String(businessId) }))
  )
    .split("/")[2]!
    .split("?")[0]!;
  await post(`/applications/${draft}/facts`, new URLSearchParams(Object.fromEntries(restrictedRestaurantForm())));
  await post(
    `/applications/${draft}/account`,
    new URLSearchParams({ intent: "save", bankCode: "004", accountNumber: "123-456-789012", holderName: "Kim Minji" }),
  );
  const form = new FormData();
  form.set("requirementCode", "business-registration");
  form.set(
    "file",
    new Blob([Buffer.concat([Buffer.from("%PDF-1.4\n"), crypto.randomBytes(50_000), Buffer.from("\n%%EOF\n")])], { type: "application/pdf" }),
    "registration.pdf",
  );
  await post(`/applications/${draft}/documents`, form);
  const done = await post(`/applications/${draft}/check`, new URLSearchParams({ declaration: "yes" }));
  if (!/\/confirmation$/.test(done)) throw new Error(`submit answered ${done}`);
  return { reference: done.split("/")[2]!, ms: performance.now() - started };
}

async function main() {
  if (!fs.existsSync(SERVER_ENTRY)) throw new Error("build/index.js is missing: run `npm run build` first");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-overload-"));
  const databasePath = path.join(dir, "portal.db");
  const setup = createDatabase({ path: databasePath });
  await migrateToLatest(setup);
  await seedProgrammes(setup, { now: new Date() });
  const owner = await addUser(setup, "storm-owner@test.example", "owner");
  const { cookie } = await addSession(setup, owner.id);
  const stamp = new Date().toISOString();
  const business = await setup
    .insertInto("businesses")
    .values({
      owner_id: owner.id,
      trade_name: "Storm Kitchen",
      registration_number: registrationNumber(4242),
      representative_name: "Kim",
      phone: "010-1234-5678",
      address: "Seoul",
      region: "seoul",
      sector: "food_service",
      employees: 3,
      opened_on: "2018-03-01",
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  // Proven the owner's (identity and register), which submitting needs.
  await confirmOwnershipFixture(setup, owner.id, business.id);
  await setup.destroy();

  // Capacity first, on the same build and database with admission control off: full pages a second.
  const measuring = await startServer(databasePath, false);
  let capacity: number;
  try {
    await cannon({ connections: 2, duration: 2 });
    const capacityRun = await cannon({ connections: 4, duration: 6 });
    capacity = capacityRun.served.length / 6;
    console.log(
      `capacity: ${capacity.toFixed(1)} eligibility result pages/s (p50 ${percentile(capacityRun.served, 50).toFixed(0)} ms, p99 ${percentile(capacityRun.served, 99).toFixed(0)} ms)`,
    );
  } finally {
    measuring.kill("SIGTERM");
    await new Promise((r) => measuring.once("exit", r));
  }
  if (capacity < 1) throw new Error("the node served no pages while measuring capacity");

  const server = await startServer(databasePath, true);
  const failures: string[] = [];
  try {
    const offered = Math.ceil(capacity * FACTOR);
    const baselineRss = rssMb(server.pid!);
    let peakRss = baselineRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.pid!))), 250);
    const stopAt = Date.now() + SECONDS * 1000;
    const admittedAfter: number[] = [];
    const patientServed: number[] = [];
    const patientWaiting: number[] = [];
    const patient = Array.from({ length: 10 }, () =>
      patientVisitor(stopAt, admittedAfter, patientServed, patientWaiting).catch((e: Error) => failures.push(`patient visitor: ${e.message}`)),
    );
    const ownerRun = sleep((SECONDS * 1000) / 3).then(() => ownerSubmits(cookie, business.id));
    // The generator's connection count shapes the arrivals: autocannon's fixed-rate mode fires each
    // connection on its own schedule, and 133 connections at 5 requests/s each arrive in lock-step
    // bursts — on a node answering nothing but waiting pages at a sixth of its capacity that alone
    // measured p99 335 ms, against 19–42 ms with 20–32 connections at the same 665/s. 32 connections
    // carry 5 × capacity easily (a waiting page takes a fraction of a millisecond); the check below
    // makes sure the rate was really offered.
    const storm = await cannon({ connections: CONNECTIONS, overallRate: offered, duration: SECONDS, timeout: 10 });
    clearInterval(sampler);
    await Promise.all(patient);
    const submit = await ownerRun.catch((e: Error) => ({ error: e.message }));

    const { other, result } = storm;
    const served = [...storm.served, ...patientServed];
    const waiting = [...storm.waiting, ...patientWaiting];
    const servedP99 = percentile(served, 99);
    const waitingP99 = percentile(waiting, 99);
    const total = served.length + waiting.length + [...other.values()].reduce((a, b) => a + b, 0);
    console.log(`storm: offered ${offered}/s (${FACTOR} × capacity) for ${SECONDS} s; ${total} answers (${(total / SECONDS).toFixed(0)}/s)`);
    console.log(
      `  served (200): ${served.length} (${storm.served.length} to new visitors, ${patientServed.length} to visitors admitted from the line), p50 ${percentile(served, 50).toFixed(0)} ms, p99 ${servedP99.toFixed(0)} ms, max ${Math.max(0, ...served).toFixed(0)} ms`,
    );
    console.log(
      `  waiting pages (503): ${waiting.length}, p50 ${percentile(waiting, 50).toFixed(1)} ms, p99 ${waitingP99.toFixed(1)} ms, max ${Math.max(0, ...waiting).toFixed(0)} ms`,
    );
    if (other.size) console.log(`  other statuses: ${[...other].map(([s, n]) => `${s}×${n}`).join(", ")}`);
    console.log(`  connection errors ${result.errors}, time-outs ${result.timeouts}`);
    console.log(`  server memory: ${baselineRss.toFixed(0)} MB before, peak ${peakRss.toFixed(0)} MB`);
    console.log(
      `  patient visitors admitted from the line: ${admittedAfter.length}, waited p50 ${(percentile(admittedAfter, 50) / 1000).toFixed(1)} s, max ${(Math.max(0, ...admittedAfter) / 1000).toFixed(1)} s`,
    );
    console.log(
      `  signed-in owner's submission during the storm: ${"error" in submit ? `FAILED (${submit.error})` : `${submit.reference} in ${(submit.ms / 1000).toFixed(1)} s`}`,
    );

    if (storm.result.requests.total < 0.9 * offered * SECONDS)
      failures.push(`only ${storm.result.requests.total} requests were offered, under 90 % of ${offered}/s for ${SECONDS} s`);
    if (!served.length) failures.push("no page was served during the storm");
    if (!(servedP99 <= 1000)) failures.push(`served p99 ${servedP99.toFixed(0)} ms > 1000 ms`);
    if (!waiting.length) failures.push("no waiting page was shown: the storm did not saturate the node");
    else if (!(waitingP99 <= 100)) failures.push(`waiting-page p99 ${waitingP99.toFixed(1)} ms > 100 ms`);
    if (result.errors || result.timeouts) failures.push(`${result.errors} connection errors, ${result.timeouts} time-outs`);
    if (other.size) failures.push(`unexpected statuses ${[...other.keys()].join(", ")}`);
    if (peakRss > baselineRss + 300) failures.push(`memory grew from ${baselineRss.toFixed(0)} MB to ${peakRss.toFixed(0)} MB`);
    if ("error" in submit) failures.push(`owner's submission failed: ${submit.error}`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const [load] = os.loadavg();
  if (load! > os.cpus().length * 1.5) {
    console.log(
      `note: the machine's load average is ${load!.toFixed(1)} on ${os.cpus().length} cores: other work shares the CPU with the node under test, so these figures understate a dedicated node.`,
    );
  }
  if (failures.length) {
    console.error(`overload: FAILED\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
  console.log("overload: passed");
}

main().catch((error) => {
  console.error(`overload: ${(error as Error).message}`);
  process.exit(1);
});
