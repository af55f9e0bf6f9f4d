import { giveAccount } from "../helpers/payments";
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "@playwright/test";
import { createDatabase } from "../../db/client";
import { hashPassword } from "../../app/modules/accounts/password.server";
import { confirmOwnershipFixture } from "../helpers/fixtures";
import { businessNumberCheckDigit } from "../../app/modules/businesses/business-number";
import { addDocument, saveAnswers, saveFacts, startApplication, submitApplication } from "../../app/modules/applications/applications.server";
import { decide } from "../../app/modules/review/review.server";
import { expect, test } from "./fixtures";

/**
 * The screenshot gallery: every public, owner and staff page at 320 px and 1280 px, in Korean and
 * English. Each role's test fails when any page is wider than its viewport, naming the page, size and
 * language. With GALLERY=1 (`npm run test:gallery`) it also saves a full-page JPEG of each to
 * test-results/gallery/ for people to look at; encoding some 150 long pages costs minutes on a busy
 * two-core machine, so the suite in `npm test` checks the widths only.
 */

const GALLERY = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "test-results", "gallery");
const OWNER_PASSWORD = "a gallery owner's passphrase";
const DEMO_PASSWORD = "demo-password-2021";
const WIDTHS = [320, 1280] as const;
const LANGS = ["ko", "en"] as const;
const SHOTS = process.env.GALLERY === "1";

/** A new owner with a draft and a submitted application on which the caseworker asked for information. */
async function ownerWithApplications() {
  const db = createDatabase({ path: path.join(os.tmpdir(), `portal-e2e-${process.env.E2E_RUN_ID}`, "portal.db") });
  try {
    const stamp = new Date().toISOString();
    const email = `gallery-${Date.now()}-${Math.floor(Math.random() * 1e6)}@test.example`;
    const owner = await db
      .insertInto("users")
      .values({
        email,
        password_hash: await hashPassword(OWNER_PASSWORD),
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
        trade_name: "갤러리 국밥 Gallery Gukbap House",
        registration_number: `${nine}${businessNumberCheckDigit(nine)}`,
        representative_name: "김갤러리",
        phone: "02-555-0199",
        address: "서울특별시 종로구 종로 5",
        region: "seoul",
        sector: "food_service",
        employees: 3,
        opened_on: "2019-02-01",
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Proven the owner's (identity and register), which submitting needs.
    await confirmOwnershipFixture(db, owner.id, business.id);
    // A verified list for the smart-store programme (no entries): the owner's business is not on it,
    // so the objection page shows its form.
    const smartStore = await db.selectFrom("programmes").select("id").where("slug", "=", "smart-store").executeTakeFirstOrThrow();
    if (!(await db.selectFrom("verified_lists").select("id").where("programme_id", "=", smartStore.id).executeTakeFirst())) {
      await db.insertInto("verified_lists").values({ programme_id: smartStore.id, round: 1, created_at: stamp }).execute();
    }
    const opts = { db };
    const facts = new URLSearchParams({
      sector: "food_service",
      region: "seoul",
      employees: "3",
      openedOn: "2019-02-01",
      businessState: "operating",
      premises: "rented",
      monthlyRent: "1,500,000",
      covidMeasure: "restriction",
      sales2019: "1억2천만",
      sales2020: "90,000,000",
      taxArrears: "no",
      loanDefault: "no",
    });
    // Submitted rent loan, then the caseworker asks for more.
    const loan = await startApplication({ ownerId: owner.id, businessId: business.id, programmeSlug: "rent-loan" }, opts);
    if (!loan.ok) throw new Error(loan.reason);
    await saveFacts({ key: loan.key, ownerId: owner.id, form: facts }, opts);
    await saveAnswers({ key: loan.key, ownerId: owner.id, form: { requestedAmount: "8,000,000" } }, opts);
    for (const code of ["business-registration", "lease-contract"]) {
      await addDocument(
        {
          key: loan.key,
          ownerId: owner.id,
          requirementCode: code,
          fileName: `${code}.pdf`,
          bytes: new TextEncoder().encode(`%PDF-1.4\n% ${code}\n%%EOF\n`),
        },
        opts,
      );
    }
    await giveAccount(loan.key, owner.id, { db });
    const submitted = await submitApplication({ key: loan.key, ownerId: owner.id, declared: true }, opts);
    if (!submitted.ok) throw new Error(submitted.reason);
    const caseworker = await db
      .selectFrom("users")
      .select(["id", "email", "role"])
      .where("email", "=", "caseworker@demo.test")
      .executeTakeFirstOrThrow();
    const staff = { id: caseworker.id, email: caseworker.email, role: "caseworker" as const };
    const version = async () =>
      (await db.selectFrom("applications").select("version").where("reference", "=", submitted.reference).executeTakeFirstOrThrow()).version;
    await decide({ ref: submitted.reference, intent: "claim", staff, version: await version() }, opts);
    await decide({ ref: submitted.reference, intent: "start_review", staff, version: await version() }, opts);
    await decide(
      {
        ref: submitted.reference,
        intent: "request_info",
        staff,
        message: "임대차계약서 전체 페이지를 올려 주세요. Please upload every page of the lease.",
        version: await version(),
      },
      opts,
    );
    // A draft of the support fund.
    const draft = await startApplication({ ownerId: owner.id, businessId: business.id, programmeSlug: "support-fund" }, opts);
    if (!draft.ok) throw new Error(draft.reason);
    await saveFacts({ key: draft.key, ownerId: owner.id, form: facts }, opts);
    return { email, reference: submitted.reference, draftKey: draft.key, businessId: business.id };
  } finally {
    await db.destroy();
  }
}

async function signedIn(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: "ko-KR" });
  const page = await context.newPage();
  await page.goto("/login?lng=en");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signed in: the page after the redirect speaks the browser's language (Korean).
  await expect(page.getByRole("button", { name: /Sign out|로그아웃/ })).toBeVisible();
  return page;
}

/** Visits each page at each width and language: saves the shot, returns the pages wider than the screen. */
async function photograph(page: Page, role: string, pages: Record<string, string>): Promise<string[]> {
  if (SHOTS) mkdirSync(GALLERY, { recursive: true });
  const tooWide: string[] = [];
  for (const lang of LANGS) {
    for (const [name, url] of Object.entries(pages)) {
      // One visit per page and language, then each width by resizing: the layout reflows as it would.
      await page.setViewportSize({ width: WIDTHS[0], height: 640 });
      const response = await page.goto(`${url}${url.includes("?") ? "&" : "?"}lng=${lang}`);
      expect(response?.status(), `${role} ${name} ${lang}`).toBeLessThan(500);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width === 320 ? 640 : 900 });
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        if (wide > width) tooWide.push(`${role}/${name} (${lang}, ${width}px): ${wide}px wide`);
        // JPEG: several times faster to encode than PNG for long pages, and small enough to keep.
        if (SHOTS) {
          await page.screenshot({
            path: path.join(GALLERY, `${role}-${name}-${lang}-${width}.jpg`),
            type: "jpeg",
            quality: 70,
            fullPage: true,
            animations: "disabled",
          });
        }
      }
    }
  }
  return tooWide;
}

const RESULTS =
  "/eligibility?sector=food_service&region=seoul&employees=3&openedOn=2019-02-01&businessState=operating&premises=rented&monthlyRent=1500000&covidMeasure=restriction&sales2019=120000000&sales2020=90000000&taxArrears=no&loanDefault=no";

test.describe("screenshot gallery: every page fits 320 px and 1280 px in both languages", () => {
  // One test per role so the two workers share them and each has its own time; a role's pages are
  // visited in sequence in one context.
  test.describe.configure({ mode: "parallel", timeout: SHOTS ? 300_000 : 120_000 });

  test("public pages", async ({ page }) => {
    const tooWide = await photograph(page, "public", {
      home: "/",
      programmes: "/programmes",
      programme: "/programmes/rent-loan",
      eligibility: "/eligibility",
      results: RESULTS,
      "eligibility-errors": "/eligibility?employees=lots&premises=rented&monthlyRent=0&sales2019=1.5",
      login: "/login",
      register: "/register",
      "forgot-password": "/forgot-password",
      privacy: "/privacy",
      copyright: "/copyright",
      terms: "/terms",
      accessibility: "/accessibility",
      "not-found": "/no-such-page",
    });
    expect(tooWide, "pages wider than the screen").toEqual([]);
  });

  test("an owner's pages", async ({ browser }) => {
    const { email, reference, draftKey, businessId } = await ownerWithApplications();
    const owner = await signedIn(browser, email, OWNER_PASSWORD);
    const tooWide = await photograph(owner, "owner", {
      applications: "/applications",
      start: "/applications/new?programme=smart-store",
      "draft-tasks": `/applications/${draftKey}`,
      "draft-business": `/applications/${draftKey}/business`,
      "draft-facts": `/applications/${draftKey}/facts`,
      "draft-questions": `/applications/${draftKey}/questions`,
      "draft-documents": `/applications/${draftKey}/documents`,
      "draft-account": `/applications/${draftKey}/account`,
      "draft-check": `/applications/${draftKey}/check`,
      application: `/applications/${reference}`,
      "application-documents": `/applications/${reference}/documents`,
      "application-answers": `/applications/${reference}/check`,
      notifications: "/notifications",
      account: "/account",
      businesses: "/account/businesses",
      "business-new": "/account/businesses/new",
      "business-edit": `/account/businesses/${businessId}`,
      "rapid-not-listed": "/applications/rapid?programme=smart-store",
      "list-objection": "/applications/rapid/objection?programme=smart-store",
      results: RESULTS,
    });
    await owner.context().close();
    expect(tooWide, "pages wider than the screen").toEqual([]);
  });

  test("staff pages: a caseworker's and an admin's", async ({ browser }) => {
    const { reference } = await ownerWithApplications();
    const caseworker = await signedIn(browser, "caseworker@demo.test", DEMO_PASSWORD);
    const tooWide = await photograph(caseworker, "caseworker", {
      queue: "/admin/applications",
      review: `/admin/applications/${reference}`,
      dashboard: "/admin",
    });
    await caseworker.context().close();

    const admin = await signedIn(browser, "admin@demo.test", DEMO_PASSWORD);
    tooWide.push(
      ...(await photograph(admin, "admin", {
        programmes: "/admin/programmes",
        "programme-edit": "/admin/programmes/rent-loan",
        audit: "/admin/audit",
        staff: "/admin/staff",
        "missing-accounts": "/admin/payments/missing-accounts",
      })),
    );
    await admin.context().close();
    expect(tooWide, "pages wider than the screen").toEqual([]);
  });
});
