import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seoulToday } from "../../app/modules/catalogue/programme-window";
import { TEST_NOW } from "../helpers/clock";
import { startServer, type RunningServer } from "../helpers/server";

// A server a test starts reads the test's clock: it seeds its catalogue on the pinned day, so dates a
// test pins agree with the server's windows on any day the suite runs.
describe("a started server shares the test's clock", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("seeds its programmes on the pinned day, not the system's", async () => {
    const db = server.openDb();
    try {
      const rows = await db.selectFrom("programmes").select(["opens_on", "created_at"]).execute();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.opens_on).toBe(seoulToday(TEST_NOW));
        expect(Math.abs(Date.parse(row.created_at) - Date.now())).toBeLessThan(10 * 60 * 1000);
      }
    } finally {
      await db.destroy();
    }
  });
});
