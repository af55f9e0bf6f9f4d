import { businessNumberCheckDigit } from "../../app/modules/businesses/business-number";
import { agreeToPrivacy } from "./steps";
import { checkA11y, expect, test } from "./fixtures";

/**
 * "The owner's thread never lost": on a 320 px phone in Korean, a new owner goes from a
 * programme page through sign-in, registration and adding a business straight back to the
 * application they meant to start, and the page never gets wider than the screen.
 */
test.use({ locale: "ko-KR", viewport: { width: 320, height: 640 } });

async function fits(page: import("@playwright/test").Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
}

test("programme page → 신청하기 → 회원가입 → 사업체 추가 → back to the application", async ({ page }) => {
  const email = `intent-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const nine = String(300_000_000 + Math.floor(Math.random() * 600_000_000));
  const number = `${nine}${businessNumberCheckDigit(nine)}`;

  await page.goto("/programmes/rent-loan");
  await fits(page);
  await page.getByRole("link", { name: "신청하기", exact: true }).click();
  // Signed out: sign-in first, which remembers where the owner was going.
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fapplications%2Fnew%3Fprogramme%3Drent-loan$/);
  await page.getByRole("main").getByRole("link", { name: "회원가입" }).click();
  await expect(page).toHaveURL(/\/register\?redirectTo=/);
  await fits(page);
  await page.getByLabel("이메일 주소").fill(email);
  await page.getByLabel("비밀번호").fill("가게 문 닫은 밤에 만드는 긴 비밀번호");
  await agreeToPrivacy(page, /위와 같이 개인정보를 수집·이용하는 데 동의합니다/);
  await page.getByRole("button", { name: "계정 만들기" }).click();

  // Registration returns to the application, which asks for a business first.
  await expect(page).toHaveURL(/\/applications\/new\?programme=rent-loan$/);
  await fits(page);
  await page.getByRole("link", { name: "사업체 등록" }).click();
  await expect(page).toHaveURL(/\/account\/businesses\/new\?redirectTo=/);
  await expect(page.getByRole("navigation", { name: "현재 위치" })).toContainText("사업체 추가");
  await page.getByLabel("상호").fill("밤늦게 국밥");
  await page.getByLabel("사업자등록번호").fill(number);
  await page.getByLabel("대표자 성명").fill("김사장");
  await page.getByLabel("전화번호").fill("010-1234-5678");
  await page.getByLabel("사업장 주소").fill("부산광역시 중구 1");
  await page.getByLabel("지역").selectOption("busan");
  await page.getByLabel("업종").selectOption("food_service");
  await page.getByLabel("상시근로자 수").fill("2");
  await page.getByLabel("개업일").fill("2019-03-02");
  await page.getByRole("button", { name: "사업체 저장" }).click();

  // Adding the business returns to the application, not to an empty list.
  await expect(page).toHaveURL(/\/applications\/new\?programme=rent-loan$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("임차 소상공인 특별융자");
  await fits(page);
  await checkA11y(page);
  await page.getByRole("button", { name: "신청 시작" }).click();
  await expect(page).toHaveURL(/\/applications\/[A-Za-z0-9_-]+$/);
  // No draft key shown as a code; the breadcrumb leads back.
  await expect(page.getByRole("navigation", { name: "현재 위치" })).toContainText("신청서");
  await fits(page);
  await checkA11y(page);

  // A signed-in owner is not told to sign in first on the results page.
  await page.goto("/eligibility?sector=food_service&employees=2&premises=rented&monthlyRent=1억&covidMeasure=restriction");
  await expect(page.getByText("로그인하거나 회원가입을 하면")).toHaveCount(0);
  await fits(page);
});
