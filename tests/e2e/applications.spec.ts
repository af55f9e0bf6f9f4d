import type { Page } from "@playwright/test";
import { businessNumberCheckDigit } from "../../app/modules/businesses/business-number";
import { checkA11y, expect, test } from "./fixtures";
import { agreeToPrivacy, answerAsRestrictedRestaurant, confirmOwnershipOf, latestMailTo } from "./steps";

const PASSWORD = "a long journey passphrase";

/** A valid registration number no other test uses. */
function uniqueRegistrationNumber(): string {
  const nine = String(200_000_000 + Math.floor(Math.random() * 700_000_000));
  return `${nine.slice(0, 3)}-${nine.slice(3, 5)}-${nine.slice(5)}${businessNumberCheckDigit(nine)}`;
}

/** The owner journey of the applications issue, with or without JavaScript. */
async function ownerJourney(page: Page, { a11y }: { a11y: boolean }) {
  const email = `journey-${Date.now()}-${Math.floor(Math.random() * 1e6)}@test.example`;
  const check = async () => {
    if (a11y) await checkA11y(page);
  };

  // 1. Am I eligible? (anonymous)
  await page.goto("/eligibility");
  await answerAsRestrictedRestaurant(page);
  await page.getByRole("button", { name: "Check eligibility" }).click();
  await page.getByRole("link", { name: "Apply for Small Business Support Fund" }).click();

  // 2. Applying needs an account: sign-in page, then register.
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  await page.goto("/register");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await check();
  await agreeToPrivacy(page);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/applications$/);
  await check();

  // 3. Add the business: the last eligibility answers prefill what they can.
  await page.goto("/account/businesses/new");
  await expect(page.getByLabel("Sector")).toHaveValue("food_service");
  await expect(page.getByLabel("Regular employees")).toHaveValue("3");
  await page.getByLabel("Trade name").fill("Journey Noodles");
  const registrationNumber = uniqueRegistrationNumber();
  await page.getByLabel("Business registration number").fill(registrationNumber);
  await page.getByLabel("Representative's name").fill("Choi Journey");
  await page.getByLabel("Phone number").fill("02-123-4567");
  await page.getByLabel("Business address").fill("12 Sejong-daero, Seoul");
  await page.getByRole("button", { name: "Save business" }).click();
  await expect(page.getByRole("status")).toContainText("Your business has been added.");
  // Proven theirs (identity and register), which submitting needs.
  confirmOwnershipOf(registrationNumber);

  // 4. Start the application.
  await page.goto("/applications/new?programme=support-fund");
  await check();
  await page.getByRole("button", { name: "Start the application" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Application for Small Business Support Fund" })).toBeVisible();
  // Known answers were carried over: nothing asked twice.
  await expect(page.getByRole("listitem").filter({ hasText: "Eligibility questions" })).toContainText("Completed");
  await check();

  // 5. About your request: the support fund asks nothing more here (the account is its own step).
  await page.getByRole("link", { name: "About your request" }).click();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "About your request" })).toContainText("Completed");

  // 5b. The bank account the grant is paid into, checked with the bank before it is saved.
  await page.getByRole("link", { name: "Bank account for the payment" }).click();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("alert")).toContainText("Select your bank.");
  await check();
  await page.getByLabel("Bank", { exact: true }).selectOption("004");
  await page.getByLabel("Account number").fill("999-999-999999");
  await page.getByLabel("Account holder").fill("김민수");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("alert")).toContainText("The bank has no account with this number");
  await expect(page.getByLabel("Account number")).toHaveValue("999-999-999999");
  await page.getByLabel("Account number").fill("123-456-789012");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("status")).toContainText("Your account has been saved.");
  await check();
  await page.getByRole("link", { name: "Back to your application" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Bank account for the payment" })).toContainText("Completed");

  // 6. Documents: a renamed executable is refused, a PDF accepted.
  await page.getByRole("link", { name: "Documents", exact: true }).click();
  await page
    .getByLabel("Choose a file")
    .setInputFiles({ name: "registration.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00 not really a pdf") });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("alert")).toContainText("The file must be a PDF, PNG or JPEG");
  await check();
  await page.getByLabel("Which document is this?").selectOption("business-registration");
  await page
    .getByLabel("Choose a file")
    .setInputFiles({ name: "registration.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% registration\n%%EOF\n") });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status")).toContainText("“registration.pdf” was uploaded.");
  await check();

  // 7. Leave mid-way, sign in again, resume from the list.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/applications$/);
  await page.getByRole("link", { name: /Draft Small Business Support Fund/ }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Documents" })).toContainText("Completed");

  // 8. Check answers, declare, submit.
  await page.getByRole("link", { name: "Check your answers and submit" }).click();
  await expect(page.getByText("********9012")).toBeVisible();
  await check();
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByRole("alert")).toContainText("Tick the box to confirm the declaration");
  await page.getByText("I declare that the information").click();
  await page.getByRole("button", { name: "Submit application" }).click();

  // 8b. The email address is not confirmed yet: refused, with a way to get a new link.
  await expect(page.getByRole("alert")).toContainText(`Confirm your email address before you submit: open the link we sent to ${email}`);
  await check();
  await page.getByRole("button", { name: "Send the link again" }).click();
  await expect(page.getByRole("status")).toContainText(`We have sent a new link to ${email}`);
  await check();
  const link = latestMailTo(email).match(/https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]+/)![0];
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole("heading", { level: 1, name: "Your email address is confirmed" })).toBeVisible();
  await check();
  // The same link again changes nothing and says so kindly.
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole("heading", { level: 1, name: "Your email address is already confirmed" })).toBeVisible();
  await page.goto("/applications");
  await page.getByRole("link", { name: /Draft Small Business Support Fund/ }).click();
  await page.getByRole("link", { name: "Check your answers and submit" }).click();
  await page.getByText("I declare that the information").click();
  await page.getByRole("button", { name: "Submit application" }).click();

  // 9. Confirmation with the reference, then the timeline.
  await expect(page.getByRole("heading", { level: 1, name: "Application submitted" })).toBeVisible();
  const reference = (await page.locator(".portal-panel-reference").textContent())!.trim();
  expect(reference).toMatch(/^SF-\d{4}-\d{6}$/);
  await check();
  await page.getByRole("link", { name: "Track your application" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Application ${reference}` })).toBeVisible();
  await expect(page.getByRole("list").filter({ hasText: "Draft started" })).toContainText("Submitted");
  await expect(page.getByRole("link", { name: "registration.pdf" })).toBeVisible();
  await check();
  return { reference, email };
}

test.describe("applying for support", () => {
  test("check eligibility, register, add a business, apply with a PDF, resume, submit, track", async ({ page }) => {
    // A dozen pages each checked by axe: ~20 s alone, past 30 s when the other worker runs the staff
    // area's axe checks on the same two cores.
    test.slow();
    const { reference } = await ownerJourney(page, { a11y: true });
    // The notification count in the header.
    await expect(page.getByRole("link", { name: "Notifications (1 unread)" })).toBeVisible();
    // Another account cannot see it.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.goto("/register");
    await page.getByLabel("Email address").fill(`other-${Date.now()}@test.example`);
    await page.getByLabel("Password").fill(PASSWORD);
    await agreeToPrivacy(page);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/applications$/);
    await expect(page.getByText("You have not started an application yet.")).toBeVisible();
    const response = await page.goto(`/applications/${reference}`);
    expect(response?.status()).toBe(404);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("the same journey works", async ({ page }) => {
      await ownerJourney(page, { a11y: false });
    });
  });
});
