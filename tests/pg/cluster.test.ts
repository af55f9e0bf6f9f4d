import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/server";

describe("npm run demo:cluster", () => {
  it("serves one owner seamlessly from two nodes behind nginx on one PostgreSQL database", async () => {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ["scripts/demo-cluster.mjs"], { cwd: ROOT, env: { ...process.env } });
      let output = "";
      child.stdout.on("data", (c) => (output += c));
      child.stderr.on("data", (c) => (output += c));
      child.on("exit", (code) => resolve({ code, output }));
    });
    expect(output).toContain("requests were served by both nodes");
    expect(output).not.toContain("FAIL");
    expect(code, output).toBe(0);
  }, 120_000);
});
