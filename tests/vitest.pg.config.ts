import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config";

// The PostgreSQL half: the integration and HTTP tests again, each file on its own database cloned
// from a migrated template on the server named by TEST_DATABASE_URL, plus tests only PostgreSQL needs.
process.env.PORTAL_TEST_DB = "postgres";
if (!process.env.TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set: nothing to run the PostgreSQL half against");

export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["tests/integration/**/*.test.ts", "tests/pg/**/*.test.ts"],
    },
  }),
);
