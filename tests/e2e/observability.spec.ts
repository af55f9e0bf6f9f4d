import { checkA11y, expect, hydrated, test } from "./fixtures";

test.describe("request ids on error pages", () => {
  test("a 404 shows the number of its request, and keeps it after hydration", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    const id = response!.headers()["x-request-id"]!;
    expect(id).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await hydrated(page);
    await expect(page.getByText("If you call the helpline, quote this number:")).toBeVisible();
    await expect(page.locator("#request-id")).toHaveText(id);
    await checkA11y(page);
  });
});

test.describe("request ids on error pages, in Korean", () => {
  test.use({ locale: "ko-KR", viewport: { width: 320, height: 640 } });

  test("at 320 px", async ({ page }) => {
    const response = await page.goto("/programmes/no-such-programme");
    expect(response?.status()).toBe(404);
    await hydrated(page);
    await expect(page.getByText("고객센터에 문의하실 때 이 번호를 알려 주세요:")).toBeVisible();
    await expect(page.locator("#request-id")).toHaveText(response!.headers()["x-request-id"]!);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
