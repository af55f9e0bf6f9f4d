/**
 * Benchmark (not a test): one-step applications decided by rules, over HTTP, against the built
 * server on SQLite, with the local bank answering each payee check (tools/fake-bank, a real process).
 * Creates N listed owners with sessions, then sends their POSTs with C in flight; the baseline in the
 * same run is GET /healthz, N requests with C in flight, so the figure reads as a ratio on a noisy
 * machine too.
 *   npm run build && npx tsx tests/bench/rapid-http.ts [N=2000] [C=16] [PORT=3273]
 */
import { confirmOwnershipFixture } from "../helpers/fixtures";
import { startFakeBank } from "../helpers/fake-bank";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { businessNumberCheckDigit } from "../../app/modules/businesses/business-number";
import { sessionRowId } from "../../app/modules/accounts/session.server";
import { createDatabase } from "../../db/client";

const N = Number(process.argv[2] ?? 2000);
const C = Number(process.argv[3] ?? 16);
const PORT = Number(process.argv[4] ?? 3273);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rapid-bench-"));
const dbPath = path.join(dir, "portal.db");
const base = `http://127.0.0.1:${PORT}`;

// BENCH_NODE_ARGS: extra flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
// The fixture's verified person (Kim Minji) holds the account every owner gives.
const ACCOUNT = { bank: "004", number: "123456789012", holder: "Kim Minji" };
const bank = await startFakeBank();
await bank.control({ accounts: [ACCOUNT] });
const child = spawn(process.execPath, [...nodeArgs, "build/index.js"], {
  env: { ...process.env, PORT: String(PORT), HOST: "127.0.0.1", DATABASE_PATH: dbPath, PORTAL_ENV: "test", LOG_REQUESTS: "0", ...bank.portalEnv },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve) => child.stdout!.on("data", (c: Buffer) => String(c).includes("listening") && resolve()));

const db = createDatabase({ path: dbPath });
const stamp = new Date().toISOString();
const programme = await db.selectFrom("programmes").select("id").where("slug", "=", "support-fund").executeTakeFirstOrThrow();
const list = await db
  .insertInto("verified_lists")
  .values({ programme_id: programme.id, round: 1, created_at: stamp })
  .returning("id")
  .executeTakeFirstOrThrow();
const owners: Array<{ cookie: string; businessId: number }> = [];
await db.transaction().execute(async (trx) => {
  for (let i = 0; i < N; i++) {
    const nine = String(300_000_000 + i);
    const number = `${nine}${businessNumberCheckDigit(nine)}`;
    const user = await trx
      .insertInto("users")
      // Confirmed email, as applying needs.
      .values({
        email: `bench${i}@bench.test`,
        password_hash: "x",
        role: "owner",
        created_at: stamp,
        updated_at: stamp,
        password_changed_at: stamp,
        email_verified_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const business = await trx
      .insertInto("businesses")
      .values({
        owner_id: user.id,
        trade_name: `Bench ${i}`,
        registration_number: number,
        representative_name: "Kim",
        phone: "010-0000-0000",
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
    // Proven the owner's (identity and register), which applying needs.
    await confirmOwnershipFixture(trx, user.id, business.id);
    await trx
      .insertInto("verified_entries")
      .values({
        list_id: list.id,
        registration_number: number,
        trade_name: `Bench ${i}`,
        representative: "Kim",
        facts: JSON.stringify({
          sector: "food_service",
          region: "seoul",
          covidMeasure: "restriction",
          businessState: "operating",
          sales2019: 150000000,
          sales2020: 90000000,
          employees: 3,
          openedOn: "2018-03-01",
        }),
        amount_krw: 2_000_000,
        source: "bench",
        row_hash: "x",
        last_import_id: 0,
        last_row: i + 2,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
    const id = crypto.randomBytes(25).toString("hex");
    await trx
      .insertInto("auth_session")
      .values({
        id: sessionRowId(id),
        user_id: user.id,
        expires_at: new Date(Date.now() + 86_400_000).toISOString(),
        created_at: stamp,
        last_seen_at: stamp,
      })
      .execute();
    owners.push({ cookie: `portal_session=${id}`, businessId: business.id });
  }
});

/** CPU seconds (user + system) the server has used so far, from /proc (Linux). */
function serverCpuSeconds(): number {
  const fields = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The baseline: the cheapest page the server has, N times with C in flight. */
async function healthzPerSecond(): Promise<number> {
  let left = owners.length;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (left-- > 0) await (await fetch(`${base}/healthz`)).arrayBuffer();
    }),
  );
  return owners.length / ((performance.now() - t0) / 1000);
}
const baseline = await healthzPerSecond();

let next = 0;
let ok = 0;
let bad = 0;
const started = performance.now();
const cpuBefore = serverCpuSeconds();
async function worker() {
  while (next < owners.length) {
    const o = owners[next++]!;
    const res = await fetch(`${base}/applications/rapid?programme=support-fund`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: o.cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        businessId: String(o.businessId),
        bankCode: "004",
        accountNumber: "123-456-789012",
        holderName: ACCOUNT.holder,
        declaration: "yes",
      }),
    });
    await res.arrayBuffer();
    if (res.status === 302 && res.headers.get("location")?.includes("done=")) ok++;
    else bad++;
  }
}
await Promise.all(Array.from({ length: C }, worker));
const seconds = (performance.now() - started) / 1000;
const cpuMs = ((serverCpuSeconds() - cpuBefore) * 1000) / Math.max(1, ok + bad);
const approved = await db
  .selectFrom("applications")
  .select((eb) => eb.fn.countAll<number>().as("n"))
  .where("status", "=", "approved")
  .executeTakeFirstOrThrow();
const inquiries = await bank.inquiries();
console.log(
  `${ok} rapid applications (${bad} other answers) in ${seconds.toFixed(1)} s = ${Math.round(ok / seconds)}/s with ${C} in flight; approved in the database: ${approved.n}; server CPU ${cpuMs.toFixed(2)} ms per request; bank inquiries ${inquiries}; baseline GET /healthz ${Math.round(baseline)}/s (ratio ${(ok / seconds / baseline).toFixed(3)})`,
);
await db.destroy();
child.kill("SIGTERM");
await new Promise((r) => child.once("exit", r));
await bank.stop();
fs.rmSync(dir, { recursive: true, force: true });
