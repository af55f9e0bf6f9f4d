/**
 * `npm run bench:http -- --apps 100k`: the portal measured over HTTP, the way people use it.
 *
 * Builds the app and a bare Remix app (tests/bench/bare-remix: one root, one route, the same
 * Express), seeds a temporary SQLite database with N applications (tests/bench/seed-queue.ts, the
 * counters built by db:recount's code), starts both built servers, warms each page up, then drives
 * each page with autocannon (16 connections) and prints req/s, p50, p99, errors, the server's CPU
 * per request, its worst event-loop delay (monitorEventLoopDelay, read from the bench-only
 * /bench-stats) and RSS, plus the ratios the performance targets name. Writes the figures as JSON
 * (tests/bench/results/http-<N>.json, or --out) and compares the p99s with the 10,000 run when that
 * file exists.
 *
 * Options: --apps N (10000, 10k, 100k, 1M…) --duration seconds (10) --connections (16)
 *          --no-build --database sqlite|postgres (postgres: a new database on the server of
 *          BENCH_DATABASE_URL, else TEST_DATABASE_URL — a role that may create databases —, seeded
 *          server-side with generate_series and dropped afterwards)
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { createDatabase } from "../../db/client";
import { startApplication } from "../../app/modules/applications/applications.server";
import { listQueue } from "../../app/modules/review/queue.server";
import { parseQueueFilters } from "../../app/modules/review/queue";
import { addSession } from "../helpers/accounts";
import { seedQueueDatabase, seedQueuePostgres, SEED_NOW } from "./seed-queue";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const USAGE =
  "usage: npm run bench:http -- --apps <N|10k|100k|1M> [--duration 10] [--connections 16] [--no-build] [--database sqlite|postgres] [--out file.json]";

function parseCount(text: string | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text ?? "");
  if (!m) return null;
  const n = Math.round(Number(m[1]) * (m[2]?.toLowerCase() === "k" ? 1_000 : m[2]?.toLowerCase() === "m" ? 1_000_000 : 1));
  return n >= 100 && n <= 5_000_000 ? n : null;
}

function parseArgs(argv: string[]) {
  const opts = { apps: 10_000, duration: 10, connections: 16, build: true, database: "sqlite", out: "" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => argv[++i];
    if (a === "--apps") {
      const n = parseCount(next());
      if (n === null) return null;
      opts.apps = n;
    } else if (a === "--duration") {
      opts.duration = Number(next());
      if (!Number.isInteger(opts.duration) || opts.duration < 1 || opts.duration > 600) return null;
    } else if (a === "--connections") {
      opts.connections = Number(next());
      if (!Number.isInteger(opts.connections) || opts.connections < 1 || opts.connections > 1000) return null;
    } else if (a === "--no-build") opts.build = false;
    else if (a === "--database") {
      const d = next();
      if (d !== "sqlite" && d !== "postgres") return null;
      opts.database = d;
    } else if (a === "--out") opts.out = next() ?? "";
    else return null;
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
if (!opts) {
  console.error(USAGE);
  process.exit(2);
}
const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "";
if (opts.database === "postgres" && !/^postgres(ql)?:\/\//.test(PG_ADMIN_URL)) {
  console.error(`--database postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL (postgres://…, a role that may create databases). ${USAGE}`);
  process.exit(2);
}

const log = (line: string) => console.log(`[bench] ${line}`);

function cpuTicks(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (1/100 s)
  } catch {
    return NaN;
  }
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output()}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`server did not answer at ${url}:\n${output()}`);
}

function start(cmd: string[], env: Record<string, string>, cwd = ROOT) {
  let out = "";
  // BENCH_SERVER_NODE_OPTIONS (e.g. "--max-old-space-size=192") goes to both servers alike.
  const nodeOptions = process.env.BENCH_SERVER_NODE_OPTIONS ?? "";
  const child = spawn(process.execPath, cmd, { cwd, env: { ...process.env, NODE_OPTIONS: nodeOptions, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (out = (out + d).slice(-4000)));
  child.stderr!.on("data", (d) => (out = (out + d).slice(-4000)));
  return { child, output: () => out };
}

interface PageSpec {
  name: string;
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: Buffer;
  /** Rotates path and cookie per request (uploads into many drafts). */
  setupRequest?: (req: autocannon.Request) => autocannon.Request;
  bare?: boolean;
  expect?: number[];
}

interface PageResult {
  page: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  cpuMsPerRequest: number | null;
  eventLoopMaxMs: number | null;
  /** Worst event-loop delay with one request at a time: the longest a single request holds the loop. */
  eventLoopAloneMs: number | null;
  rssMb: number | null;
}

async function measure(spec: PageSpec, base: string, pid: number, duration: number, connections: number): Promise<PageResult> {
  const url = `${base}${spec.url}`;
  const common = {
    url,
    method: spec.method ?? "GET",
    headers: spec.headers,
    body: spec.body,
    requests: spec.setupRequest ? [{ setupRequest: spec.setupRequest }] : undefined,
    connections,
  } as autocannon.Options;
  // Warm-up: JIT, caches, SQLite pages.
  await autocannon({ ...common, duration: 2 });
  if (!spec.bare) await (await fetch(`${base}/bench-stats`)).arrayBuffer();
  const ticks = cpuTicks(pid);
  const r = await autocannon({ ...common, duration });
  const used = cpuTicks(pid) - ticks;
  const stats = spec.bare ? null : ((await (await fetch(`${base}/bench-stats`)).json()) as { eventLoopMaxMs: number; rssMb: number });
  // Under 16 connections one turn of the event loop serves many requests back to back, so the
  // worst delay above is a turn, not a request. One connection for 2 s shows what one request holds.
  let alone: number | null = null;
  if (!spec.bare) {
    await autocannon({ ...common, connections: 1, duration: 2 });
    alone = ((await (await fetch(`${base}/bench-stats`)).json()) as { eventLoopMaxMs: number }).eventLoopMaxMs;
  }
  const expected = spec.expect ?? [200];
  const codes = (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const unexpected = Object.entries(codes).reduce((sum, [code, v]) => sum + (expected.includes(Number(code)) ? 0 : v.count), 0);
  let rssMb = stats?.rssMb ?? null;
  if (spec.bare) {
    try {
      rssMb = Math.round((Number(fs.readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * 4096) / 1048576);
    } catch {}
  }
  return {
    page: spec.name,
    reqPerSec: Math.round(r.requests.average * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + unexpected,
    requests: r.requests.total,
    cpuMsPerRequest: Number.isFinite(used) && r.requests.total ? Math.round(((used * 10) / r.requests.total) * 100) / 100 : null,
    eventLoopMaxMs: stats?.eventLoopMaxMs ?? null,
    eventLoopAloneMs: alone,
    rssMb,
  };
}

interface ExportResult {
  rows: number;
  seconds: number;
  eventLoopMaxMs: number;
  worstPageMs: number;
}

/**
 * The queue's CSV export of every application, read to the end by one client while another asks
 * for the shell page every 100 ms: how long the export takes, the worst event-loop delay meanwhile
 * (it must yield between batches), and the slowest of those page requests.
 */
async function measureExport(base: string, cookie: string): Promise<ExportResult> {
  await (await fetch(`${base}/bench-stats`)).arrayBuffer();
  const started = performance.now();
  let done = false;
  let worstPageMs = 0;
  const prober = (async () => {
    while (!done) {
      const t = performance.now();
      await (await fetch(`${base}/bench-shell`)).arrayBuffer();
      worstPageMs = Math.max(worstPageMs, performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const res = await fetch(`${base}/admin/applications/export.csv?assignee=anyone`, { headers: { Cookie: cookie } });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`);
  let newlines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) for (const byte of chunk) if (byte === 10) newlines++;
  const seconds = (performance.now() - started) / 1000;
  done = true;
  await prober;
  const stats = (await (await fetch(`${base}/bench-stats`)).json()) as { eventLoopMaxMs: number };
  // Header line excluded; a quoted field may hold a newline, but the seeded data has none.
  return { rows: newlines - 1, seconds: Math.round(seconds * 10) / 10, eventLoopMaxMs: stats.eventLoopMaxMs, worstPageMs: Math.round(worstPageMs) };
}

/** A 200 KB PDF (a valid header and trailer around filler) as one multipart upload body. */
function pdfUpload(boundary: string): Buffer {
  const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n% bench\n"), Buffer.alloc(200 * 1024 - 32, 0x20), Buffer.from("\n%%EOF\n")]);
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="requirementCode"\r\n\r\nbusiness-registration\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="registration.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    pdf,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

async function main() {
  const o = opts!;
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 1073741824)} GB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
  log(`machine: ${machine}`);
  if (o.build) {
    log("building the app and the bare Remix app");
    execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
    execFileSync(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
      cwd: path.join(ROOT, "tests/bench/bare-remix"),
      stdio: "ignore",
    });
  }
  const t0 = Date.now();
  log(`seeding ${o.apps.toLocaleString("en")} applications`);
  const onPostgres = o.database === "postgres";
  const seeded = onPostgres
    ? await (async () => {
        const pgSeed = await seedQueuePostgres({ applications: o.apps, adminUrl: PG_ADMIN_URL, log });
        return { env: { DATABASE_URL: pgSeed.url }, url: pgSeed.url, file: "", caseworkerIds: pgSeed.caseworkerIds, cleanup: pgSeed.cleanup };
      })()
    : await (async () => {
        const lite = await seedQueueDatabase({ applications: o.apps, log });
        return {
          env: { DATABASE_PATH: lite.file },
          url: undefined,
          file: lite.file,
          caseworkerIds: lite.caseworkerIds,
          cleanup: async () => lite.cleanup(),
        };
      })();
  log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Staff and owner sessions, drafts to upload into, and the cursor of queue page 500.
  const db = createDatabase({ path: seeded.file, url: seeded.url, poolSize: 2 });
  const stamp = SEED_NOW.toISOString();
  const supervisor = await db
    .insertInto("users")
    .values({
      email: "supervisor@bench.test",
      password_hash: "x",
      role: "supervisor",
      created_at: stamp,
      updated_at: stamp,
      password_changed_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const staffCookie = (await addSession(db, supervisor.id, { createdAt: new Date() })).cookie;
  const caseworkerCookie = (await addSession(db, seeded.caseworkerIds[0]!, { createdAt: new Date() })).cookie;
  const drafts: { path: string; cookie: string }[] = [];
  const today = new Date();
  for (let i = 0; i < 400; i++) {
    const owner = await db
      .insertInto("users")
      .values({
        email: `uploader${i}@bench.test`,
        password_hash: "x",
        role: "owner",
        created_at: stamp,
        updated_at: stamp,
        password_changed_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const business = await db
      .insertInto("businesses")
      .values({
        owner_id: owner.id,
        trade_name: `Uploader ${i}`,
        registration_number: String(9_000_000_000 + i),
        representative_name: "Kim",
        phone: "010-0000-0000",
        address: "Seoul",
        region: "seoul",
        sector: "food_service",
        employees: 3,
        opened_on: "2018-01-01",
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const started = await startApplication({ ownerId: owner.id, businessId: business.id, programmeSlug: "support-fund" }, { db, now: today });
    if (!started.ok) throw new Error(`draft: ${started.reason}`);
    drafts.push({ path: `/applications/${started.key}/documents`, cookie: (await addSession(db, owner.id)).cookie });
  }
  let cursor: string | null = null;
  const filters = parseQueueFilters(new URLSearchParams("assignee=anyone")).filters;
  for (let page = 1; page < 500; page++) {
    const p = await listQueue({ ...filters, cursor }, { id: seeded.caseworkerIds[0]! }, { db, counts: false, pageSize: 25 });
    cursor = p.nextCursor;
    if (!cursor) break;
  }
  await db.destroy();

  const appPort = 3261;
  const barePort = 3268;
  const app = start([path.join(ROOT, "build/index.js")], {
    PORT: String(appPort),
    HOST: "127.0.0.1",
    ...seeded.env,
    PORTAL_ENV: "test",
    LOG_REQUESTS: "0",
    BENCH_SHELL_ROUTE: "1",
  });
  const bare = start([path.join(ROOT, "tests/bench/bare-remix/server.mjs")], { PORT: String(barePort), NODE_ENV: "production" });
  const results: PageResult[] = [];
  // eslint-disable-next-line no-useless-assignment -- read after the try block, which may end before it is set
  let exportResult: ExportResult | null = null;
  try {
    await waitFor(`http://127.0.0.1:${appPort}/healthz`, app.child, app.output);
    await waitFor(`http://127.0.0.1:${barePort}/`, bare.child, bare.output);
    const base = `http://127.0.0.1:${appPort}`;
    const eligibility =
      "/eligibility?sector=food_service&region=seoul&employees=3&openedOn=2018-03-01&businessState=operating&premises=rented&monthlyRent=1500000&covidMeasure=restriction&sales2019=200000000&sales2020=150000000&taxArrears=no&loanDefault=no";
    const boundary = `----bench${crypto.randomBytes(8).toString("hex")}`;
    let n = 0;
    const pages: PageSpec[] = [
      { name: "bare Remix app", url: "/", bare: true },
      { name: "app shell (/bench-shell)", url: "/bench-shell" },
      { name: "catalogue /programmes", url: "/programmes" },
      { name: "programme page", url: "/programmes/support-fund" },
      { name: "eligibility results", url: eligibility },
      { name: "queue page 1", url: "/admin/applications", headers: { Cookie: caseworkerCookie } },
      {
        name: "queue filtered",
        url: "/admin/applications?assignee=anyone&programme=support-fund&region=seoul&status=submitted",
        headers: { Cookie: caseworkerCookie },
      },
      {
        name: "queue page 500",
        url: `/admin/applications?assignee=anyone&cursor=${encodeURIComponent(cursor ?? "")}`,
        headers: { Cookie: caseworkerCookie },
      },
      { name: "dashboard /admin", url: "/admin", headers: { Cookie: staffCookie } },
      { name: "statistics", url: "/statistics" },
      {
        name: "upload 200 KB PDF",
        url: drafts[0]!.path,
        method: "POST",
        body: pdfUpload(boundary),
        headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Origin: base },
        // 20 documents at most per application: spread the uploads over 400 drafts.
        setupRequest: (req) => {
          const d = drafts[Math.floor(n++ / 19) % drafts.length]!;
          return { ...req, path: d.path, headers: { ...req.headers, Cookie: d.cookie } };
        },
        expect: [302, 303, 204, 200],
      },
    ];
    for (const spec of pages) {
      const result = await measure(
        spec,
        spec.bare ? `http://127.0.0.1:${barePort}` : base,
        (spec.bare ? bare : app).child.pid!,
        o.duration,
        o.connections,
      );
      results.push(result);
      log(`${result.page}: ${result.reqPerSec} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}`);
    }
    exportResult = await measureExport(base, caseworkerCookie);
    log(
      `export of every application: ${exportResult.rows} rows in ${exportResult.seconds} s, worst event-loop delay ${exportResult.eventLoopMaxMs} ms, slowest shell page meanwhile ${exportResult.worstPageMs} ms`,
    );
  } finally {
    app.child.kill("SIGTERM");
    bare.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await seeded.cleanup();
  }

  const by = (name: string) => results.find((r) => r.page.startsWith(name))!;
  const ratio = (a: string, b: string) => Math.round((by(a).reqPerSec / by(b).reqPerSec) * 100) / 100;
  const ratios = {
    "shell / bare Remix": ratio("app shell", "bare Remix"),
    "catalogue / shell": ratio("catalogue", "app shell"),
    "programme page / shell": ratio("programme page", "app shell"),
    "eligibility / shell": ratio("eligibility", "app shell"),
  };
  const dbName = onPostgres ? "PostgreSQL" : "SQLite";
  console.log(`\n${o.apps.toLocaleString("en")} applications on ${dbName}, ${o.connections} connections, ${o.duration} s per page — ${machine}\n`);
  console.log("| page | req/s | p50 ms | p99 ms | errors | CPU ms/req | worst event-loop delay ms, 16 conn. / 1 conn. | RSS MB |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results)
    console.log(
      `| ${r.page} | ${r.reqPerSec} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.cpuMsPerRequest ?? "—"} | ${r.eventLoopMaxMs ?? "—"} / ${r.eventLoopAloneMs ?? "—"} | ${r.rssMb ?? "—"} |`,
    );
  if (exportResult) {
    console.log(
      `| CSV export, every application | ${Math.round(exportResult.rows / exportResult.seconds)} rows/s | ${exportResult.rows} rows in ${exportResult.seconds} s | shell page meanwhile ≤ ${exportResult.worstPageMs} ms | | | ${exportResult.eventLoopMaxMs} | |`,
    );
  }
  console.log(
    "\nratios:",
    Object.entries(ratios)
      .map(([k, v]) => `${k} ${v}`)
      .join(", "),
  );

  const notes: string[] = [];
  const check = (ok: boolean, text: string) => notes.push(`${ok ? "met " : "NOT met"}  ${text}`);
  check(ratios["shell / bare Remix"] >= 0.6, `shell ≥ 60 % of bare Remix (${Math.round(ratios["shell / bare Remix"] * 100)} %)`);
  check(ratios["catalogue / shell"] >= 0.7, `catalogue ≥ 70 % of shell (${Math.round(ratios["catalogue / shell"] * 100)} %)`);
  check(ratios["programme page / shell"] >= 0.7, `programme page ≥ 70 % of shell (${Math.round(ratios["programme page / shell"] * 100)} %)`);
  check(ratios["eligibility / shell"] >= 0.6, `eligibility ≥ 60 % of shell (${Math.round(ratios["eligibility / shell"] * 100)} %)`);
  const upload = by("upload");
  check(
    upload.reqPerSec >= 200 && upload.errors === 0,
    `PDF uploads ≥ 200/s with 0 errors (${upload.reqPerSec}/s, ${upload.errors} errors${onPostgres ? "; the target is for SQLite" : ""})`,
  );
  const worstPage = results.filter((r) => r.eventLoopAloneMs !== null).sort((a, b) => b.eventLoopAloneMs! - a.eventLoopAloneMs!)[0];
  const worst = Math.max(worstPage?.eventLoopAloneMs ?? 0, exportResult?.eventLoopMaxMs ?? 0);
  check(
    worst <= 50,
    `no request blocks the event loop > 50 ms (one request at a time: worst ${worstPage?.eventLoopAloneMs} ms, ${worstPage?.page}; during the export: ${exportResult?.eventLoopMaxMs} ms)`,
  );
  const rss = Math.max(...results.filter((r) => !r.page.startsWith("bare")).map((r) => r.rssMb ?? 0));
  check(
    rss <= 300,
    `RSS ≤ 300 MB (${rss} MB; the bare Remix app reached ${by("bare Remix").rssMb} MB${process.env.BENCH_SERVER_NODE_OPTIONS ? `; servers ran with ${process.env.BENCH_SERVER_NODE_OPTIONS}` : ""})`,
  );
  const resultsDir = path.join(ROOT, "tests/bench/results");
  const stem = onPostgres ? "http-postgres-" : "http-";
  const baselineFile = path.join(resultsDir, `${stem}10000.json`);
  if (o.apps > 10_000 && fs.existsSync(baselineFile)) {
    const baseline = JSON.parse(fs.readFileSync(baselineFile, "utf8")) as { results: PageResult[] };
    for (const name of ["eligibility results", "queue page 1", "queue filtered", "queue page 500", "dashboard /admin"]) {
      const before = baseline.results.find((r) => r.page === name);
      const now = results.find((r) => r.page === name);
      if (before && now) check(now.p99 <= 1.5 * before.p99, `${name}: p99 ${now.p99} ms ≤ 1.5 × ${before.p99} ms at 10,000`);
    }
  }
  console.log(`\n${notes.join("\n")}`);

  const out = o.out || path.join(resultsDir, `${stem}${o.apps}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    `${JSON.stringify({ apps: o.apps, database: dbName, at: new Date().toISOString(), machine, serverNodeOptions: process.env.BENCH_SERVER_NODE_OPTIONS ?? "", connections: o.connections, durationS: o.duration, results, exportResult, ratios, notes }, null, 2)}\n`,
  );
  log(`wrote ${path.relative(ROOT, out)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
