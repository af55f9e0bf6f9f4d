import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { addSession, addUser } from "../helpers/accounts";
import { type RunningRegister } from "../helpers/business-register";
import { createBusiness } from "../helpers/fixtures";
import { CookieJar } from "../helpers/identity-provider";
import { startPortalWithServices, type PortalWithServices } from "../helpers/portal-with-services";
import { type RunningServer } from "../helpers/server";

let portal: PortalWithServices;
let server: RunningServer;
let register: RunningRegister;
let db: Kysely<Database>;

beforeAll(async () => {
  portal = await startPortalWithServices();
  ({ server, register, db } = portal);
}, 40_000);
afterAll(async () => {
  await portal?.stop();
});

async function owner(email: string, registrationNumber: string) {
  const user = await addUser(db, email, "owner");
  const { cookie } = await addSession(db, user.id);
  const jar = new CookieJar();
  jar.set(new URL(server.url).origin, cookie);
  const businessId = await createBusiness(db, user.id, { registration_number: registrationNumber }, { confirmed: false });
  return { user, jar, businessId, page: `${server.url}/account/businesses/${businessId}/ownership` };
}

/** Verifies the owner as one of the local provider's test people, through the provider's own form. */
async function verifyAs(jar: CookieJar, person: string) {
  const start = await jar.browse(`${server.url}/account/identity`, {
    method: "POST",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ returnTo: "/account" }).toString(),
  });
  const action = (await start.response!.text()).match(/action="(\/interaction\/[\w-]+\/login)"/)![1]!;
  const back = await jar.browse(
    `${portal.provider.issuer}${action}`,
    { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ person }).toString() },
    /\/account$/,
  );
  expect(back.url).toBe(`${server.url}/account`);
}

function post(jar: CookieJar, url: string, fields: Record<string, string>) {
  return jar.browse(url, {
    method: "POST",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
    body: new URLSearchParams(fields).toString(),
  });
}

describe("confirming business ownership over HTTP", () => {
  it("asks for identity first, refuses a wrong date and a silent register with the input kept, then confirms", async () => {
    const o = await owner("ddom@example.com", "1010000017");
    const first = await (await o.jar.browse(o.page, { headers: { "Accept-Language": "en" } })).response!.text();
    expect(first).toContain("Verify your identity first");
    expect(first).toContain(`/account/identity?returnTo=${encodeURIComponent(`/account/businesses/${o.businessId}/ownership`)}`);
    expect((await post(o.jar, o.page, { openedOn: "2015-06-10" })).response!.status).toBe(403);

    await verifyAs(o.jar, "test-person-0002"); // 박똠
    const bad = (await post(o.jar, o.page, { openedOn: "2015-13-40" })).response!;
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Enter the opening date as year-month-day");
    expect(badHtml).toContain('value="2015-13-40"');
    const wrong = (await post(o.jar, o.page, { openedOn: "2015-06-11" })).response!;
    expect(wrong.status).toBe(409);
    expect(await wrong.text()).toContain("does not show you as the representative");
    await register.faults({ fail: true });
    const down = (await post(o.jar, o.page, { openedOn: "2015-06-10" })).response!;
    expect(down.status).toBe(503);
    const downHtml = await down.text();
    expect(downHtml).toContain("The business register is not answering");
    expect(downHtml).toContain('value="2015-06-10"');
    await register.faults({ fail: false });
    expect(await db.selectFrom("business_ownerships").select("business_id").where("user_id", "=", o.user.id).execute()).toEqual([]);

    // Another site is never a place to go on to; the page the owner came from is.
    const hostile = await (await o.jar.browse(`${o.page}?returnTo=${encodeURIComponent("//evil.example/x")}`)).response!.text();
    expect(hostile).toContain("Ownership not confirmed yet");
    expect(hostile).not.toMatch(/(href|value)="(https?:)?\/\/evil/);
    expect(hostile).not.toContain('name="returnTo"');
    const done = await post(o.jar, o.page, { openedOn: "2015-06-10", returnTo: "/account/businesses" });
    expect(done.response!.status).toBe(200);
    expect(done.url).toBe(`${server.url}/account/businesses`);
    expect(await (await o.jar.browse(o.page, { headers: { "Accept-Language": "en" } })).response!.text()).toContain("Ownership confirmed");
    expect(await db.selectFrom("business_ownerships").select("business_id").where("user_id", "=", o.user.id).execute()).toEqual([
      { business_id: o.businessId },
    ]);
  });

  it("refuses a verified stranger who is not the representative, and hides another account's business", async () => {
    const stranger = await owner("stranger@example.com", "1010000036");
    await verifyAs(stranger.jar, "test-person-0003"); // 이몽룡, not 김민수
    const refused = (await post(stranger.jar, stranger.page, { openedOn: "2012-02-20" })).response!;
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("does not show you as the representative");
    const other = await owner("other@example.com", "1010000021");
    expect((await other.jar.browse(stranger.page)).response!.status).toBe(404);
    expect((await post(other.jar, stranger.page, { openedOn: "2012-02-20" })).response!.status).toBe(404);
    expect(await db.selectFrom("business_ownerships").select("business_id").execute()).not.toContainEqual({ business_id: stranger.businessId });
  });

  it("limits checks to ten an hour per account, with the input kept and the wait told", async () => {
    const guesser = await owner("guesser@example.com", "1010000040");
    await verifyAs(guesser.jar, "test-person-0001"); // 김민수, not the representative
    for (let day = 1; day <= 10; day++) {
      const r = (await post(guesser.jar, guesser.page, { openedOn: `2010-01-${String(day).padStart(2, "0")}` })).response!;
      expect(r.status).toBe(409);
    }
    const limited = (await post(guesser.jar, guesser.page, { openedOn: "2010-09-09" })).response!;
    expect(limited.status).toBe(429);
    const html = await limited.text();
    expect(html).toMatch(/Too many checks in the last hour. Try again in \d+ minutes/);
    expect(html).toContain('value="2010-09-09"');
  });
});
