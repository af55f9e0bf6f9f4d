import { checkA11y, expect, test } from "./fixtures";

test.describe("public statistics", () => {
  test("reached from the main menu, accessible, with open-data downloads", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Statistics" }).click();
    await expect(page).toHaveURL(/\/statistics$/);
    await expect(page.getByRole("heading", { level: 1, name: "Statistics" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Small Business Support Fund" })).toBeVisible();
    await expect(page.getByRole("link", { name: "CSV (spreadsheet)" })).toHaveAttribute("href", "/statistics.csv");
    await checkA11y(page);
  });

  test.describe("without JavaScript, in Korean, at 320 px", () => {
    test.use({ javaScriptEnabled: false, locale: "ko-KR", viewport: { width: 320, height: 640 } });
    test("shows the same page", async ({ page }) => {
      await page.goto("/statistics");
      await expect(page.getByRole("heading", { level: 1, name: "통계" })).toBeVisible();
      await expect(page.getByRole("link", { name: "CSV(스프레드시트)" })).toBeVisible();
    });
  });
});
