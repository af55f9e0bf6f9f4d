import type { Page } from "@playwright/test";
import { checkA11y, expect, hydrated, test } from "./fixtures";

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
  // Either applications (a captioned table) or the empty state: both are the page working.
  await expect(page.getByRole("table").or(page.getByText("No applications match these filters."))).toBeVisible();
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
  expect([...(await csv.body()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
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
