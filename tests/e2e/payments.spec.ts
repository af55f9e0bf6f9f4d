import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { createDatabase } from "../../db/client";
import { hashPassword } from "../../app/modules/accounts/password.server";
import { businessNumberCheckDigit } from "../../app/modules/businesses/business-number";
import { splitCsvLine } from "../../app/modules/payments/payment-files";
import { decide } from "../../app/modules/review/review.server";
import { checkA11y, expect, test } from "./fixtures";
import { confirmOwnershipOf } from "./steps";

const PASSWORD = "an owner's payment passphrase";
const DEMO_PASSWORD = "demo-password-2021";
const SUPERVISOR = "supervisor@demo.test";
const SECOND_SUPERVISOR = "admin@demo.test";
const CASEWORKER = "caseworker@demo.test";

const dbPath = () => path.join(os.tmpdir(), `portal-e2e-${process.env.E2E_RUN_ID}`, "portal.db");

/**
 * An owner with a support-fund application at `status` (approved with an award, or under review
 * assigned to the demo caseworker), written straight into the e2e server's database: how it got
 * there is other specs' journey.
 */
async function ownerWithApplication(status: "approved" | "under_review") {
  const db = createDatabase({ path: dbPath() });
  try {
    const stamp = new Date().toISOString();
    const email = `pay-owner-${Date.now()}-${Math.floor(Math.random() * 1e6)}@test.example`;
    const owner = await db
      .insertInto("users")
      .values({ email, password_hash: await hashPassword(PASSWORD), role: "owner", created_at: stamp, updated_at: stamp, password_changed_at: stamp })
      .returning("id")
      .executeTakeFirstOrThrow();
    const nine = String(300_000_000 + Math.floor(Math.random() * 600_000_000));
    const business = await db
      .insertInto("businesses")
      .values({
        owner_id: owner.id,
        trade_name: "Payment Noodles",
        registration_number: `${nine}${businessNumberCheckDigit(nine)}`,
        representative_name: "Choi Pay",
        phone: "02-555-0199",
        address: "9 Jong-ro, Seoul",
        region: "seoul",
        sector: "food_service",
        employees: 2,
        opened_on: "2019-02-01",
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const programme = await db.selectFrom("programmes").select("id").where("slug", "=", "support-fund").executeTakeFirstOrThrow();
    const caseworker = await db.selectFrom("users").select(["id", "email", "role"]).where("email", "=", CASEWORKER).executeTakeFirstOrThrow();
    const reference = `SF-2098-${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
    const app = await db
      .insertInto("applications")
      .values({
        public_id: `d${Math.random().toString(36).slice(2, 8).padEnd(6, "0")}${Date.now().toString(36).slice(-6)}`,
        reference,
        programme_id: programme.id,
        business_id: business.id,
        owner_id: owner.id,
        status,
        requested_amount_krw: null,
        rules_version: 1,
        snapshot: "{}",
        submitted_at: stamp,
        decided_at: status === "approved" ? stamp : null,
        created_at: stamp,
        updated_at: stamp,
        award_amount_krw: status === "approved" ? 2_000_000 : null,
        assigned_to: status === "under_review" ? caseworker.id : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (status === "under_review") {
      // The demo caseworker rejects it through the review service (the status event names them).
      const r = await decide(
        {
          ref: reference,
          intent: "reject",
          version: 1,
          staff: caseworker as { id: number; email: string; role: "caseworker" },
          reasonCode: "not_eligible",
          reasonText: "Your 2020 sales did not fall.",
        },
        { db },
      );
      if (!r.ok) throw new Error(JSON.stringify(r));
    }
    // Proven the owner's (identity and register), as a business that is paid must be.
    confirmOwnershipOf(`${nine}${businessNumberCheckDigit(nine)}`);
    return { email, reference, applicationId: app.id };
  } finally {
    await db.destroy();
  }
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // At 320 px the sign-out button sits in the closed 전체메뉴: check where sign-in led instead.
  await expect(page).not.toHaveURL(/\/login/);
}

async function signOut(page: Page) {
  // At 320 px the button sits in the closed 전체메뉴; the journey only needs the next person in.
  const button = page.getByRole("button", { name: "Sign out" });
  if (await button.isVisible()) await button.click();
  else await page.context().clearCookies();
}

/** The bank's answer to a transfer file: every line paid ("0000"). */
function bankAnswers(transfer: string): string {
  const lines = transfer.trim().split("\r\n");
  const batch = splitCsvLine(lines[0]!)![3];
  const out = [`H,SMEPORTAL-RESULT,1,${batch}`];
  for (const l of lines.slice(1, -1)) out.push(`${l},0000`);
  out.push(lines.at(-1)!);
  return out.join("\r\n") + "\r\n";
}

async function payJourney(page: Page, js: boolean) {
  /** axe needs JavaScript in the page; the no-JavaScript run checks the same pages' behaviour only. */
  const a11y = async () => {
    if (js) await checkA11y(page);
  };
  const owner = await ownerWithApplication("approved");

  // The owner gives a payout account; a wrong shape is refused at the field with the input kept.
  await signIn(page, owner.email, PASSWORD);
  await page.goto(`/applications/${owner.reference}`);
  await page.getByRole("link", { name: "Give or correct your payout account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Payout account" })).toBeVisible();
  await page.getByLabel("Bank").selectOption("088");
  await page.getByLabel("Account number").fill("110-12x-456");
  await page.getByLabel("Account holder").fill("김민수");
  await page.getByRole("button", { name: "Save the payout account" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the account number using digits only");
  // Without JavaScript the refused post renders the page itself, titled "Error: …".
  if (!js) await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByLabel("Account number")).toHaveValue("110-12x-456");
  await a11y();
  await page.getByLabel("Account number").fill("110-123-456789");
  await page.getByRole("button", { name: "Save the payout account" }).click();
  await expect(page.getByRole("status")).toContainText("Your payout account has been saved.");
  await expect(page.getByText("********6789")).toBeVisible();
  await signOut(page);

  // A supervisor builds a batch; they cannot release their own.
  await signIn(page, SUPERVISOR, DEMO_PASSWORD);
  await page.goto("/admin/payments");
  await a11y();
  await page.getByLabel("Programme").selectOption("support-fund");
  await page.getByLabel("At most this many payments").fill("1000");
  await page.getByRole("button", { name: "Build the batch" }).click();
  await expect(page.getByRole("status")).toContainText("Batch built:");
  await expect(page.getByRole("link", { name: owner.reference })).toBeVisible();
  await expect(page.getByText("You built this batch: another supervisor must confirm and release it.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Confirm and release" })).toHaveCount(0);
  await a11y();
  const batchUrl = new URL(page.url()).pathname;
  await signOut(page);

  // A second supervisor confirms and releases, and downloads the transfer file.
  await signIn(page, SECOND_SUPERVISOR, DEMO_PASSWORD);
  await page.goto(batchUrl);
  await page.getByRole("button", { name: "Confirm and release" }).click();
  await expect(page.getByRole("alert")).toContainText("Tick the box to confirm the batch");
  await page.getByText("I have checked the totals and confirm this batch for payment").click();
  await page.getByRole("button", { name: "Confirm and release" }).click();
  await expect(page.getByRole("status")).toContainText("Batch released.");
  await a11y();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the transfer file (CSV)" }).click()]);
  const transfer = fs.readFileSync((await download.path())!, "utf8");
  expect(transfer).toContain(`,088,110123456789,김민수,2000000,${owner.reference}\r\n`);

  // A result file that does not match is refused whole, naming the line; the right one is imported.
  const answer = bankAnswers(transfer);
  await page.setInputFiles("#file", { name: "result.csv", mimeType: "text/csv", buffer: Buffer.from(answer.replace(",2000000,", ",2000001,")) });
  await page.getByRole("button", { name: "Import the result" }).click();
  await expect(page.getByRole("alert").first()).toContainText("amount differ from what was sent");
  await a11y();
  await page.setInputFiles("#file", { name: "result.csv", mimeType: "text/csv", buffer: Buffer.from(answer) });
  await page.getByRole("button", { name: "Import the result" }).click();
  await expect(page.getByRole("status")).toContainText("Result imported:");
  await expect(page.getByText("Settled")).toBeVisible();
  await signOut(page);

  // The owner sees "paid".
  await signIn(page, owner.email, PASSWORD);
  await page.goto(`/applications/${owner.reference}`);
  await expect(page.locator(".portal-facts")).toContainText("paid");
  await expect(page.locator(".portal-timeline")).toContainText("Paid");
  await a11y();
}

async function objectionJourney(page: Page, js: boolean) {
  const a11y = async () => {
    if (js) await checkA11y(page);
  };
  const owner = await ownerWithApplication("under_review");

  // The owner objects with a reason and a document.
  await signIn(page, owner.email, PASSWORD);
  await page.goto(`/applications/${owner.reference}`);
  await expect(page.getByText("Your 2020 sales did not fall.")).toBeVisible();
  await page.getByRole("link", { name: "Object to this decision" }).click();
  await page.getByRole("button", { name: "Send the objection" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter why you object");
  await a11y();
  await page.getByLabel("Why do you object?").fill("My 2020 sales fell by 30%; the statement is attached.");
  await page.setInputFiles("#files", { name: "sales-2020.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% sales\n%%EOF\n") });
  await page.getByRole("button", { name: "Send the objection" }).click();
  await expect(page.getByRole("status")).toContainText("Your objection has been sent.");
  await expect(page.getByText("Your objection: waiting for a decision")).toBeVisible();
  await signOut(page);

  // The caseworker who rejected it may not decide the objection.
  await signIn(page, CASEWORKER, DEMO_PASSWORD);
  await page.goto("/admin/objections");
  await a11y();
  const row = page.getByRole("row").filter({ hasText: owner.reference });
  await expect(row).toContainText("another caseworker must decide");
  await row.getByRole("link").click();
  await expect(page.getByText("You took the decision this objection is about; another caseworker must decide it.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Record the decision" })).toHaveCount(0);
  const objectionUrl = new URL(page.url()).pathname;
  await signOut(page);

  // Another member of staff overturns it: the application is reopened.
  await signIn(page, SUPERVISOR, DEMO_PASSWORD);
  await page.goto(objectionUrl);
  await expect(page.getByRole("link", { name: "sales-2020.pdf" })).toBeVisible();
  await page.getByRole("button", { name: "Record the decision" }).click();
  await expect(page.getByRole("alert")).toContainText("Choose uphold or overturn");
  await a11y();
  await page.getByText("Overturn: reopen the application for review").click();
  await page.getByLabel("Reason (the owner reads it)").fill("The statement shows the fall; we will review again.");
  await page.getByRole("button", { name: "Record the decision" }).click();
  await expect(page.getByRole("status")).toContainText("Objection overturned");
  await signOut(page);

  // The owner reads the decision; the application is under review again.
  await signIn(page, owner.email, PASSWORD);
  await page.goto(`/applications/${owner.reference}`);
  await expect(page.getByText("Your objection: refusal overturned")).toBeVisible();
  await expect(page.getByText("The statement shows the fall; we will review again.").first()).toBeVisible();
  await expect(page.locator(".portal-facts")).toContainText("under review");
  await a11y();
}

test.describe("payments and objections (with JavaScript)", () => {
  test.describe.configure({ mode: "serial" });
  const JS = true;
  test("an owner gives a payout account; two supervisors build and release a batch; the result is imported; the owner sees paid", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await payJourney(page, JS);
  });
  test("an owner objects to a rejection and a second caseworker overturns it", async ({ page }) => {
    test.setTimeout(120_000);
    await objectionJourney(page, JS);
  });
});

test.describe("payments and objections (without JavaScript)", () => {
  test.describe.configure({ mode: "serial" });
  test.use({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
  const JS = false;
  test("the same payment journey works without JavaScript", async ({ page }) => {
    test.setTimeout(120_000);
    await payJourney(page, JS);
  });
  test("the same objection journey works without JavaScript", async ({ page }) => {
    test.setTimeout(120_000);
    await objectionJourney(page, JS);
  });
});
