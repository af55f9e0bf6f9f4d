import axe from "axe-core";
import { test as base, expect, type Page } from "@playwright/test";

const axeRunning = new WeakSet<Page>();

/**
 * Every page a test visits must load without console errors (a CSP violation, a hydration error,
 * an uncaught exception) and without a failed sub-resource (a missing stylesheet, font or script).
 * `checkA11y` runs axe with the WCAG 2.2 AA rule tags.
 */
export const test = base.extend<{ pageProblems: string[] }>({
  // Each test comes from its own client address (the e2e server trusts X-Forwarded-For), so the
  // per-IP limits on registration and sign-in see one person per test, not the whole suite as one.
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use, testInfo) => {
    const n = (testInfo.workerIndex * 1000 + testInfo.testId.split("").reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 65_000, 7)) % 65_000;
    await use({ ...extraHTTPHeaders, "X-Forwarded-For": `10.${(n >> 8) & 255}.${n & 255}.${(testInfo.retry % 250) + 1}` });
  },
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("console", (m) => {
        // Failed loads are judged by the response listener, which knows which resource it was.
        if (m.type() === "error" && !axeRunning.has(page) && !m.text().startsWith("Failed to load resource")) {
          problems.push(m.text());
        }
      });
      page.on("pageerror", (e) => problems.push(e.message));
      page.on("response", (r) => {
        // A form answered "400, check your answers" over Remix's data request is the page working,
        // just as the same answer to a document request is; only server errors count there.
        const formAnswer = r.request().resourceType() === "fetch" && /\.data(\?|$)/.test(r.url()) && r.status() < 500;
        if (r.status() >= 400 && r.request().resourceType() !== "document" && !formAnswer && !axeRunning.has(page))
          problems.push(`${r.status()} ${r.url()}`);
      });
      await use(problems);
      expect(problems, "console errors or failed resources on the page").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Waits until React has hydrated, for interactions that must go through client-side code. */
export async function hydrated(page: Page) {
  await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
}

/** WCAG 2.2 AA, as the accessibility standard of this service asks. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export async function checkA11y(page: Page) {
  // axe injects its own inline styles while it measures (our CSP rightly blocks them) and re-fetches
  // stylesheets itself, resolving @import against the wrong base; neither is the page's doing.
  axeRunning.add(page);
  try {
    // KRDS fades buttons between states. Journeys ask for reduced motion, which the portal honours,
    // so normally nothing runs; should anything still move, wait until it ends, so axe measures the
    // colours a person sees rather than a frame half-way between two of them.
    // Only running animations that end can be waited for (a paused or infinite one never finishes),
    // and never longer than 3 s.
    await page.evaluate(() =>
      Promise.race([
        Promise.all(
          document
            .getAnimations()
            .filter((a) => a.playState === "running" && Number.isFinite(Number(a.effect?.getComputedTiming().endTime ?? Infinity)))
            .map((a) => a.finished.catch(() => undefined)),
        ),
        new Promise((resolve) => setTimeout(resolve, 3_000)),
      ]),
    );
    // axe itself, put into the document once and run there: one evaluation per check instead of the
    // adapter's fresh blank page and second copy of the 1.3 MB script for every check.
    if (!(await page.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === "function"))) {
      await page.evaluate(axe.source);
    }
    const violations = await page.evaluate(async (tags) => {
      const results = await (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      });
      return results.violations.map((v) => ({
        id: v.id,
        help: v.help,
        impact: v.impact,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })),
      }));
    }, AXE_TAGS);
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(" ")} ${n.html} ${n.failureSummary ?? ""}`).join(", ")})`),
      `axe violations on ${page.url()}`,
    ).toEqual([]);
  } finally {
    axeRunning.delete(page);
  }
}
