import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import SQLite from "better-sqlite3";
import { checkA11y, expect, hydrated, test } from "./fixtures";

const REFERENCE = `SF-2026-99${String(process.pid % 10_000).padStart(4, "0")}`;

/**
 * One open, overdue application in the e2e server's database (WAL lets the test write beside the
 * server), so the table itself is checked, not only the empty state. Its business name is a formula.
 */
test.beforeAll(() => {
  const file = path.join(os.tmpdir(), `portal-e2e-${process.env.E2E_RUN_ID}`, "portal.db");
  const db = new SQLite(file);
  try {
    db.pragma("busy_timeout = 5000");
    const stamp = new Date(Date.now() - 20 * 86_400_000).toISOString();
    const exists = db.prepare("select 1 from applications where reference = ?").get(REFERENCE);
    if (exists) return;
    const owner = db
      .prepare("insert into users (email, password_hash, role, created_at, updated_at, password_changed_at) values (?, 'x', 'owner', ?, ?, ?)")
      .run(`queue-e2e-${process.pid}@test.example`, stamp, stamp, stamp).lastInsertRowid;
    const business = db
      .prepare(
        "insert into businesses (owner_id, trade_name, registration_number, representative_name, phone, address, region, sector, employees, opened_on, created_at, updated_at) values (?, ?, ?, 'Kim', '010-0000-0000', 'Seoul', 'seoul', 'food_service', 3, '2018-01-01', ?, ?)",
      )
      .run(owner, '=HYPERLINK("http://evil.example","큐 식당")', `98${String(process.pid).padStart(8, "0").slice(-8)}`, stamp, stamp).lastInsertRowid;
    const programme = (db.prepare("select id from programmes where slug = 'support-fund'").get() as { id: number }).id;
    db.prepare(
      "insert into applications (public_id, reference, programme_id, business_id, owner_id, status, requested_amount_krw, submitted_at, created_at, updated_at) values (?, ?, ?, ?, ?, 'submitted', 2000000, ?, ?, ?)",
    ).run(`qe2e${process.pid}`.slice(0, 16), REFERENCE, programme, business, owner, stamp, stamp, stamp);
  } finally {
    db.close();
  }
});

/** The caseworkers' review queue: filters in the address, back button, CSV, with and without JS. */
async function signInAsCaseworker(page: Page) {
  await page.goto("/login?redirectTo=%2Fadmin%2Fapplications");
  await page.getByLabel("Email address").fill("caseworker@demo.test");
  await page.getByLabel("Password").fill("demo-password-2021");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/applications$/);
}

async function filterJourney(page: Page, { a11y }: { a11y: boolean }) {
  const check = async () => {
    if (a11y) await checkA11y(page);
  };
  await expect(page.getByRole("heading", { level: 1, name: "Applications to review" })).toBeVisible();
  // The default view: open and unassigned, so it is listed.
  await expect(page.getByRole("link", { name: `Review ${REFERENCE}` })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Staff area" }).getByRole("link", { name: "Applications" })).toBeVisible();
  await check();

  await page.getByLabel("Assigned to").selectOption("anyone");
  await page.getByLabel("Sort by").selectOption("newest");
  await page.getByLabel("Region").selectOption("seoul");
  // KRDS draws the box on the label, so people (and the test) click the label.
  await page.getByRole("group", { name: "Status" }).locator("label").getByText("submitted", { exact: true }).click();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/assignee=anyone/);
  const url = new URL(page.url());
  expect(url.searchParams.get("sort")).toBe("newest");
  expect(url.searchParams.get("region")).toBe("seoul");
  expect(url.searchParams.getAll("status")).toEqual(["submitted"]);
  await expect(page.getByLabel("Assigned to")).toHaveValue("anyone");
  await expect(page.getByRole("group", { name: "Status" }).getByLabel("submitted", { exact: true })).toBeChecked();
  const row = page.getByRole("row", { name: new RegExp(REFERENCE) });
  await expect(row).toContainText('=HYPERLINK("http://evil.example","큐 식당")');
  await expect(row).toContainText("Over 14 days");
  await expect(row.getByRole("link", { name: `Review ${REFERENCE}` })).toHaveAttribute("href", `/admin/applications/${REFERENCE}`);
  const download = page.getByRole("link", { name: "Download these applications as CSV" });
  await expect(download).toHaveAttribute("href", /\/admin\/applications\/export\.csv\?.*assignee=anyone/);
  await check();

  // A second filter, then back: the address and the form return to the first.
  await page.getByLabel("Sort by").selectOption("oldest");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/sort=oldest/);
  await page.goBack();
  await expect(page).toHaveURL(/sort=newest/);
  await expect(page.getByLabel("Sort by")).toHaveValue("newest");
  await expect(page.getByLabel("Region")).toHaveValue("seoul");

  // Nonsense in the address is named, not a failure.
  const response = await page.goto("/admin/applications?status=banana&waiting=soon&sort=sideways");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("status")).toContainText("have been ignored: status, waiting longer than, sort order");

  // The export answers with a CSV file.
  const csv = await page.request.get("/admin/applications/export.csv?assignee=anyone");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const body = await csv.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(body.toString("utf8")).toContain(`"'=HYPERLINK(""http://evil.example"",""큐 식당"")"`);
}

test.describe("review queue", () => {
  test("a caseworker filters the queue, shares the address and goes back (JavaScript on)", async ({ page }) => {
    await signInAsCaseworker(page);
    await hydrated(page);
    await filterJourney(page, { a11y: true });
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("the same journey works as plain HTML", async ({ page }) => {
      await signInAsCaseworker(page);
      await filterJourney(page, { a11y: false });
    });
  });

  test("fits a 320 px screen: only the table scrolls sideways", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 800 });
    await signInAsCaseworker(page);
    await expect(page.getByRole("table")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await checkA11y(page);
  });

  test("owners are told the page does not exist", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email address").fill("owner@demo.test");
    await page.getByLabel("Password").fill("demo-password-2021");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/applications$/);
    const response = await page.goto("/admin/applications");
    expect(response?.status()).toBe(404);
  });
});
