import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { createDatabase } from "../../db/client";
import { hashPassword } from "../../app/modules/accounts/password.server";
import { confirmOwnershipFixture } from "../helpers/fixtures";
import { giveAccount } from "../helpers/payments";
import { businessNumberCheckDigit } from "../../app/modules/businesses/business-number";
import { addDocument, saveAnswers, saveFacts, startApplication, submitApplication } from "../../app/modules/applications/applications.server";
import { checkA11y, expect, test } from "./fixtures";

const PASSWORD = "an owner's review passphrase";
const CASEWORKER = "caseworker@demo.test";
const SUPERVISOR = "supervisor@demo.test";
const DEMO_PASSWORD = "demo-password-2021";

/**
 * A submitted support-fund application of a new owner, written through the owner's own services
 * into the e2e server's database (the owner's browser journey has its own spec).
 */
async function submittedApplication(programme: "support-fund" | "rent-loan" = "support-fund") {
  const db = createDatabase({ path: path.join(os.tmpdir(), `portal-e2e-${process.env.E2E_RUN_ID}`, "portal.db") });
  try {
    const stamp = new Date().toISOString();
    const email = `review-owner-${Date.now()}-${Math.floor(Math.random() * 1e6)}@test.example`;
    const owner = await db
      .insertInto("users")
      .values({
        email,
        password_hash: await hashPassword(PASSWORD),
        role: "owner",
        created_at: stamp,
        updated_at: stamp,
        password_changed_at: stamp,
        email_verified_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const nine = String(300_000_000 + Math.floor(Math.random() * 600_000_000));
    const business = await db
      .insertInto("businesses")
      .values({
        owner_id: owner.id,
        trade_name: "Review Dumplings",
        registration_number: `${nine}${businessNumberCheckDigit(nine)}`,
        representative_name: "Park Review",
        phone: "02-555-0101",
        address: "5 Jong-ro, Seoul",
        region: "seoul",
        sector: "food_service",
        employees: 2,
        opened_on: "2019-02-01",
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Proven the owner's (identity and register), which submitting needs.
    await confirmOwnershipFixture(db, owner.id, business.id);
    const opts = { db };
    const started = await startApplication({ ownerId: owner.id, businessId: business.id, programmeSlug: programme }, opts);
    if (!started.ok) throw new Error(started.reason);
    const facts = new URLSearchParams({
      sector: "food_service",
      region: "seoul",
      employees: "2",
      openedOn: "2019-02-01",
      businessState: "operating",
      premises: "rented",
      monthlyRent: "900000",
      covidMeasure: "restriction",
      sales2019: "120000000",
      sales2020: "90000000",
      taxArrears: "no",
      loanDefault: "no",
    });
    const saved = await saveFacts({ key: started.key, ownerId: owner.id, form: facts }, opts);
    if (!saved.ok) throw new Error(`facts: ${JSON.stringify(saved)}`);
    if (programme === "rent-loan") await saveAnswers({ key: started.key, ownerId: owner.id, form: { requestedAmount: "8,000,000" } }, opts);
    await giveAccount(started.key, owner.id, { db });
    const documents = programme === "support-fund" ? ["business-registration"] : ["business-registration", "lease-contract"];
    for (const code of documents) {
      const added = await addDocument(
        {
          key: started.key,
          ownerId: owner.id,
          requirementCode: code,
          fileName: code === "lease-contract" ? "lease.pdf" : "registration.pdf",
          bytes: new TextEncoder().encode(`%PDF-1.4\n% ${code}\n%%EOF\n`),
        },
        opts,
      );
      if (!added.ok) throw new Error(`document: ${added.reason}`);
    }
    const submitted = await submitApplication({ key: started.key, ownerId: owner.id, declared: true }, opts);
    if (!submitted.ok) throw new Error(submitted.reason);
    return { email, reference: submitted.reference };
  } finally {
    await db.destroy();
  }
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

async function signOut(page: Page) {
  // On a phone the account links sit behind the header's menu button.
  const menu = page.locator("summary", { hasText: /^Menu$/ });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
}

test.describe("reviewing an application", () => {
  test("claim, request information, the owner answers, approve; the owner sees the decision and the amount", async ({ page }) => {
    // Four sign-ins and six pages with axe: more than the default on a busy shared machine.
    test.setTimeout(90_000);
    const { email, reference } = await submittedApplication();

    // The caseworker filters the queue, opens the application, claims it and asks for more information.
    await signIn(page, CASEWORKER, DEMO_PASSWORD);
    await page.goto("/admin/applications");
    await page.getByLabel("Programme", { exact: true }).selectOption({ label: "Small Business Support Fund" });
    await page.getByLabel("Search").fill(reference);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/programme=support-fund/);
    await expect(page.getByText("1 application matches these filters.")).toBeVisible();
    await page.getByRole("link", { name: reference }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Application ${reference}` })).toBeVisible();
    await expect(page.getByRole("link", { name: "Open registration.pdf" })).toBeVisible();
    await expect(page.getByRole("table")).toContainText("Operating restriction");
    await checkA11y(page);
    await page.getByRole("button", { name: "Claim this application" }).click();
    await expect(page.getByRole("status")).toContainText("You have claimed this application.");
    await page.getByRole("button", { name: "Start review" }).click();
    await expect(page.getByRole("status")).toContainText("Review started");
    // An empty request is refused at the field.
    await page.getByRole("button", { name: "Send request" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter a message for the owner");
    await expect(page).toHaveTitle(/^Error: /);
    await checkA11y(page);
    await page.getByLabel("Message to the owner").fill("Please send a photo of the restriction notice on your door.");
    await page.getByRole("button", { name: "Send request" }).click();
    await expect(page.getByRole("status")).toContainText("Your request has been sent to the owner.");
    await page.getByLabel("New note").fill("Restriction listed in the Seoul notice of 2020-12-08.");
    await page.getByRole("button", { name: "Add note" }).click();
    await expect(page.getByRole("status")).toContainText("Your note has been added.");
    await checkA11y(page);
    await signOut(page);

    // The owner answers; the internal note is not theirs to see.
    await signIn(page, email, PASSWORD);
    await page.goto(`/applications/${reference}`);
    // What was asked stands at the top, above the reply box.
    await expect(page.getByRole("region", { name: "The caseworker needs more information" })).toContainText(
      "Please send a photo of the restriction notice on your door.",
    );
    await expect(page.getByText("Restriction listed in the Seoul notice")).toHaveCount(0);
    await page.getByLabel("Your answer").fill("The notice is attached to my earlier upload; it is on page 2.");
    await page.getByRole("button", { name: "Send your answer" }).click();
    await expect(page.getByRole("status")).toBeVisible();
    await signOut(page);

    // The caseworker sees the answer and approves the prefilled amount.
    await signIn(page, CASEWORKER, DEMO_PASSWORD);
    await page.goto(`/admin/applications/${reference}`);
    const reply = page.getByRole("region", { name: /Reply received/ });
    await expect(reply).toContainText("The notice is attached to my earlier upload; it is on page 2.");
    await expect(reply).toContainText("Please send a photo of the restriction notice on your door.");
    await expect(page.getByLabel("Amount to award")).toHaveValue("2,000,000");
    await page.getByLabel("Amount to award").fill("3,000,001");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("alert")).toContainText("cannot be more than this programme's maximum of KRW 3,000,000");
    await page.getByLabel("Amount to award").fill("2,000,000");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("status")).toContainText("Approved. The owner has been told.");
    await checkA11y(page);
    await signOut(page);

    // The owner sees the decision and the amount.
    await signIn(page, email, PASSWORD);
    await page.goto(`/applications/${reference}`);
    await expect(page.locator(".portal-facts")).toContainText("approved");
    await expect(page.locator(".portal-facts")).toContainText("Amount awarded");
    await expect(page.locator(".portal-facts")).toContainText("KRW 2,000,000");
    await checkA11y(page);
  });

  test("a stale form is refused with the other person's change shown and the input kept", async ({ page }) => {
    const { reference } = await submittedApplication();
    await signIn(page, SUPERVISOR, DEMO_PASSWORD);
    await page.goto(`/admin/applications/${reference}`);
    await page.getByRole("button", { name: "Start review" }).click();
    await expect(page.getByRole("status")).toContainText("Review started");
    // Meanwhile someone else asks for information (a second tab, same supervisor: the version moved on).
    const other = await page.context().newPage();
    await other.goto(`/admin/applications/${reference}`);
    await other.getByLabel("Message to the owner").fill("Please add the lease.");
    await other.getByRole("button", { name: "Send request" }).click();
    await expect(other.getByRole("status")).toContainText("Your request has been sent to the owner.");
    await other.close();
    // This tab still shows the old form.
    await page.getByRole("combobox", { name: "Reason" }).selectOption("not_eligible");
    await page.getByLabel("Explanation for the owner").fill("Opened after the cut-off date.");
    await page.getByRole("button", { name: "Reject" }).click();
    await expect(page.getByRole("alert")).toContainText("This application changed while you had it open");
    await expect(page.getByRole("alert")).toContainText("information requested");
    await expect(page.getByRole("alert")).toContainText("Opened after the cut-off date.");
    await checkA11y(page);
  });

  test("four eyes: a large loan approved by a caseworker waits for a supervisor's confirmation", async ({ page }) => {
    const { reference } = await submittedApplication("rent-loan");
    await signIn(page, CASEWORKER, DEMO_PASSWORD);
    await page.goto(`/admin/applications/${reference}`);
    await page.getByRole("button", { name: "Claim this application" }).click();
    await page.getByRole("button", { name: "Start review" }).click();
    await expect(page.getByLabel("Amount to award")).toHaveValue("8,000,000");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("status")).toContainText("Approval proposed. A supervisor other than you must confirm it.");
    await expect(page.getByRole("heading", { name: "Approval waiting for confirmation" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Confirm approval" })).toHaveCount(0);
    await expect(page.locator(".portal-facts").first()).toContainText("under review");
    await checkA11y(page);
    await signOut(page);

    await signIn(page, SUPERVISOR, DEMO_PASSWORD);
    await page.goto(`/admin/applications/${reference}`);
    await expect(page.getByText(`${CASEWORKER} proposed to award KRW 8,000,000`)).toBeVisible();
    await checkA11y(page);
    await page.getByRole("button", { name: "Confirm approval" }).click();
    await expect(page.getByRole("status")).toContainText("Approval confirmed.");
    await expect(page.locator(".portal-facts").first()).toContainText("approved");
    await expect(page.locator(".portal-facts").first()).toContainText("KRW 8,000,000");
  });

  test("an owner gets a 404 for the staff page", async ({ page }) => {
    const { email, reference } = await submittedApplication();
    await signIn(page, email, PASSWORD);
    const response = await page.goto(`/admin/applications/${reference}`);
    expect(response?.status()).toBe(404);
  });

  test.describe("without JavaScript, on a 320 px screen", () => {
    test.use({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
    test("claim, start review and reject with a reason the owner can read", async ({ page }) => {
      const { email, reference } = await submittedApplication();
      await signIn(page, CASEWORKER, DEMO_PASSWORD);
      await page.goto(`/admin/applications/${reference}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await page.getByRole("button", { name: "Claim this application" }).click();
      await expect(page.getByRole("status")).toContainText("You have claimed this application.");
      await page.getByRole("button", { name: "Start review" }).click();
      await page.getByRole("button", { name: "Reject" }).click();
      await expect(page.getByRole("alert")).toContainText("Choose a reason");
      await expect(page).toHaveTitle(/^Error: /);
      await page.getByRole("combobox", { name: "Reason" }).selectOption("incomplete_documents");
      await page.getByLabel("Explanation for the owner").fill("The registration certificate is unreadable.");
      await page.getByRole("button", { name: "Reject" }).click();
      await expect(page.getByRole("status")).toContainText("Rejected. The owner has been told the reason.");
      await signOut(page);
      await signIn(page, email, PASSWORD);
      await page.goto(`/applications/${reference}`);
      await expect(page.locator(".portal-facts")).toContainText("Documents missing or incomplete");
      await expect(page.getByText("The registration certificate is unreadable.")).toBeVisible();
    });
  });
});
