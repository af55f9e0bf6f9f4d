import type { Browser, Page } from "@playwright/test";
import { agreeToPrivacy, confirmOwnershipOf, latestMailTo } from "./steps";
import { businessNumberCheckDigit } from "../../app/modules/businesses/business-number";
import { listCsv, listRow } from "../helpers/verified-list";
import { checkA11y as axeCheck, expect, test } from "./fixtures";

const PASSWORD = "a long journey passphrase";

/** axe needs JavaScript in the page; the no-JavaScript runs check the same pages' behaviour only. */
let a11yEnabled = true;
async function checkA11y(page: Page) {
  if (a11yEnabled) await axeCheck(page);
}
const DEMO_PASSWORD = "demo-password-2021";

function uniqueNumber(): { shown: string; digits: string } {
  const nine = String(200_000_000 + Math.floor(Math.random() * 700_000_000));
  const digits = `${nine}${businessNumberCheckDigit(nine)}`;
  return { digits, shown: `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}` };
}

async function registerOwnerWithBusiness(page: Page, number: string, tradeName: string) {
  await page.goto("/register");
  const email = `rapid-${Date.now()}-${Math.floor(Math.random() * 1e6)}@test.example`;
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await agreeToPrivacy(page);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/applications$/);
  // Applying in one step needs a confirmed email address, as the normal track does: open the link
  // registration sent.
  const link = latestMailTo(email).match(/https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]+/)![0];
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole("heading", { level: 1, name: "Your email address is confirmed" })).toBeVisible();
  await page.goto("/account/businesses/new");
  await page.getByLabel("Trade name").fill(tradeName);
  await page.getByLabel("Business registration number").fill(number);
  await page.getByLabel("Representative's name").fill("Kim Rapid");
  await page.getByLabel("Phone number").fill("010-1234-5678");
  await page.getByLabel("Business address").fill("1 Sejong-daero, Seoul");
  await page.getByLabel("Region").selectOption({ label: "Seoul" });
  await page.getByLabel("Sector").selectOption({ label: "Food service" });
  await page.getByLabel("Regular employees").fill("3");
  await page.getByLabel("Date the business opened").fill("2018-03-01");
  await page.getByRole("button", { name: "Save business" }).click();
  await expect(page.getByRole("status")).toContainText("Your business has been added.");
  // Proven theirs (identity and register), which applying needs.
  confirmOwnershipOf(number);
}

async function supervisorPage(browser: Browser, javaScriptEnabled: boolean, headers: Record<string, string>, baseURL: string) {
  const context = await browser.newContext({
    javaScriptEnabled,
    locale: "en-GB",
    extraHTTPHeaders: { ...headers, "X-Forwarded-For": "10.250.0.1" },
    baseURL,
  });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email address").fill("supervisor@demo.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  return page;
}

async function importList(page: Page, { programme, round, csv }: { programme: string; round: number; csv: string }) {
  await page.goto("/admin/verified-lists");
  await page.getByLabel("Programme").first().selectOption(programme);
  await page.getByLabel("Round").fill(String(round));
  await page.getByLabel("CSV file").setInputFiles({ name: `list-${round}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page.getByRole("status").first()).toContainText("The file was accepted", { timeout: 15_000 });
  const row = page.locator("tr", { hasText: `list-${round}.csv` }).first();
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText("Finished", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  return row;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`rapid payment (${javaScriptEnabled ? "with" : "without"} JavaScript)`, () => {
    test.use({ javaScriptEnabled });
    test.setTimeout(90_000);
    test.beforeEach(() => {
      a11yEnabled = javaScriptEnabled;
    });

    test("a supervisor imports a list, the listed owner is told and applies in one step, approved at once", async ({
      page,
      browser,
      extraHTTPHeaders,
      baseURL,
    }) => {
      const number = uniqueNumber();
      await registerOwnerWithBusiness(page, number.shown, "Rapid Noodles");

      const staff = await supervisorPage(browser, javaScriptEnabled, extraHTTPHeaders ?? {}, baseURL!);
      const round = 10 + Math.floor(Math.random() * 89);
      const csv = listCsv([
        listRow({ registration_number: number.digits, trade_name: "Rapid Noodles", covid_measure: "restriction", amount_krw: "2000000" }),
        listRow({ registration_number: "1234567890", trade_name: "Bad number" }),
      ]);
      const row = await importList(staff, { programme: "support-fund", round, csv });
      await expect(row).toContainText("1"); // one refused
      await expect(row.getByRole("link", { name: "Download the refused rows (CSV)" })).toBeVisible();
      await checkA11y(staff);
      await staff.context().close();

      // The owner is told in the portal (email and SMS go through the outboxes).
      await expect(async () => {
        await page.goto("/notifications");
        await expect(page.getByRole("link", { name: /on the list for the Small Business Support Fund: KRW 2,000,000/ })).toBeVisible({
          timeout: 1000,
        });
      }).toPass({ timeout: 15_000 });
      await page.getByRole("link", { name: /on the list for the Small Business Support Fund/ }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Apply in one step" })).toBeVisible();
      await checkA11y(page);

      // A wrong account number is refused at the field, the input kept.
      await page.getByLabel("Bank").selectOption("088");
      await page.getByLabel("Account number").fill("12-34");
      await page.getByLabel("Account holder").fill("Kim Rapid");
      await page.locator("label", { hasText: "I declare" }).click();
      await page.getByRole("button", { name: "Apply now" }).click();
      await expect(page.getByRole("alert")).toContainText("An account number has 10 to 14 digits; you entered 4.");
      if (!javaScriptEnabled) await expect(page).toHaveTitle(/^Error: /);
      await expect(page.getByLabel("Account holder")).toHaveValue("Kim Rapid");
      await checkA11y(page);

      await page.getByLabel("Account number").fill("110-123-456789");
      const declaration = page.getByRole("checkbox", { name: /I declare/ });
      if (!(await declaration.isChecked())) await page.locator("label", { hasText: "I declare" }).click();
      await page.getByRole("button", { name: "Apply now" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Approved" })).toBeVisible();
      await expect(page.getByText(/was approved at once: ₩2,000,000|was approved at once: KRW/)).toBeVisible();
      await checkA11y(page);
      await page.getByRole("link", { name: "Follow your application" }).click();
      await expect(page.getByText(/approved/i).first()).toBeVisible();
    });

    test("an owner on the wrong day is told when to come back", async ({ page, browser, extraHTTPHeaders, baseURL }) => {
      const number = uniqueNumber();
      await registerOwnerWithBusiness(page, number.shown, "Tomorrow Mart");
      const staff = await supervisorPage(browser, javaScriptEnabled, extraHTTPHeaders ?? {}, baseURL!);
      const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
      const startsOn = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(tomorrow);
      await staff.goto("/admin/verified-lists");
      const schedule = staff.getByLabel("Opening schedule (JSON) for Smart Supermarket");
      await schedule.fill(JSON.stringify({ startsOn, days: [{ lastDigits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }] }));
      await schedule
        .locator("xpath=ancestor::form")
        .getByRole("button", { name: /Save the schedule/ })
        .click();
      await expect(staff.getByRole("status").first()).toContainText("The opening schedule was saved.");
      await importList(staff, {
        programme: "smart-supermarket",
        round: 10 + Math.floor(Math.random() * 89),
        csv: listCsv([listRow({ registration_number: number.digits, trade_name: "Tomorrow Mart", sector: "retail", amount_krw: "5000000" })]),
      });

      await page.goto("/applications/rapid?programme=smart-supermarket");
      const day = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Seoul", weekday: "long", day: "numeric", month: "long", year: "numeric" })
        .format(tomorrow)
        .replace(",", "");
      await expect(page.getByRole("status").filter({ hasText: "Not yet" })).toContainText(`may apply from ${day} (Korea time)`);
      // Sending anyway is refused by the server, with the same words.
      await page.getByLabel("Bank").selectOption("004");
      await page.getByLabel("Account number").fill("123-456-789012");
      await page.getByLabel("Account holder").fill("Kim Rapid");
      await page.locator("label", { hasText: "I declare" }).click();
      await page.getByRole("button", { name: "Apply now" }).click();
      await expect(page.getByRole("alert")).toContainText(`may apply from ${day}`);
      await checkA11y(page);

      // Korean too.
      await page.goto("/applications/rapid?programme=smart-supermarket&lng=ko");
      await expect(page.getByText(/부터 신청할 수 있습니다/).first()).toBeVisible();

      await staff.goto("/admin/verified-lists?lng=en");
      await staff.getByLabel("Opening schedule (JSON) for Smart Supermarket").fill("");
      await staff
        .getByLabel("Opening schedule (JSON) for Smart Supermarket")
        .locator("xpath=ancestor::form")
        .getByRole("button", { name: /Save the schedule/ })
        .click();
      await staff.context().close();
    });

    test("an owner not on the list is told so, and anyone can recommend a business", async ({ page }) => {
      const number = uniqueNumber();
      await registerOwnerWithBusiness(page, number.shown, "Unlisted Cafe");
      const response = await page.goto("/applications/rapid?programme=rent-loan");
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1, name: "Your business is not on the list" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Apply with documents" })).toHaveAttribute("href", "/applications/new?programme=rent-loan");
      await checkA11y(page);
      // The way to object to not being listed (this programme has no list yet, and the page says so).
      await page.getByRole("link", { name: "Object to not being on the list" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Object to not being on the verified list" })).toBeVisible();
      await expect(page.getByText("This programme has no verified list yet")).toBeVisible();
      await checkA11y(page);

      await page.context().clearCookies();
      await page.goto("/recommend");
      await page.getByLabel("Programme").selectOption("support-fund");
      await page.getByLabel("Business registration number").fill("123-45-67890");
      await page.getByLabel("Why should it be supported?").fill("x");
      await page.getByRole("button", { name: "Send the recommendation" }).click();
      await expect(page.getByRole("alert")).toContainText("This registration number is not valid");
      await expect(page.getByRole("alert")).toContainText("Say why in 10 to 1,000 characters");
      await checkA11y(page);
      await page.getByLabel("Business registration number").fill(number.shown);
      await page.getByLabel("Why should it be supported?").fill("Closed for months by the closure order; the owner kept paying staff.");
      await page.getByRole("button", { name: "Send the recommendation" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Thank you" })).toBeVisible();
      await expect(page.getByText("Unlisted Cafe")).toHaveCount(0);
    });
  });
}
