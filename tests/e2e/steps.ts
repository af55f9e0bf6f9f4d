import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
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

/** Ticks the required personal-data consent on the registration form, by its label as people do. */
export async function agreeToPrivacy(page: Page, label: RegExp = /I agree to the collection and use of my personal information/) {
  const box = page.getByRole("checkbox", { name: label });
  if (!(await box.isChecked())) await page.locator("label").filter({ hasText: label }).click();
  if (!(await box.isChecked())) throw new Error("the consent box did not tick");
}

/** The e2e server's database (playwright.config.ts), read-only: the latest mail to an address. */
export function latestMailTo(email: string): string {
  const file = path.join(os.tmpdir(), `portal-e2e-${process.env.E2E_RUN_ID}`, "portal.db");
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT body_text FROM outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1").get(email) as
      { body_text: string } | undefined;
    if (!row) throw new Error(`no mail to ${email}`);
    return row.body_text;
  } finally {
    db.close();
  }
}

/**
 * The records identity verification and the register check write when an owner proves a business
 * theirs, written into the e2e server's database (WAL lets the test write beside the server) for the
 * business with this registration number. The journey through the provider and the register is
 * tested over HTTP (tests/integration/ownership-http.test.ts); these journeys are about applying.
 */
export function confirmOwnershipOf(registrationNumber: string) {
  const file = path.join(os.tmpdir(), `portal-e2e-${process.env.E2E_RUN_ID}`, "portal.db");
  const db = new SQLite(file, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const digits = registrationNumber.replace(/-/g, "");
    const business = db.prepare("SELECT id, owner_id, opened_on FROM businesses WHERE registration_number = ?").get(digits) as
      { id: number; owner_id: number; opened_on: string | null } | undefined;
    if (!business) throw new Error(`no business ${registrationNumber}`);
    const stamp = new Date().toISOString();
    const hash = crypto.randomBytes(32).toString("hex");
    db.prepare(
      "INSERT OR IGNORE INTO identity_verifications (user_id, issuer, subject_hash, name, birth_date, verified_at) VALUES (?, 'http://localhost:3100', ?, '김민수', '1980-03-15', ?)",
    ).run(business.owner_id, hash, stamp);
    const person = db.prepare("SELECT issuer, subject_hash, name FROM identity_verifications WHERE user_id = ?").get(business.owner_id) as {
      issuer: string;
      subject_hash: string;
      name: string;
    };
    db.prepare(
      "INSERT INTO business_ownerships (business_id, user_id, registration_number, issuer, subject_hash, representative_name, opened_on, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(business.id, business.owner_id, digits, person.issuer, person.subject_hash, person.name, business.opened_on ?? "2018-03-01", stamp);
  } finally {
    db.close();
  }
}
