import { agreeToPrivacy } from "./steps";
import { checkA11y, expect, test } from "./fixtures";

/**
 * Identity verification in a browser, through the local OpenID provider (tools/identity-provider)
 * and the local business register (tools/business-register) that the e2e config starts: the
 * redirects, the provider's own page, the code exchange and the register's match, as a person goes
 * through them, with JavaScript and without.
 */

const PASSWORD = "a journey through the identity provider";

async function register(page: import("@playwright/test").Page, email: string) {
  await page.goto("/register");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await agreeToPrivacy(page);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/applications$/);
}

test("a representative verifies who they are with the provider and proves their business with the register", async ({ page }, testInfo) => {
  await register(page, `identity-journey-${testInfo.retry}-${Date.now()}@test.example`);

  await page.goto("/account/identity");
  await expect(page.getByRole("heading", { level: 1, name: "Verify your identity" })).toBeVisible();
  await checkA11y(page);
  await page.getByRole("button", { name: "Verify my identity" }).click();

  // The provider's page, on its own origin. One person has one verified account, so a retried
  // journey is another person (another birth date) with another of the register's businesses.
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/interaction\//);
  await page.getByLabel("Someone else (below)").check();
  await page.getByLabel("Name (이름)").fill("최여정");
  await page.getByLabel(/Date of birth/).fill(`1975-07-0${testInfo.retry + 1}`);
  await page.getByRole("button", { name: /Verify/ }).click();

  // Back on the portal, verified: the name and birth date came from the ID token.
  await expect(page).toHaveURL(/\/account(\/identity)?(\?|$)/);
  await page.goto("/account/identity");
  await expect(page.getByRole("heading", { name: "Your identity is verified" })).toBeVisible();
  await expect(page.getByText("최여정")).toBeVisible();
  await expect(page.getByText(`${testInfo.retry + 1} July 1975`)).toBeVisible();
  await checkA11y(page);

  // A business whose representative the register (tests/e2e/register-businesses.json) names as 최여정.
  const business = [
    { number: "303-00-01010", name: "여정 쌀국수" },
    { number: "303-00-01024", name: "여정 쌀국수 2호점" },
    { number: "303-00-01039", name: "여정 쌀국수 3호점" },
  ][testInfo.retry]!;
  await page.goto("/account/businesses/new");
  await page.getByLabel("Trade name").fill(business.name);
  await page.getByLabel("Business registration number").fill(business.number);
  await page.getByLabel("Representative's name").fill("최여정");
  await page.getByLabel("Phone number").fill("02-234-5678");
  await page.getByLabel("Business address").fill("서울특별시 종로구 세종대로 1");
  await page.getByLabel("Region").selectOption("seoul");
  await page.getByLabel("Sector").selectOption("food_service");
  await page.getByLabel("Regular employees").fill("2");
  await page.getByLabel("Date the business opened").fill("2015-06-10");
  await page.getByRole("button", { name: "Save business" }).click();
  await expect(page.getByRole("status")).toContainText("Your business has been added.");

  await page.getByRole("link", { name: `Confirm ownership of ${business.name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Confirm that ${business.name} is yours` })).toBeVisible();
  // A wrong opening date: the register does not match; the date typed is kept.
  await page.getByLabel("Opening date (개업일)").fill("2015-06-11");
  await page.getByRole("button", { name: "Check with the register" }).click();
  await expect(page.getByRole("alert")).toContainText("does not show you as the representative");
  await expect(page.getByLabel("Opening date (개업일)")).toHaveValue("2015-06-11");
  await checkA11y(page);

  await page.getByLabel("Opening date (개업일)").fill("2015-06-10");
  await page.getByRole("button", { name: "Check with the register" }).click();
  await expect(page.getByText(`Ownership confirmed: you are the representative of ${business.name}`)).toBeVisible();
  await checkA11y(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the provider's redirects and forms work as plain pages", async ({ page }, testInfo) => {
    await register(page, `identity-nojs-${testInfo.retry}-${Date.now()}@test.example`);
    await page.goto("/account/identity");
    await page.getByRole("button", { name: "Verify my identity" }).click();
    await expect(page).toHaveURL(/\/interaction\//);
    // Someone who is not one of the test people: typed name and birth date.
    await page.getByLabel("Someone else (below)").check();
    await page.getByLabel("Name (이름)").fill("홍길동");
    await page.getByLabel(/Date of birth/).fill(`1985-05-0${testInfo.retry + 1}`);
    await page.getByRole("button", { name: /Verify/ }).click();
    await expect(page).toHaveURL(/\/account(\/identity)?(\?|$)/);
    await page.goto("/account/identity");
    await expect(page.getByRole("heading", { name: "Your identity is verified" })).toBeVisible();
    await expect(page.getByText("홍길동")).toBeVisible();
  });
});
