// `npm run test:pg`: the PostgreSQL half of the suite, when TEST_DATABASE_URL names a server.
import { spawnSync } from "node:child_process";

if (!process.env.TEST_DATABASE_URL) {
  console.log("PostgreSQL half skipped: TEST_DATABASE_URL is not set (see README, 'Tests on PostgreSQL').");
  process.exit(0);
}
const result = spawnSync("npx", ["vitest", "run", "--config", "tests/vitest.pg.config.ts", ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
