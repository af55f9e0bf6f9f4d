import type { Page } from "@playwright/test";
import { checkA11y, expect, hydrated, test } from "./fixtures";
import { answerAsRestrictedRestaurant, choose } from "./steps";

async function expectRestaurantResults(page: Page) {
  await expect(page).toHaveURL(/\/eligibility\?sector=food_service&region=seoul&employees=3&/);
  await expect(page.getByRole("heading", { level: 2, name: "Your results" })).toBeVisible();
  await expect(page.getByText("Eligible for 3 of 5 programmes.")).toBeVisible();

  const fund = page.getByRole("article", { name: "Small Business Support Fund" });
  await expect(fund.getByText("Eligible", { exact: true })).toBeVisible();
  await expect(fund).toContainText("KRW 2,000,000 (Operating restriction)");
  await expect(fund).toContainText("You told us: COVID-19 measure: operating restriction.");
  await expect(fund.getByRole("link", { name: "Apply for Small Business Support Fund" })).toHaveAttribute(
    "href",
    "/applications/new?programme=support-fund",
  );

  const loan = page.getByRole("article", { name: "Special Rent Loan" });
  await expect(loan.getByText("Eligible", { exact: true })).toBeVisible();
  await expect(loan).toContainText("up to KRW 10,000,000");
  await expect(loan).toContainText("You told us: premises: rented.");
  await expect(loan).toContainText("Lease contract for the premises");

  // Eligible programmes come first.
  const names = await page.getByRole("article").locator("h3").allTextContents();
  expect(names.slice(0, 3)).toEqual(["Small Business Support Fund", "Special Rent Loan", "Smart Store Digitalisation"]);
  const advice = page.getByRole("article", { name: "Tax and Legal Advice for Closing Businesses" });
  await expect(advice.getByText("Not eligible", { exact: true })).toBeVisible();
  await expect(advice.getByRole("heading", { name: "What would change the answer" })).toBeVisible();
}

test.describe("eligibility checker", () => {
  test("a restricted restaurant with 3 employees sees the support fund and the rent loan as eligible, with reasons", async ({ page }) => {
    await page.goto("/eligibility");
    await expect(page.getByRole("heading", { level: 1, name: "Check your eligibility" })).toBeVisible();
    await checkA11y(page);
    await hydrated(page);
    await answerAsRestrictedRestaurant(page);
    await page.getByRole("button", { name: "Check eligibility" }).click();
    await expectRestaurantResults(page);
    await checkA11y(page);

    // The URL is the result: opening it again shows the same answers and results.
    const url = page.url();
    await page.goto(url);
    await expect(page.getByLabel("Number of regular employees")).toHaveValue("3");
    await expectRestaurantResults(page);
  });

  test("asks conditional questions only when they apply", async ({ page }) => {
    await page.goto("/eligibility");
    await hydrated(page);
    await expect(page.getByLabel("Monthly rent")).toBeHidden();
    await expect(page.getByLabel("Closure date")).toBeHidden();
    await expect(page.getByLabel("Floor area of the shop")).toBeHidden();
    await choose(page, "Premises", "Rented");
    await expect(page.getByLabel("Monthly rent")).toBeVisible();
    await choose(page, "Business state", "Closed");
    await expect(page.getByLabel("Closure date")).toBeVisible();
    await page.getByLabel("Sector").selectOption({ label: "Retail" });
    await expect(page.getByLabel("Floor area of the shop")).toBeVisible();
    await page.getByLabel("Sector").selectOption({ label: "Food service" });
    await expect(page.getByLabel("Floor area of the shop")).toBeHidden();
  });

  test("an invalid answer shows the error summary, the message at the field, and keeps every answer", async ({ page }) => {
    await page.goto("/eligibility");
    await hydrated(page);
    await answerAsRestrictedRestaurant(page, { employees: "lots" });
    await page.getByRole("button", { name: "Check eligibility" }).click();

    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toBeVisible();
    await expect(summary).toBeFocused();
    await expect(page).toHaveTitle(/^Error: Check your eligibility/);
    const message = "Enter the number of regular employees in digits, like 3";
    await expect(summary.getByRole("link", { name: message })).toHaveAttribute("href", "#employees");
    await expect(page.locator("#employees-error")).toContainText(message);
    await expect(page.getByLabel("Number of regular employees")).toHaveValue("lots");
    await expect(page.getByLabel("Monthly rent")).toHaveValue("1,500,000");
    await expect(page.getByRole("group", { name: "Premises" }).getByLabel("Rented")).toBeChecked();
    await expect(page.getByRole("heading", { name: "Your results" })).toHaveCount(0);
    await checkA11y(page);

    await summary.getByRole("link", { name: message }).click();
    // The link puts the cursor in the field (GOV.UK error summary behaviour).
    await expect(page.getByLabel("Number of regular employees")).toBeFocused();
  });

  test("fits a 320 px wide phone, results included", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(
      "/eligibility?sector=manufacturing&employees=12&openedOn=2020-12-01&businessState=closed&closedOn=2021-01-01&premises=none&covidMeasure=none&sales2019=500000000&sales2020=600000000&taxArrears=yes&loanDefault=yes",
    );
    await expect(page.getByRole("heading", { name: "Your results" })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test("speaks Korean", async ({ page }) => {
    await page.goto("/eligibility?sector=food_service&employees=7");
    await page.getByRole("button", { name: "한국어" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "지원 자격 확인" })).toBeVisible();
    await expect(page).toHaveURL(/\/eligibility\?sector=food_service&employees=7$/);
    // Explanations in plain sentences, particles chosen by the final sound.
    await expect(page.getByText("상시근로자 수 5명 미만이어야 하는데 7명으로 답하셨습니다.").first()).toBeVisible();
    await checkA11y(page);
  });
});

test.describe("eligibility checker without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same restaurant gets the same results from the plain GET form", async ({ page }) => {
    await page.goto("/eligibility");
    // Conditional questions stay on the page, each saying when to answer it.
    await expect(page.getByLabel("Monthly rent")).toBeVisible();
    await expect(page.getByText("Answer only if you rent your premises.")).toBeVisible();
    await answerAsRestrictedRestaurant(page);
    await page.getByRole("button", { name: "Check eligibility" }).click();
    await expectRestaurantResults(page);
  });

  test("an invalid answer shows the error summary with every answer kept", async ({ page }) => {
    await page.goto("/eligibility");
    await answerAsRestrictedRestaurant(page);
    await page.getByLabel("Annual sales in 2019").fill("-5");
    await page.getByLabel("Date the business opened").fill("2099-01-01");
    await page.getByRole("button", { name: "Check eligibility" }).click();
    const summary = page.locator(".portal-error-summary");
    await expect(summary).toContainText("There is a problem");
    await expect(summary.getByRole("link", { name: "The opening date must be today or in the past" })).toBeVisible();
    await expect(summary.getByRole("link", { name: "Enter 0 or more for your 2019 sales" })).toBeVisible();
    await expect(page.getByLabel("Annual sales in 2019")).toHaveValue("-5");
    await expect(page.getByLabel("Number of regular employees")).toHaveValue("3");
    // axe needs page scripts, so the same pages are checked in the JavaScript-enabled tests.
  });
});
