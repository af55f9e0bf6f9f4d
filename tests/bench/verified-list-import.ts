/**
 * Benchmark (not a test): import a generated verified list of ROWS rows (default 1,000,000) into a
 * fresh SQLite database, reporting time, rows a second and peak RSS.
 *   npx tsx tests/bench/verified-list-import.ts [rows]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { businessNumberCheckDigit } from "../../app/modules/businesses/business-number";
import { VERIFIED_LIST_COLUMNS } from "../../app/modules/rapid/verified-list";

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vl-bench-"));
process.env.DATABASE_PATH = path.join(dir, "portal.db");
process.env.VERIFIED_LIST_DIR = path.join(dir, "stored");
process.env.PORTAL_ENV = "test";

const { getDb, closeDb } = await import("../../db/client");
const { prepareDatabase } = await import("../../db/prepare");
const { createImport, runImports } = await import("../../app/modules/rapid/verified-lists.server");

await prepareDatabase(getDb(), { demo: false });
const file = path.join(dir, "list.csv");
const out = fs.createWriteStream(file);
out.write(VERIFIED_LIST_COLUMNS.join(",") + "\r\n");
const measures = ["none", "restriction", "closure"];
for (let i = 0; i < rows; i++) {
  const nine = String(100_000_000 + i);
  const m = measures[i % 3]!;
  const line = `${nine}${businessNumberCheckDigit(nine)},상호 ${i},대표 ${i % 1000},food_service,seoul,${m},150000000,90000000,3,2018-03-01,operating,${m === "closure" ? 3000000 : m === "restriction" ? 2000000 : 1000000},2020 fund\r\n`;
  if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()));
}
await new Promise((r) => out.end(r));
console.log(`generated ${rows} rows: ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`);

let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
const started = Date.now();
const cpuBefore = process.cpuUsage();
const created = await createImport({
  programmeSlug: "support-fund",
  round: 1,
  fileName: "list.csv",
  uploadedPath: file,
  encoding: "auto",
  actor: { id: null, label: "bench" },
});
if (!created.ok) throw new Error(created.message.en);
await runImports({ log: (l) => console.log(l) });
const seconds = (Date.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(timer);
const row = await getDb().selectFrom("verified_imports").selectAll().where("id", "=", created.importId).executeTakeFirstOrThrow();
console.log(
  `imported ${row.rows_done} rows (${row.rows_inserted} new, ${row.rows_refused} refused) in ${seconds.toFixed(1)} s = ${Math.round(row.rows_done / seconds)} rows/s (CPU ${cpuSeconds.toFixed(1)} s, load average ${os.loadavg()[0]!.toFixed(1)}); peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB`,
);
await closeDb();
fs.rmSync(dir, { recursive: true, force: true });
