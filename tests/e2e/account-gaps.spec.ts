import { checkA11y, expect, test } from "./fixtures";

/**
 * Supervisors' list of applications submitted before the bank account was a step of the
 * application and still without one: reached from the payments page, per programme, with and
 * without JavaScript. (The owner's side, the account step, is walked in applications.spec.ts.)
 */
const SUPERVISOR = "supervisor@demo.test";
const DEMO_PASSWORD = "demo-password-2021";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a supervisor opens the list of applications waiting for a payout account", async ({ page }) => {
      await page.goto("/login");
      await page.getByLabel("Email address").fill(SUPERVISOR);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).not.toHaveURL(/\/login/);
      await page.goto("/admin/payments");
      await page.getByRole("link", { name: "Applications waiting for a payout account" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Applications waiting for a payout account" })).toBeVisible();
      await page.getByLabel("Programme").selectOption("rent-loan");
      await page.getByRole("button", { name: "Show" }).click();
      await expect(page).toHaveURL(/programme=rent-loan/);
      await expect(page.getByText("No application of this programme is waiting for an account.")).toBeVisible();
      // axe runs in the page, so only where scripts run.
      if (javaScriptEnabled) await checkA11y(page);
    });
  });
}
