import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertFreshBuild } from "../helpers/server";

describe("the HTTP test harness", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "portal-harness-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const write = (file: string, at: number) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), "x");
    fs.utimesSync(path.join(root, file), at, at);
  };

  it("refuses to run HTTP tests against a build older than the sources, naming the newer file", () => {
    expect(() => assertFreshBuild(root)).toThrow("build/index.js is missing: run `npm run build` first");
    write("app/routes/a.tsx", 1_000);
    write("db/schema.ts", 1_000);
    write("migrations/m.ts", 1_000);
    write("build/index.js", 2_000);
    expect(() => assertFreshBuild(root)).not.toThrow();
    write("migrations/deep/new.ts", 3_000);
    expect(() => assertFreshBuild(root)).toThrow(
      "build/index.js is older than migrations/deep/new.ts: the HTTP tests would run stale code. Run `npm run build` first.",
    );
  });
});
