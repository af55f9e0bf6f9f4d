import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { createDatabase } from "../../db/client";
import { hashPassword } from "../../app/modules/accounts/password.server";
import { totpCode } from "../../app/modules/accounts/totp.server";
import { checkA11y, expect, test } from "./fixtures";

const PASSWORD = "a supervisor's own passphrase";

/** A new supervisor (no second factor yet) in the e2e server's database: the demo ones may choose. */
async function newSupervisor(): Promise<string> {
  const db = createDatabase({ path: path.join(os.tmpdir(), `portal-e2e-${process.env.E2E_RUN_ID}`, "portal.db") });
  try {
    const stamp = new Date().toISOString();
    const email = `mfa-supervisor-${Date.now()}-${Math.floor(Math.random() * 1e6)}@test.example`;
    await db
      .insertInto("users")
      .values({
        email,
        password_hash: await hashPassword(PASSWORD),
        role: "supervisor",
        created_at: stamp,
        updated_at: stamp,
        password_changed_at: stamp,
      })
      .execute();
    return email;
  } finally {
    await db.destroy();
  }
}

async function passwordStep(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Enrols from the setup page as a person with an authenticator app would; returns the key and the codes. */
async function enrol(page: Page, { a11y }: { a11y: boolean }) {
  await expect(page).toHaveURL(/\/two-factor\/setup/);
  await expect(page.getByRole("heading", { level: 1, name: "Set up two-step verification" })).toBeVisible();
  await expect(page.getByRole("img", { name: /QR code that adds SME Support Portal/ })).toBeVisible();
  if (a11y) await checkA11y(page);
  const key = (await page.getByTestId("setup-key").textContent())!.replace(/\s/g, "");
  // A wrong code first: the error summary names the field.
  await page.getByLabel("Security code").fill("123456");
  await page.getByRole("button", { name: "Turn on two-step verification" }).click();
  await expect(page.getByRole("alert")).toContainText("The security code is not correct");
  await expect(page).toHaveTitle(/^Error: /);
  const enrolCode = totpCode(key);
  await page.getByLabel("Security code").fill(enrolCode);
  await page.getByRole("button", { name: "Turn on two-step verification" }).click();
  await expect(page.getByRole("heading", { name: "Two-step verification is on" })).toBeVisible();
  const codes = (await page.locator(".portal-recovery-codes code").allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  if (a11y) await checkA11y(page);
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  return { key, codes, enrolCode };
}

test.describe("staff two-step verification", () => {
  test("a supervisor sets up an authenticator app, then signs in with a code", async ({ page }) => {
    // Five pages checked by axe: past 30 s on the shared two cores.
    test.slow();
    const email = await newSupervisor();
    await passwordStep(page, email);
    const { key, enrolCode } = await enrol(page, { a11y: true });
    await page.getByRole("button", { name: "Sign out" }).click();

    await passwordStep(page, email);
    await expect(page).toHaveURL(/\/two-factor\?redirectTo=%2Fadmin$/);
    await expect(page.getByRole("heading", { level: 1, name: "Enter your security code" })).toBeVisible();
    await checkA11y(page);
    // The code that turned it on cannot be played again (refused as used while its window lasts, as
    // wrong after it: a busy machine can cross a 30 s window); the app's next one works.
    await page.getByLabel("Security code").fill(enrolCode);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("alert")).toContainText(/This code has already been used|The security code is not correct/);
    await checkA11y(page);
    await page.getByLabel("Security code").fill(totpCode(key, new Date(Date.now() + 30_000)));
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await page.goto("/account/security");
    await expect(page.getByText("Two-step verification is on.")).toBeVisible();
    await checkA11y(page);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("enrol, then sign in with a recovery code; the same code is refused next time", async ({ page }) => {
      const email = await newSupervisor();
      await passwordStep(page, email);
      const { codes } = await enrol(page, { a11y: false });
      await page.getByRole("button", { name: "Sign out" }).click();
      await passwordStep(page, email);
      await page.getByLabel("Security code").fill(codes[0]!);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page).toHaveURL(/\/admin$/);
      await page.getByRole("button", { name: "Sign out" }).click();
      await passwordStep(page, email);
      await page.getByLabel("Security code").fill(codes[0]!);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByRole("alert")).toContainText("This recovery code has already been used");
      await page.getByRole("button", { name: "Cancel and sign out" }).click();
      await expect(page).toHaveURL(/\/login\?notice=signedOut$/);
    });
  });
});
