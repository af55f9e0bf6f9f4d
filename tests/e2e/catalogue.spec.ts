import { checkA11y, expect, hydrated, test } from "./fixtures";

test.describe("browsing the catalogue", () => {
  test("home → programmes → a programme, accessible at every step", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Support for small businesses" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Check your eligibility" })).toBeVisible();
    await checkA11y(page);

    await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Programmes" }).click();
    await expect(page).toHaveURL(/\/programmes$/);
    await expect(page.getByRole("heading", { level: 1, name: "Support programmes" })).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: "Special Rent Loan" })).toContainText("KRW 4 trillion");
    await checkA11y(page);

    await page.getByRole("link", { name: "Special Rent Loan" }).click();
    await expect(page).toHaveTitle("Special Rent Loan – SME Support Portal");
    await expect(page.getByRole("heading", { name: "Who can apply" })).toBeVisible();
    await expect(page.getByText("The business rents its premises")).toBeVisible();
    await expect(page.getByText("Lease contract for the premises")).toBeVisible();
    await checkA11y(page);
  });

  test("an unknown programme shows a friendly 404 in the site layout", async ({ page }) => {
    const response = await page.goto("/programmes/does-not-exist");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Programme not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "See all programmes" })).toBeVisible();
    await expect(page).toHaveTitle(/^Error: /);
    await checkA11y(page);
  });

  test("the skip link moves keyboard users to the main content", async ({ page }) => {
    await page.goto("/programmes");
    await hydrated(page);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();
  });

  test("switching to Korean shows Korean text and is remembered", async ({ page }) => {
    await page.goto("/programmes/smart-store");
    await page.getByRole("button", { name: "한국어" }).click();
    await expect(page).toHaveURL(/\/programmes\/smart-store$/);
    await expect(page.getByRole("heading", { level: 1, name: "스마트상점 기술보급" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "소상공인을 위한 지원" })).toBeVisible();
    await checkA11y(page);
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Support for small businesses" })).toBeVisible();
  });

  test("fits a 320 px wide phone without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ["/", "/programmes", "/programmes/support-fund"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
    }
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same journey works, including the language switch", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Programmes" }).click();
    await page.getByRole("link", { name: "Small Business Support Fund" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Small Business Support Fund" })).toBeVisible();
    await expect(page.getByText("Opened on or before 30 November 2020")).toBeVisible();
    await page.getByRole("button", { name: "한국어" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "소상공인 버팀목자금" })).toBeVisible();
    // axe needs page scripts, so the same pages are checked in the JavaScript-enabled tests.
  });
});
