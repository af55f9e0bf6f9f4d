import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { Locator, Page } from "@playwright/test";
import { checkA11y, expect, hydrated, test } from "./fixtures";
import { agreeToPrivacy } from "./steps";

/** The e2e server's database (playwright.config.ts): read-only, to fetch mail from the outbox. */
function latestMailTo(email: string): string {
  const file = path.join(os.tmpdir(), `portal-e2e-${process.env.E2E_RUN_ID}`, "portal.db");
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT body_text FROM outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1").get(email) as
      { body_text: string } | undefined;
    if (!row) throw new Error(`no mail to ${email}`);
    return row.body_text;
  } finally {
    db.close();
  }
}

const unique = (name: string) => `${name}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`;

/** Presses Tab until `target` has focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${target} with Tab`);
}

test.describe("accounts", () => {
  test("register → sign out → sign in → add a business with an invalid then a valid number", async ({ page }) => {
    const email = unique("journey");
    test.setTimeout(60_000); // a long journey with four axe runs, on a shared machine
    const password = "my journey passphrase";
    await page.goto("/");
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page).toHaveTitle("Create an account – SME Support Portal");
    await hydrated(page);
    await checkA11y(page);

    // A password that is too common first: the error summary takes focus and the title says "Error".
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill("password1234");
    await page.getByRole("button", { name: "Create account" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link", { name: /one of the most common/ })).toHaveAttribute("href", "#password");
    await expect(page).toHaveTitle(/^Error: Create an account/);
    await expect(page.getByLabel("Email address")).toHaveValue(email);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await checkA11y(page);

    await page.getByLabel("Password").fill(password);
    await agreeToPrivacy(page);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/applications$/);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login\?notice=signedOut$/);
    await expect(page.getByText("You have signed out.")).toBeVisible();

    await page.goto("/account/businesses");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount%2Fbusinesses$/);
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill("a wrong passphrase");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("Email or password is incorrect");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/account\/businesses$/);
    await expect(page.getByText("You have not registered a business yet.")).toBeVisible();
    await checkA11y(page);

    await page.getByRole("link", { name: "Add a business" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Add a business" })).toBeVisible();
    await page.getByLabel("Trade name").fill("Journey Noodles");
    await page.getByLabel("Business registration number").fill("314-15-92651");
    await page.getByLabel("Representative's name").fill("Choi Journey");
    await page.getByLabel("Phone number").fill("051-123-4567");
    await page.getByLabel("Business address").fill("12 Haeundae-ro, Busan");
    await page.getByLabel("Region").selectOption("busan");
    await page.getByLabel("Sector").selectOption("food_service");
    await page.getByLabel("Regular employees").fill("2");
    await page.getByLabel("Date the business opened").fill("2019-08-20");
    await page.getByRole("button", { name: "Save business" }).click();
    await expect(page.getByRole("alert")).toContainText("This is not a valid business registration number");
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByLabel("Trade name")).toHaveValue("Journey Noodles");
    await checkA11y(page);

    await page.getByRole("alert").getByRole("link").click();
    await expect(page.getByLabel("Business registration number")).toBeFocused();
    await page.getByLabel("Business registration number").fill("314-15-92650");
    await page.getByRole("button", { name: "Save business" }).click();
    await expect(page).toHaveURL(/\/account\/businesses\?notice=created$/);
    await expect(page.getByRole("status")).toContainText("Your business has been added.");
    const row = page.getByRole("row", { name: /Journey Noodles/ });
    await expect(row).toContainText("314-15-92650");
    await expect(row).toContainText("Food service");
    await checkA11y(page);
  });

  test("password reset through the outbox", async ({ page }) => {
    const email = unique("reset");
    await page.goto("/register");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill("forgotten passphrase");
    await agreeToPrivacy(page);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/applications$/);
    await page.getByRole("button", { name: "Sign out" }).click();

    await page.getByRole("link", { name: "Forgotten your password?" }).click();
    await checkA11y(page);
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

    const link = latestMailTo(email).match(/https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+/)![0];
    const resetPath = new URL(link).pathname;
    await page.goto(resetPath);
    await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
    await checkA11y(page);
    await page.getByLabel("New password").fill("remembered passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page).toHaveURL(/\/login\?notice=passwordReset$/);
    await expect(page.getByText("Your password has been changed.")).toBeVisible();

    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill("remembered passphrase");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/applications$/);

    // The link worked once.
    await page.goto(resetPath);
    await expect(page.getByRole("heading", { level: 1, name: "This link does not work" })).toBeVisible();
  });

  test("keyboard only: sign in and add a business without a mouse", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    await tabTo(page, page.getByRole("link", { name: "Sign in" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/login/);
    await tabTo(page, page.getByLabel("Email address"));
    await page.keyboard.type("owner@demo.test");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Password")).toBeFocused();
    await page.keyboard.type("demo-password-2021");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/applications$/);

    await tabTo(page, page.getByRole("link", { name: "Your businesses" }).first());
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/account\/businesses$/);
    await expect(page.getByRole("row", { name: /Demo Kimchi House/ })).toBeVisible();
    await tabTo(page, page.getByRole("link", { name: "Add a business" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/account\/businesses\/new$/);

    await tabTo(page, page.getByLabel("Trade name"));
    await page.keyboard.type("Keyboard Cafe");
    await page.keyboard.press("Tab");
    await page.keyboard.type("105-87-00121");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Han Key");
    await page.keyboard.press("Tab");
    await page.keyboard.type("02-555-0101");
    await page.keyboard.press("Tab");
    await page.keyboard.type("7 Jong-ro, Seoul");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Region")).toBeFocused();
    await page.keyboard.press("ArrowDown"); // Seoul, the first region
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Sector")).toBeFocused();
    await page.keyboard.press("ArrowDown"); // food service
    await page.keyboard.press("Tab");
    await page.keyboard.type("0");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Date the business opened")).toBeFocused();
    await page.getByLabel("Date the business opened").pressSequentially("03152020");
    await tabTo(page, page.getByRole("button", { name: "Save business" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/account\/businesses\?notice=created$/);
    await expect(page.getByRole("row", { name: /Keyboard Cafe/ })).toContainText("105-87-00121");
  });

  test("staff land in the staff area and cannot open the owners' pages", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email address").fill("caseworker@demo.test");
    await page.getByLabel("Password").fill("demo-password-2021");
    await page.getByRole("button", { name: "Sign in" }).click();
    // Caseworkers land on their queue; the staff menu marks where they are.
    await expect(page).toHaveURL(/\/admin\/applications$/);
    await expect(page.getByRole("heading", { level: 1, name: "Applications to review" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Staff area" }).getByRole("link", { name: "Applications" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    const response = await page.goto("/account/businesses");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "You cannot see this page" })).toBeVisible();
  });

  test("account pages fit a 320 px wide phone", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto("/login");
    await page.getByLabel("Email address").fill("supervisor@demo.test");
    await page.getByLabel("Password").fill("demo-password-2021");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    for (const p of ["/account", "/login", "/register", "/forgot-password"]) {
      await page.goto(p);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal overflow on ${p}`).toBeLessThanOrEqual(0);
    }
  });
});

test.describe("accounts without JavaScript, in Korean", () => {
  test.use({ javaScriptEnabled: false, locale: "ko-KR" });

  test("register, see errors, and add a business", async ({ page }) => {
    const email = unique("nojs");
    await page.goto("/register");
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await page.getByLabel("이메일 주소").fill("not-an-email");
    await page.getByLabel("비밀번호").fill("short");
    await page.getByRole("button", { name: "계정 만들기" }).click();
    await expect(page).toHaveTitle(/^오류: 회원가입/);
    await expect(page.getByRole("alert")).toContainText("비밀번호는 12자 이상이어야 합니다");
    await expect(page.getByRole("alert")).toContainText("회원가입을 하려면 개인정보 수집·이용에 동의해 주세요");
    await page.getByLabel("이메일 주소").fill(email);
    await page.getByLabel("비밀번호").fill("한국어 비밀번호도 충분히 길게");
    await agreeToPrivacy(page, /위와 같이 개인정보를 수집·이용하는 데 동의합니다/);
    await page.getByRole("button", { name: "계정 만들기" }).click();
    await expect(page).toHaveURL(/\/applications$/);

    await page.goto("/account/businesses/new");
    await page.getByLabel("상호").fill("자바스크립트 없는 가게");
    await page.getByLabel("사업자등록번호").fill("1234567891");
    await page.getByLabel("대표자 성명").fill("홍길동");
    await page.getByLabel("전화번호").fill("010-9876-5432");
    await page.getByLabel("사업장 주소").fill("제주특별자치도 제주시 1");
    await page.getByLabel("지역").selectOption("jeju");
    await page.getByLabel("업종").selectOption("retail");
    await page.getByLabel("상시근로자 수").fill("0");
    await page.getByLabel("개업일").fill("2021-01-04");
    await page.getByRole("button", { name: "사업체 저장" }).click();
    await expect(page).toHaveURL(/notice=created$/);
    await expect(page.getByRole("row", { name: /자바스크립트 없는 가게/ })).toContainText("123-45-67891");
    await page.getByRole("button", { name: "로그아웃" }).click();
    await expect(page.getByText("로그아웃되었습니다.")).toBeVisible();
  });
});
