import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedProgrammes } from "../../db/seed";
import { createBusiness, createUser } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../helpers/server";
import type { Facts } from "../../app/modules/eligibility/facts";
import { toQuery } from "../../app/modules/eligibility/questionnaire";
import { RulesSchema } from "../../app/modules/eligibility/rules";
import { recountCounters } from "../../app/modules/statistics/counters.server";
import {
  checkEligibility,
  isProgrammeFull,
  lastCheckCookie,
  readLastCheck,
  rememberLastCheck,
} from "../../app/modules/eligibility/eligibility.server";
import { listProgrammesWithRules } from "../../app/modules/catalogue/programmes.server";
import { restrictedRestaurant } from "../helpers/facts";

const seededAt = new Date("2026-11-26T03:00:00Z");
const now = new Date("2026-12-01T03:00:00Z");

const restaurant: Facts = restrictedRestaurant;

beforeAll(async () => {
  await seedProgrammes(getDb(), { now: seededAt });
});

describe("eligibility service over the database", () => {
  it("evaluates every published programme, eligible first, catalogue order within each group", async () => {
    const { today, results } = await checkEligibility(restaurant, { now });
    expect(today).toBe("2026-12-01");
    expect(results.map((r) => [r.slug, r.evaluation.outcome])).toEqual([
      ["support-fund", "eligible"],
      ["rent-loan", "eligible"],
      ["smart-store", "eligible"],
      ["tax-legal-advice", "not_eligible"],
      ["smart-supermarket", "not_eligible"],
    ]);
    expect(results[0]!.evaluation.support).toMatchObject({ kind: "tiers", amountKrw: 2_000_000 });
    expect(results[1]!.documents.map((d) => [d.code, d.needed])).toEqual([
      ["business-registration", "yes"],
      ["lease-contract", "yes"],
    ]);
    expect(results.every((r) => r.acceptingApplications && !r.full)).toBe(true);
  });

  it("puts programmes that need more answers between eligible and not eligible", async () => {
    const { loanDefault: _omit, ...facts } = restaurant;
    const { results } = await checkEligibility(facts, { now });
    expect(results.map((r) => r.evaluation.outcome)).toEqual(["eligible", "eligible", "need_more_info", "not_eligible", "not_eligible"]);
    expect(results[2]!.slug).toBe("rent-loan");
  });

  it("runs the rules stored in the rows: editing a row changes the answer", async () => {
    const db = getDb();
    const row = await db.selectFrom("programmes").select(["rules"]).where("slug", "=", "support-fund").executeTakeFirstOrThrow();
    const rules = RulesSchema.parse(JSON.parse(row.rules));
    const edited = structuredClone(rules);
    const small = edited.criteria.find((c) => c.id === "small-business")!;
    if (small.condition.type !== "compare") throw new Error("unexpected seed");
    small.condition.value = 3; // fewer than 3 employees now
    await db
      .updateTable("programmes")
      .set({ rules: JSON.stringify(RulesSchema.parse(edited)) })
      .where("slug", "=", "support-fund")
      .execute();
    try {
      const { results } = await checkEligibility(restaurant, { now });
      const fund = results.find((r) => r.slug === "support-fund")!;
      expect(fund.evaluation.outcome).toBe("not_eligible");
      expect(fund.evaluation.criteria[0]!.explanation.en).toBe("You would need fewer than 3 regular employees; you told us 3.");
    } finally {
      await db.updateTable("programmes").set({ rules: row.rules }).where("slug", "=", "support-fund").execute();
    }
  });

  it("runs a criterion removed from a row's rules no more", async () => {
    const db = getDb();
    const before = await db.selectFrom("programmes").select(["rules"]).where("slug", "=", "rent-loan").executeTakeFirstOrThrow();
    const rules = RulesSchema.parse(JSON.parse(before.rules));
    expect(
      (await checkEligibility({ ...restaurant, covidMeasure: "none" }, { now })).results.find((r) => r.slug === "rent-loan")!.evaluation.outcome,
    ).toBe("not_eligible");
    const edited = structuredClone(rules);
    edited.criteria = edited.criteria.filter((c) => c.id !== "restricted-or-closed");
    await db
      .updateTable("programmes")
      .set({ rules: JSON.stringify(RulesSchema.parse(edited)) })
      .where("slug", "=", "rent-loan")
      .execute();
    try {
      const { results } = await checkEligibility({ ...restaurant, covidMeasure: "none" }, { now });
      expect(results.find((r) => r.slug === "rent-loan")!.evaluation.outcome).toBe("eligible");
    } finally {
      await db.updateTable("programmes").set(before).where("slug", "=", "rent-loan").execute();
    }
  });

  it("says a closed programme is closed even when the owner qualifies, and leaves out unpublished ones", async () => {
    const db = getDb();
    await db.updateTable("programmes").set({ closes_on: "2026-11-30" }).where("slug", "=", "rent-loan").execute();
    await db.updateTable("programmes").set({ status: "draft" }).where("slug", "=", "smart-supermarket").execute();
    try {
      const { results } = await checkEligibility(restaurant, { now });
      const loan = results.find((r) => r.slug === "rent-loan")!;
      expect(loan.evaluation.outcome).toBe("eligible");
      expect(loan.window).toBe("closed");
      expect(loan.acceptingApplications).toBe(false);
      expect(results.map((r) => r.slug)).not.toContain("smart-supermarket");
    } finally {
      await db.updateTable("programmes").set({ closes_on: "2027-11-26" }).where("slug", "=", "rent-loan").execute();
      await db.updateTable("programmes").set({ status: "published" }).where("slug", "=", "smart-supermarket").execute();
    }
  });

  it("counts active applications against capacity: a full programme says so even to the eligible", async () => {
    const db = getDb();
    const programmes = await listProgrammesWithRules({ now });
    const store = programmes.find((p) => p.slug === "smart-store")!;
    expect(await isProgrammeFull(store)).toBe(false);
    expect(await isProgrammeFull({ id: store.id, capacity: 0 })).toBe(true); // zero places: full from the start

    const owner = await createUser(db);
    const stamp = now.toISOString();
    const insert = async (status: "submitted" | "withdrawn", ref: string) =>
      db
        .insertInto("applications")
        .values({
          public_id: `d${ref.padEnd(12, "0")}`,
          reference: `SS-2026-${ref}`,
          programme_id: store.id,
          business_id: await createBusiness(db, owner.id),
          owner_id: owner.id,
          status,
          created_at: stamp,
          updated_at: stamp,
          requested_amount_krw: null,
          rules_version: 1,
          snapshot: "{}",
          submitted_at: stamp,
          decided_at: null,
        })
        .execute();
    await insert("submitted", "000001");
    await insert("withdrawn", "000002"); // a withdrawn application gives its place back
    // Rows written around the state machine: rebuild the counters that places are read from.
    await recountCounters(db);
    await db.updateTable("programmes").set({ capacity: 1 }).where("id", "=", store.id).execute();
    try {
      expect(await isProgrammeFull({ id: store.id, capacity: 1 })).toBe(true);
      expect(await isProgrammeFull({ id: store.id, capacity: 2 })).toBe(false);
      const { results } = await checkEligibility({ ...restaurant, premises: "rented", taxArrears: false }, { now });
      const result = results.find((r) => r.slug === "smart-store")!;
      expect(result).toMatchObject({ full: true, acceptingApplications: false });
    } finally {
      await db.updateTable("programmes").set({ capacity: 20_000 }).where("id", "=", store.id).execute();
    }
  });
});

describe("last check cookie", () => {
  const requestWith = (cookie: string | null) => new Request("http://localhost/", { headers: cookie === null ? {} : { Cookie: cookie } });

  it("round-trips the validated answers, httpOnly, lax, site-wide, for 30 days", async () => {
    const header = await rememberLastCheck(toQuery(restaurant));
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\//);
    expect(header).toMatch(/Max-Age=2592000/);
    const facts = await readLastCheck(requestWith(header.split(";")[0]!), { now });
    expect(facts).toEqual(restaurant);
  });

  it("gives null without a cookie, for garbage, and for answers that no longer validate", async () => {
    expect(await readLastCheck(requestWith(null))).toBeNull();
    expect(await readLastCheck(requestWith("last_check=%%%not-base64"))).toBeNull();
    const invalid = await lastCheckCookie.serialize("employees=lots");
    expect(await readLastCheck(requestWith(invalid.split(";")[0]!))).toBeNull();
    const future = await lastCheckCookie.serialize("openedOn=2030-01-01");
    expect(await readLastCheck(requestWith(future.split(";")[0]!), { now })).toBeNull();
  });
});

describe("/eligibility over HTTP (built server)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const get = (query: string, lang = "en") =>
    fetch(`${server.url}/eligibility${query}`, { redirect: "manual", headers: { "Accept-Language": lang } });

  it("shows just the questionnaire without a query, and sets no cookie", async () => {
    const res = await get("");
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    const html = await res.text();
    expect(html).toContain('method="get"');
    expect(html).toContain("<title>Check your eligibility – SME Support Portal</title>");
    expect(html).not.toContain("Your results");
  });

  it("answers a restricted restaurant with results at a shareable URL and remembers the answers", async () => {
    const res = await get(`?${toQuery({ ...restaurant, employees: 3 })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/^last_check=.*HttpOnly/);
    const html = await res.text();
    expect(html).toContain("Your results");
    expect(html).toContain("A one-off grant: KRW 2,000,000 (Operating restriction)");
    expect(html).toContain('href="/applications/new?programme=support-fund"');
  });

  it("says how many need more answers only when some do", async () => {
    const complete = await (await get(`?${toQuery(restaurant)}`)).text();
    expect(complete).toContain("Eligible for 3 of 5 programmes.");
    expect(complete).not.toContain("need more answers");
    // A shop that does not give its floor area cannot be decided for the smart supermarket.
    const partial = await (await get(`?${toQuery({ ...restaurant, sector: "retail" })}`)).text();
    expect(partial).toMatch(/Eligible for \d of 5 programmes\. [1-5] need more answers\./);
    expect(partial).not.toContain("Where else to get help");
  });

  it("signposts other help when nothing fits: the 1357 call centre, local centres, the closing-business advice", async () => {
    const large = { ...restaurant, employees: 500, sales2019: 90_000_000_000, sales2020: 90_000_000_000, covidMeasure: "none" as const };
    for (const [lang, words] of [
      ["en", ["Eligible for 0 of 5 programmes.", "Where else to get help", "1357", "local small business centre"]],
      ["ko", ["5개 지원사업 중 0개에 지원할 수 있습니다.", "다른 도움을 받을 수 있는 곳", "1357", "소상공인지원센터"]],
    ] as const) {
      const html = await (await get(`?${toQuery(large)}`, lang)).text();
      for (const w of words) expect(html).toContain(w);
      expect(html).toMatch(/<a [^>]*href="\/programmes\/tax-legal-advice"[^>]*>(If you are closing|폐업을 준비)/);
    }
  });

  it("speaks Korean", async () => {
    const html = await (await get(`?${toQuery(restaurant)}`, "ko")).text();
    expect(html).toContain("확인 결과");
    expect(html).toContain("1회 지급 지원금: 2,000,000원 (영업제한)");
  });

  it.each([
    "?employees=abc",
    "?employees=-1",
    "?employees=100001",
    "?sales2019=12abc&sales2020=-5",
    "?openedOn=2999-01-01",
    "?openedOn=2020-05-01&businessState=closed&closedOn=2020-04-30",
    "?sector=bakery&region=atlantis",
    "?openedOn=2021-02-30",
    "?taxArrears=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    `?employees=${"9".repeat(5000)}`,
    "?employees=1e400",
    "?employees=%F0%9F%92%A9",
  ])("refuses %s with the error summary and the answers kept, never a 500", async (query) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.headers.get("set-cookie")).toBeNull();
    const html = await res.text();
    expect(html).toContain("There is a problem");
    expect(html).toMatch(/<title>Error: Check your eligibility/);
    expect(html).not.toContain("<script>alert(1)");
  });

  it("keeps what was typed in the fields", async () => {
    const html = await (await get("?employees=lots&sector=retail&floorArea=80")).text();
    expect(html).toMatch(/name="employees"[^>]*value="lots"|value="lots"[^>]*name="employees"/);
    expect(html).toMatch(/<option value="retail" selected="">/);
  });

  it("says on the page that a closed programme is closed, without an Apply button, even when the owner qualifies", async () => {
    const db = server.openDb();
    try {
      await db.updateTable("programmes").set({ opens_on: "2020-01-01", closes_on: "2020-12-31" }).where("slug", "=", "rent-loan").execute();
      const html = await (await get(`?${toQuery(restaurant)}`)).text();
      const card = html.slice(html.indexOf('id="result-rent-loan"'), html.indexOf('id="result-smart-store"'));
      expect(card).toContain(">Eligible<");
      expect(card).toContain("This programme is not taking applications at the moment, even though you may qualify.");
      expect(card).not.toContain("Apply for Special Rent Loan");
      expect(html).toContain("Apply for Small Business Support Fund");
    } finally {
      await db.destroy();
    }
  });

  it("survives repeated, unknown and empty parameters", async () => {
    for (const query of ["?employees=1&employees=abc", "?foo=bar&employees=", "?sector=&region=&employees="]) {
      const res = await get(query);
      expect(res.status).toBeLessThan(500);
    }
  });
});
