/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package, top N.
 * `npx tsx tests/bench/profile-summary.ts file.cpuprofile [N]`
 */
import fs from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: tsx tests/bench/profile-summary.ts <file.cpuprofile> [top]");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fn = new Map<string, number>();
const pkg = new Map<string, number>();
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const short = url.replace(/^file:\/\/.*?node_modules\//, "").replace(/^file:\/\/.*\/(build|app)\//, "$1/");
  const key = `${functionName || "(anonymous)"} ${short}:${lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  const p =
    functionName === "(idle)" || functionName === "(program)" || functionName === "(garbage collector)"
      ? functionName
      : url.includes("node_modules/")
        ? url
            .split("node_modules/")[1]!
            .split("/")
            .slice(0, url.split("node_modules/")[1]!.startsWith("@") ? 2 : 1)
            .join("/")
        : url
          ? url.startsWith("node:")
            ? "node internals"
            : "app build"
          : "(native)";
  pkg.set(p, (pkg.get(p) ?? 0) + us);
}
const busy = total - (pkg.get("(idle)") ?? 0);
const show = (m: Map<string, number>) =>
  [...m.entries()]
    .filter(([k]) => k !== "(idle)" && !k.startsWith("(idle)"))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => `${((100 * us) / busy).toFixed(1).padStart(5)} %  ${k}`)
    .join("\n");
console.log(
  `busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s sampled\n\nby package:\n${show(pkg)}\n\nby function (self):\n${show(fn)}`,
);
