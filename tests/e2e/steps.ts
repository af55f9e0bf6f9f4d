import type { Page } from "@playwright/test";

/** Picks a radio by clicking its label, as people do (KRDS draws its own radio over the input). */
export async function choose(page: Page, question: string, answer: string) {
  await page.getByRole("group", { name: question }).locator("label").getByText(answer, { exact: true }).click();
}

/** Answers the eligibility questionnaire as the owner of a restaurant under an operating restriction. */
export async function answerAsRestrictedRestaurant(page: Page, { employees = "3" } = {}) {
  await page.getByLabel("Sector").selectOption({ label: "Food service" });
  await page.getByLabel("Region (province or metropolitan city)").selectOption({ label: "Seoul" });
  await page.getByLabel("Number of regular employees").fill(employees);
  await page.getByLabel("Date the business opened").fill("2019-05-01");
  await choose(page, "Business state", "Operating");
  await choose(page, "Premises", "Rented");
  await page.getByLabel("Monthly rent").fill("1,500,000");
  await choose(page, "COVID-19 measure on your premises", "Operating restriction (집합제한)");
  await page.getByLabel("Annual sales in 2019").fill("150,000,000");
  await page.getByLabel("Annual sales in 2020").fill("120,000,000");
  await choose(page, "Do you have unpaid taxes (tax arrears)?", "No");
  await choose(page, "Do you have a loan in default?", "No");
}
