/**
 * Durability proof (`npm run test:durability`, needs `npm run build`): owners submit applications
 * with documents over HTTP while the server is killed with SIGKILL at random moments (20 times by
 * default) and started again. Afterwards, with the server stopped:
 *   - every acknowledged submission (a redirect to its confirmation page) exists exactly once;
 *   - every acknowledged upload is stored byte for byte (sha256 of the stored bytes = what we sent),
 *     and nothing is stored that we did not send;
 *   - the audit chain verifies and `PRAGMA integrity_check` says ok.
 * Exit code 0 when all hold, 1 otherwise. Prints its figures.
 *
 * Settings (environment): DURABILITY_KILLS (20), DURABILITY_OWNERS (6), DURABILITY_PORT (3292),
 * SQLITE_SYNCHRONOUS (passed to the server; NORMAL is what a process crash needs).
 *
 * PostgreSQL (DURABILITY_TARGET=postgres, on the server of TEST_DATABASE_URL — a role that may
 * create databases): the portal runs with DATABASE_URL on a fresh database, and the kills alternate
 * between SIGKILL of the portal and a crash restart of the database server itself
 * (`pg_ctlcluster … restart -m immediate`: no checkpoint, recovery from the WAL; DURABILITY_PG_RESTART
 * overrides the command). The same checks then run over `pg`; PostgreSQL has no integrity_check, so
 * the byte-for-byte document hashes and the audit chain are the proof there.
 */
import { execSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "../../db/schema";
import { verifyAuditChain } from "../../app/modules/audit/audit.server";
import { createDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrations";
import { seedProgrammes } from "../../db/seed";
import { addSession, addUser } from "../helpers/accounts";
import { restrictedRestaurantForm } from "../helpers/facts";
import { confirmOwnershipFixture, registrationNumber } from "../helpers/fixtures";
import { createDatabaseNamed, databaseUrl, dropDatabaseNamed, uniqueName } from "../helpers/pg-admin";
import { ROOT, SERVER_ENTRY } from "../helpers/server";

const KILLS = Number(process.env.DURABILITY_KILLS ?? 20);
const OWNERS = Number(process.env.DURABILITY_OWNERS ?? 6);
const PORT = Number(process.env.DURABILITY_PORT ?? 3292);
const BASE = `http://127.0.0.1:${PORT}`;

interface Target {
  start(): Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
  inspect(acks: Ack[], sent: Map<string, Set<string>>, uploads: UploadAck[]): Promise<string[]>;
}

interface Ack {
  reference: string;
  draft: string;
}
interface UploadAck {
  draft: string;
  sha256: string;
}

function sqliteTarget(databasePath: string, extraEnv: Record<string, string> = {}): Target {
  let child: ChildProcess | null = null;
  let output = "";
  const start = () =>
    new Promise<void>((resolve, reject) => {
      output = "";
      const c = spawn(process.execPath, [SERVER_ENTRY], {
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
          ...extraEnv,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = c;
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        output += chunk;
        if (/listening on/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      c.stdout!.on("data", onData);
      c.stderr!.on("data", (chunk) => (output += chunk));
      c.once("exit", (code, signal) => {
        clearTimeout(timer);
        if (signal !== "SIGKILL" && signal !== "SIGTERM" && code !== 0) reject(new Error(`server exited with ${code}:\n${output}`));
      });
    });
  const waitExit = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r())));
  return {
    start,
    async kill() {
      const c = child!;
      c.kill("SIGKILL");
      await waitExit(c);
    },
    async stop() {
      const c = child;
      if (!c) return;
      c.kill("SIGTERM");
      await waitExit(c);
    },
    async inspect(acks, sent, uploads) {
      const problems: string[] = [];
      const sqlite = new SQLite(databasePath);
      const integrity = sqlite.pragma("integrity_check", { simple: true });
      if (integrity !== "ok") problems.push(`integrity_check: ${String(integrity)}`);
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
      try {
        problems.push(...(await checkDatabase(db, acks, sent, uploads)));
      } finally {
        await db.destroy();
      }
      return problems;
    },
  };
}

/** What must hold on either database after the run. */
async function checkDatabase(db: Kysely<Database>, acks: Ack[], sent: Map<string, Set<string>>, uploads: UploadAck[]): Promise<string[]> {
  const problems: string[] = [];
  const chain = await verifyAuditChain(db);
  if (!chain.ok) problems.push(`audit chain broken at row ${chain.brokenId}: ${chain.reason}`);
  for (const ack of acks) {
    const rows = await db.selectFrom("applications").select(["id", "status", "public_id"]).where("reference", "=", ack.reference).execute();
    if (rows.length !== 1) {
      problems.push(`${ack.reference}: ${rows.length} rows (expected exactly 1)`);
      continue;
    }
    if (rows[0]!.status !== "submitted") problems.push(`${ack.reference}: status ${rows[0]!.status}`);
    if (rows[0]!.public_id !== ack.draft) problems.push(`${ack.reference}: belongs to draft ${rows[0]!.public_id}, acknowledged for ${ack.draft}`);
  }
  const dup = await db
    .selectFrom("applications")
    .select(["reference", (eb) => eb.fn.countAll<number>().as("n")])
    .where("reference", "is not", null)
    .groupBy("reference")
    .having((eb) => eb.fn.countAll(), ">", 1)
    .execute();
  for (const d of dup) problems.push(`reference ${d.reference} appears ${d.n} times`);
  // Every stored document is byte-identical to one we sent for that draft; every acknowledged upload is there.
  const docs = await db
    .selectFrom("application_documents as d")
    .innerJoin("applications as a", "a.id", "d.application_id")
    .select(["a.public_id", "d.content", "d.sha256", "d.size_bytes"])
    .execute();
  const stored = new Map<string, Set<string>>();
  for (const doc of docs) {
    const actual = crypto.createHash("sha256").update(doc.content).digest("hex");
    if (actual !== doc.sha256 || doc.content.length !== doc.size_bytes)
      problems.push(`document of ${doc.public_id}: stored bytes do not match their recorded hash/size`);
    if (!sent.get(doc.public_id)?.has(actual)) problems.push(`document of ${doc.public_id}: bytes we never sent (${actual.slice(0, 12)}…)`);
    if (!stored.has(doc.public_id)) stored.set(doc.public_id, new Set());
    stored.get(doc.public_id)!.add(actual);
  }
  for (const u of uploads)
    if (!stored.get(u.draft)?.has(u.sha256)) problems.push(`acknowledged upload ${u.sha256.slice(0, 12)}… of ${u.draft} is missing`);
  return problems;
}

/**
 * The portal on PostgreSQL. Odd kills SIGKILL the portal; even kills crash-restart the database
 * server under the running portal (its pool must reconnect; requests meanwhile fail and are retried).
 */
function postgresTarget(databaseUrl: string): Target {
  const portal = sqliteTarget("", { DATABASE_URL: databaseUrl });
  const sudo = process.getuid?.() === 0 ? "" : "sudo ";
  const restart = process.env.DURABILITY_PG_RESTART ?? `${sudo}pg_ctlcluster --skip-systemctl-redirect ${pgVersion()} main restart -m immediate`;
  let kills = 0;
  return {
    stop: portal.stop,
    async kill() {
      kills++;
      if (kills % 2 === 1) return portal.kill();
      execSync(restart, { stdio: "ignore" });
      pgRestarts++;
    },
    async start() {
      // After a database restart the portal is still up: nothing to start.
      if (kills % 2 === 0 && kills > 0) return;
      await portal.start();
    },
    async inspect(acks, sent, uploads) {
      const db = createDatabase({ path: "", url: databaseUrl, poolSize: 2 });
      try {
        return await checkDatabase(db, acks, sent, uploads);
      } finally {
        await db.destroy();
      }
    },
  };
}

let pgRestarts = 0;

function pgVersion(): string {
  return fs
    .readdirSync("/usr/lib/postgresql")
    .sort((a, b) => Number(a) - Number(b))
    .at(-1)!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  if (!fs.existsSync(SERVER_ENTRY)) throw new Error("build/index.js is missing: run `npm run build` first");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-durability-"));
  const databasePath = path.join(dir, "portal.db");
  const onPostgres = process.env.DURABILITY_TARGET === "postgres";
  const pgName = onPostgres ? uniqueName("portal_durability") : "";
  if (onPostgres) await createDatabaseNamed(pgName);
  const pgUrl = onPostgres ? databaseUrl(pgName) : undefined;

  // Owners, their sessions and one business per application they will make, written before the server starts.
  const setup = createDatabase({ path: databasePath, url: pgUrl, poolSize: 2 });
  await migrateToLatest(setup);
  await seedProgrammes(setup, { now: new Date() });
  const stamp = new Date().toISOString();
  const owners: { cookie: string; businesses: number[] }[] = [];
  for (let i = 0; i < OWNERS; i++) {
    const user = await addUser(setup, `durable-${i}@test.example`, "owner");
    const { cookie } = await addSession(setup, user.id);
    const businesses: number[] = [];
    for (let b = 0; b < 200; b++) {
      const row = await setup
        .insertInto("businesses")
        .values({
          owner_id: user.id,
          trade_name: `Durable ${i}-${b}`,
          registration_number: registrationNumber(i * 1000 + b + 1),
          representative_name: "Kim Minji",
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
      await confirmOwnershipFixture(setup, user.id, row.id);
      businesses.push(row.id);
    }
    owners.push({ cookie, businesses });
  }
  await setup.destroy();

  const target = pgUrl ? postgresTarget(pgUrl) : sqliteTarget(databasePath);
  await target.start();

  const acks: Ack[] = [];
  const uploads: UploadAck[] = [];
  const sent = new Map<string, Set<string>>();
  let failures = 0;
  const reasons = new Map<string, number>();
  let running = true;
  const facts = Object.fromEntries(restrictedRestaurantForm());

  const post = (p: string, cookie: string, body: URLSearchParams | FormData) =>
    fetch(`${BASE}${p}`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: BASE, Cookie: cookie, "Accept-Language": "en" },
      body,
      signal: AbortSignal.timeout(15_000),
    });
  const expect302 = async (res: Response, what: string) => {
    await res.arrayBuffer();
    if (res.status !== 302) throw new Error(`${what}: HTTP ${res.status}`);
    return res.headers.get("location") ?? "";
  };

  async function waitForServer() {
    for (let i = 0; i < 600 && running; i++) {
      try {
        const res = await fetch(`${BASE}/healthz`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.ok) return;
      } catch {
        // still down
      }
      await sleep(100);
    }
  }

  async function apply(cookie: string, businessId: number): Promise<void> {
    const start = await expect302(
      await post(
        "/applications/new?programme=support-fund",
        cookie,
        new URLSearchParams({ programme: "support-fund", businessId: String(businessId) }),
      ),
      "new",
    );
    const draft = start.split("/")[2]!.split("?")[0]!;
    if (!/^d[a-z0-9]{12}$/.test(draft)) throw new Error(`unexpected draft address ${start}`);
    await expect302(await post(`/applications/${draft}/facts`, cookie, new URLSearchParams(facts)), "facts");
    // The payout account step (saved unchecked when no bank answers; a batch would check it again).
    const account = { intent: "save", bankCode: "004", accountNumber: "123-456-789012", holderName: "Kim Minji" };
    await expect302(await post(`/applications/${draft}/account`, cookie, new URLSearchParams(account)), "account");
    // A document of random size and content, its hash noted before it is sent.
    const bytes = Buffer.concat([Buffer.from("%PDF-1.4\n"), crypto.randomBytes(1_000 + crypto.randomInt(200_000)), Buffer.from("\n%%EOF\n")]);
    const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
    if (!sent.has(draft)) sent.set(draft, new Set());
    sent.get(draft)!.add(sha256);
    const form = new FormData();
    form.set("requirementCode", "business-registration");
    form.set("file", new Blob([bytes], { type: "application/pdf" }), "registration.pdf");
    await expect302(await post(`/applications/${draft}/documents`, cookie, form), "upload");
    uploads.push({ draft, sha256 });
    const done = await expect302(await post(`/applications/${draft}/check`, cookie, new URLSearchParams({ declaration: "yes" })), "submit");
    const match = /^\/applications\/([A-Z]+-\d{4}-\d{6})\/confirmation$/.exec(done);
    if (!match) throw new Error(`submit answered ${done}`);
    acks.push({ reference: match[1]!, draft });
  }

  const workers = owners.map(async ({ cookie, businesses }) => {
    for (const businessId of businesses) {
      if (!running) return;
      // The same business again after a failure reopens the same draft (or finds it submitted).
      for (let attempt = 0; attempt < 5 && running; attempt++) {
        try {
          await apply(cookie, businessId);
          break;
        } catch (error) {
          failures++;
          const reason = (error as Error).message.split("\n")[0]!;
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          // A kill: wait until the server is back rather than spend the attempts on a closed port.
          if (reason === "fetch failed") attempt--;
          await waitForServer();
        }
      }
    }
  });

  const started = Date.now();
  for (let k = 1; k <= KILLS; k++) {
    await sleep(300 + Math.random() * 1_700);
    await target.kill();
    await target.start();
  }
  await sleep(1_000);
  running = false;
  await Promise.all(workers);
  await target.stop();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  const problems = await target.inspect(acks, sent, uploads);
  if (process.env.DURABILITY_VERBOSE) console.log([...reasons].map(([r, n]) => `  ${n} × ${r}`).join("\n"));
  const what = onPostgres
    ? `PostgreSQL: ${KILLS - pgRestarts} SIGKILLs of the portal and ${pgRestarts} crash restarts of the database server`
    : `SQLite: ${KILLS} SIGKILLs; SQLITE_SYNCHRONOUS=${process.env.SQLITE_SYNCHRONOUS ?? "NORMAL"}`;
  console.log(
    `durability (${what}) in ${seconds} s: ${acks.length} acknowledged submissions, ${uploads.length} acknowledged uploads, ${failures} requests lost to kills (retried)`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  if (onPostgres) await dropDatabaseNamed(pgName).catch((error: Error) => console.warn(`durability: could not drop ${pgName}: ${error.message}`));
  if (acks.length === 0) {
    console.error("durability: FAILED — no submission was acknowledged, so nothing was proven");
    process.exit(1);
  }
  if (problems.length) {
    console.error(`durability: FAILED\n  ${problems.slice(0, 50).join("\n  ")}`);
    process.exit(1);
  }
  console.log(
    `durability: every acknowledged submission exists exactly once with byte-identical documents; audit chain${onPostgres ? "" : " and integrity_check"} ok`,
  );
}

main().catch((error) => {
  console.error(`durability: ${(error as Error).message}`);
  process.exit(1);
});
