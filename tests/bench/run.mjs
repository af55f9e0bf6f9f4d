// `npm run bench -- [--database sqlite|postgres] [--apps N]`: the micro-benchmarks (vitest bench),
// the queue ones on the chosen database at N applications. PostgreSQL needs BENCH_DATABASE_URL or
// TEST_DATABASE_URL naming a role that may create databases (a fresh one is made and dropped).
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const rest = [];
let database = "sqlite";
let apps = "100000";
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--database") database = args[++i] ?? "";
  else if (args[i] === "--apps") apps = args[++i] ?? "";
  else rest.push(args[i]);
}
if (!["sqlite", "postgres"].includes(database) || !/^\d{3,8}$/.test(apps)) {
  console.error("usage: npm run bench -- [--database sqlite|postgres] [--apps N (1000 to 99999999)] [vitest bench options]");
  process.exit(2);
}
if (database === "postgres" && !process.env.BENCH_DATABASE_URL && !process.env.TEST_DATABASE_URL) {
  console.error("--database postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL (a role that may create databases)");
  process.exit(2);
}
const result = spawnSync("npx", ["vitest", "bench", "--run", "--config", "tests/vitest.config.ts", ...rest], {
  stdio: "inherit",
  env: { ...process.env, BENCH_DATABASE: database, BENCH_APPS: apps },
});
process.exit(result.status ?? 1);
