import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import type { Database } from "../../db/schema";
import { addSession, client, cookieFrom, serverDb } from "../helpers/accounts";
import { createBusiness, createUser, seedCatalogue } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../helpers/server";
import { createSession, validateSession } from "../../app/modules/accounts/session.server";
import { verifyAuditChain } from "../../app/modules/audit/audit.server";
import { listAudit } from "../../app/modules/audit/audit-query.server";
import { recountCounters } from "../../app/modules/statistics/counters.server";
import { getDashboard, lastSeoulDays, median, seoulDay } from "../../app/modules/statistics/dashboard.server";
import {
  changeStaffRole,
  createStaffAccount,
  deactivateStaff,
  reactivateStaff,
  resetStaffPassword,
} from "../../app/modules/administration/staff-admin.server";
import { signIn } from "../../app/modules/accounts/users.server";

/** Audit rows written after a refusal are written in the background: wait for them a little. */
async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("staff administration (services)", () => {
  const actor = { id: null, label: "test-admin" };

  it("creates staff with a one-time password that signs in, audited", async () => {
    const created = await createStaffAccount({ email: "new.caseworker@test.example", role: "caseworker" }, actor);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    const signed = await signIn({ email: "new.caseworker@test.example", password: created.password, ip: "10.0.0.1" });
    expect(signed.ok).toBe(true);
    expect(await createStaffAccount({ email: "new.caseworker@test.example", role: "admin" }, actor)).toEqual({ ok: false, reason: "taken" });
    const rows = await listAudit({ action: "staff.create" });
    expect(rows.rows[0]).toMatchObject({ target_type: "user", target_id: String(created.id) });
    expect(rows.rows[0]!.details).not.toContain(created.password);
  });

  it("deactivation revokes sessions at once and blocks sign-in; reactivation lets them back", async () => {
    const created = await createStaffAccount({ email: "leaving@test.example", role: "supervisor" }, actor);
    if (!created.ok) throw new Error("not created");
    const { sessionId } = await createSession({ id: created.id, role: "supervisor" });
    expect((await validateSession(sessionId)).auth?.user.email).toBe("leaving@test.example");

    expect(await deactivateStaff(created.id, actor)).toEqual({ ok: true });
    expect((await validateSession(sessionId)).auth).toBeNull();
    expect(await signIn({ email: "leaving@test.example", password: created.password, ip: "10.0.0.2" })).toEqual({ ok: false, reason: "invalid" });
    // Even a session row written after deactivation (a race) does not authenticate.
    const late = await createSession({ id: created.id, role: "supervisor" });
    expect((await validateSession(late.sessionId)).auth).toBeNull();

    const failed = await listAudit({ action: "auth.sign_in_failed", actor: "leaving@" });
    expect(JSON.parse(failed.rows[0]!.details)).toMatchObject({ reason: "deactivated", email: "leaving@test.example" });
    expect(failed.rows[0]!.details).not.toContain(created.password);

    expect(await reactivateStaff(created.id, actor)).toEqual({ ok: true });
    expect((await signIn({ email: "leaving@test.example", password: created.password, ip: "10.0.0.2" })).ok).toBe(true);
    const actions = (await listAudit({ target: `user:${created.id}` })).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["staff.create", "staff.deactivate", "staff.reactivate"]));
  });

  it("never removes the last active admin (demote or deactivate), and allows it once there is another", async () => {
    const db = getDb();
    const others = await db.selectFrom("users").select("id").where("role", "=", "admin").execute();
    for (const o of others) await db.updateTable("users").set({ role: "supervisor" }).where("id", "=", o.id).execute();
    const only = await createStaffAccount({ email: "only.admin@test.example", role: "admin" }, actor);
    if (!only.ok) throw new Error("not created");
    expect(await changeStaffRole(only.id, "supervisor", actor)).toEqual({ ok: false, reason: "last_admin" });
    expect(await deactivateStaff(only.id, actor)).toEqual({ ok: false, reason: "last_admin" });
    expect(await db.selectFrom("users").select(["role", "deactivated_at"]).where("id", "=", only.id).executeTakeFirstOrThrow()).toEqual({
      role: "admin",
      deactivated_at: null,
    });
    // A deactivated admin does not count.
    const second = await createStaffAccount({ email: "second.admin@test.example", role: "admin" }, actor);
    if (!second.ok) throw new Error("not created");
    await deactivateStaff(second.id, actor);
    expect(await deactivateStaff(only.id, actor)).toEqual({ ok: false, reason: "last_admin" });
    await reactivateStaff(second.id, actor);
    expect(await changeStaffRole(only.id, "caseworker", actor)).toEqual({ ok: true });
    // Two demotions of the last two admins sent together (they queue on this one connection; the
    // count inside the transaction refuses the second).
    const third = await createStaffAccount({ email: "third.admin@test.example", role: "admin" }, actor);
    if (!third.ok) throw new Error("not created");
    const results = await Promise.all([changeStaffRole(second.id, "caseworker", actor), changeStaffRole(third.id, "caseworker", actor)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "last_admin" }]);
    for (const o of others) await db.updateTable("users").set({ role: "admin" }).where("id", "=", o.id).execute();
  });

  it("resets a password: the old one stops working, sessions end, audited without the password", async () => {
    const created = await createStaffAccount({ email: "forgetful@test.example", role: "caseworker" }, actor);
    if (!created.ok) throw new Error("not created");
    const { sessionId } = await createSession({ id: created.id, role: "caseworker" });
    const reset = await resetStaffPassword(created.id, actor);
    if (!reset.ok) throw new Error("not reset");
    expect(reset.password).not.toBe(created.password);
    expect((await validateSession(sessionId)).auth).toBeNull();
    expect((await signIn({ email: "forgetful@test.example", password: created.password, ip: "10.0.0.3" })).ok).toBe(false);
    expect((await signIn({ email: "forgetful@test.example", password: reset.password, ip: "10.0.0.3" })).ok).toBe(true);
    const row = (await listAudit({ action: "staff.password_reset" })).rows[0]!;
    expect(row.details).not.toContain(reset.password);
    expect(await resetStaffPassword(999_999, actor)).toEqual({ ok: false, reason: "not_found" });
  });

  it("audits sign-ins, never with the password", async () => {
    const created = await createStaffAccount({ email: "auditee@test.example", role: "caseworker" }, actor);
    if (!created.ok) throw new Error("not created");
    await signIn({ email: "auditee@test.example", password: "wrong password guess", ip: "10.0.0.4" });
    await signIn({ email: "nobody@test.example", password: "wrong password guess", ip: "10.0.0.4" });
    await signIn({ email: "auditee@test.example", password: created.password, ip: "10.0.0.4" });
    const rows = (await listAudit({ action: "auth.sign_in" })).rows.filter((r) => r.details.includes("10.0.0.4"));
    expect(rows.map((r) => [r.action, r.actor_label])).toEqual([
      ["auth.sign_in", "auditee@test.example"],
      ["auth.sign_in_failed", "anonymous"],
      ["auth.sign_in_failed", "auditee@test.example"],
    ]);
    for (const r of rows) expect(r.details).not.toContain("wrong password guess");
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});

describe("audit trail query", () => {
  it("filters and pages by id without OFFSET", async () => {
    const all = await listAudit({}, { limit: 1000 });
    expect(all.rows.length).toBeGreaterThan(5);
    const first = await listAudit({}, { limit: 3 });
    expect(first.rows).toHaveLength(3);
    expect(first.nextBefore).toBe(first.rows[2]!.id);
    const second = await listAudit({ before: first.nextBefore! }, { limit: 3 });
    expect(second.rows.map((r) => r.id)).toEqual(all.rows.slice(3, 6).map((r) => r.id));
    const today = seoulDay(new Date());
    expect((await listAudit({ from: today, to: today }, { limit: 1000 })).rows).toHaveLength(all.rows.length);
    expect((await listAudit({ to: "2020-01-01" })).rows).toHaveLength(0);
    expect((await listAudit({ actor: "auditee@" }, { limit: 1000 })).rows.every((r) => r.actor_label.startsWith("auditee@"))).toBe(true);
  });
});

describe("dashboard", () => {
  it("takes the middle of an ordered list and buckets Seoul days", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(seoulDay("2026-11-26T15:30:00Z")).toBe("2026-11-27");
    const { days, since } = lastSeoulDays(new Date("2026-11-26T15:30:00Z"), 30);
    expect(days).toHaveLength(30);
    expect(days[29]).toBe("2026-11-27");
    expect(days[0]).toBe("2026-10-29");
    expect(since).toBe("2026-10-28T15:00:00.000Z");
  });

  it("counts per programme from seeded applications", async () => {
    const db = getDb();
    const now = new Date("2026-11-26T03:00:00Z");
    await seedCatalogue(db, now);
    const programme = await db
      .selectFrom("programmes")
      .select(["id", "capacity", "budget_krw"])
      .where("slug", "=", "smart-store")
      .executeTakeFirstOrThrow();
    const owner = await createUser(db, "owner");
    let n = 0;
    const add = async (status: string, submitted: string | null, decided: string | null = null, award: number | null = null) => {
      n++;
      // One application per business and programme: a business of its own for each.
      const business = await createBusiness(db, owner.id);
      await db
        .insertInto("applications")
        .values({
          public_id: `dash-${n}-${process.pid}`,
          programme_id: programme.id,
          business_id: business,
          owner_id: owner.id,
          status: status as never,
          submitted_at: submitted,
          decided_at: decided,
          award_amount_krw: award,
          requested_amount_krw: 1_000_000,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .execute();
    };
    await add("draft", null);
    await add("submitted", "2026-11-20T01:00:00Z");
    await add("under_review", "2026-11-10T01:00:00Z");
    await add("approved", "2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z", 3_000_000);
    await add("paid", "2026-11-01T00:00:00Z", "2026-11-05T00:00:00Z", 5_000_000);
    await add("rejected", "2026-11-25T16:00:00Z", "2026-11-26T00:00:00Z");
    await add("submitted", "2026-09-01T00:00:00Z"); // outside the 30 days, but the oldest waiting
    // Rows written around the state machine: rebuild the counters the dashboard reads.
    await recountCounters(db);

    const dash = (await getDashboard({ now })).find((p) => p.slug === "smart-store")!;
    expect(dash.byStatus).toMatchObject({ draft: 1, submitted: 2, under_review: 1, approved: 1, paid: 1, rejected: 1, withdrawn: 0 });
    expect(dash.approvedCount).toBe(2);
    expect(dash.approvedAmountKrw).toBe(8_000_000);
    expect(dash.capacity).toBe(programme.capacity);
    expect(dash.decidedCount).toBe(3);
    expect(dash.medianDaysToDecision).toBe(2); // 2, 4 and ⅓ days
    expect(dash.oldestWaitingSubmittedAt).toBe("2026-09-01T00:00:00Z");
    const perDay = Object.fromEntries(dash.submissionsPerDay.map((d) => [d.day, d.count]));
    expect(dash.submissionsPerDay).toHaveLength(30);
    expect(perDay["2026-11-26"]).toBe(1); // 16:00 UTC on the 25th is the 26th in Seoul
    expect(perDay["2026-11-01"]).toBe(2);
    expect(perDay["2026-11-20"]).toBe(1);
    expect(perDay["2026-11-10"]).toBe(1);
  });
});

describe("staff area over HTTP", () => {
  let server: RunningServer;
  let db: Kysely<Database>;
  let http: ReturnType<typeof client>;
  const cookies: Record<string, string> = {};
  const PAGES = ["/admin", "/admin/programmes", "/admin/programmes/smart-store", "/admin/audit", "/admin/staff"];
  const ALLOWED: Record<string, string[]> = {
    owner: [],
    caseworker: ["/admin"],
    supervisor: ["/admin", "/admin/programmes", "/admin/programmes/smart-store", "/admin/audit"],
    admin: PAGES,
  };

  beforeAll(async () => {
    server = await startServer();
    db = serverDb(server);
    http = client(server);
    for (const role of ["owner", "caseworker", "supervisor", "admin"]) {
      const user = await db.selectFrom("users").select("id").where("email", "=", `${role}@demo.test`).executeTakeFirstOrThrow();
      cookies[role] = (await addSession(db, user.id)).cookie;
    }
  });
  afterAll(async () => {
    await db?.destroy();
    await server?.stop();
  });

  async function programmeForm(slug: string, cookie: string): Promise<Record<string, string>> {
    const html = await (await http.get(`/admin/programmes/${slug}`, { cookie })).text();
    const form: Record<string, string> = {};
    const decode = (s: string) =>
      s
        .replace(/&quot;/g, '"')
        .replace(/&#x27;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&");
    for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) form[m[1]!] = decode(m[2]!);
    for (const m of html.matchAll(/<input[^>]*value="([^"]*)"[^>]*name="([^"]+)"/g)) form[m[2]!] ??= decode(m[1]!);
    for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) form[m[1]!] = decode(m[2]!);
    for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[\s\S]*?<option value="([^"]*)" selected=""/g)) form[m[1]!] = decode(m[2]!);
    return form;
  }

  it("answers each page by role: owners 404 everywhere, staff 404 above their role, visitors to sign in", async () => {
    for (const [role, allowed] of Object.entries(ALLOWED)) {
      for (const page of PAGES) {
        const res = await http.get(page, { cookie: cookies[role] });
        expect(`${role} ${page} ${res.status}`).toBe(`${role} ${page} ${allowed.includes(page) ? 200 : 404}`);
      }
    }
    const visitor = await http.get("/admin/staff");
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Fstaff");
  });

  it("refuses actions above a role with 404 and changes nothing, each refusal audited", async () => {
    const form = await programmeForm("smart-store", cookies.supervisor!);
    for (const role of ["owner", "caseworker"]) {
      const res = await http.post("/admin/programmes/smart-store", { ...form, name_en: `Hijacked by ${role}` }, { cookie: cookies[role] });
      expect(res.status).toBe(404);
    }
    for (const role of ["owner", "caseworker", "supervisor"]) {
      const res = await http.post(
        "/admin/staff",
        { intent: "create", email: `made-by-${role}@test.example`, role: "admin" },
        { cookie: cookies[role] },
      );
      expect(res.status).toBe(404);
    }
    expect((await db.selectFrom("programmes").select("name_en").where("slug", "=", "smart-store").executeTakeFirstOrThrow()).name_en).not.toMatch(
      /Hijacked/,
    );
    expect(await db.selectFrom("users").select("id").where("email", "like", "made-by-%").execute()).toHaveLength(0);
    const denied = await eventually(
      () => db.selectFrom("audit_log").select(["actor_label", "target_id", "details"]).where("action", "=", "auth.denied").execute(),
      (rows) => rows.filter((r) => r.target_id === "/admin/staff" && r.details.includes('"POST"')).length >= 3,
    );
    const posts = denied.filter((r) => r.target_id === "/admin/staff" && r.details.includes('"POST"'));
    expect(posts.map((r) => r.actor_label).sort()).toEqual(["caseworker@demo.test", "owner@demo.test", "supervisor@demo.test"]);
  });

  it("lets a supervisor edit a programme: saved, versioned, audited and shown on the public page", async () => {
    const form = await programmeForm("smart-store", cookies.supervisor!);
    expect(form.version).toBe("1");
    const res = await http.post(
      "/admin/programmes/smart-store",
      { ...form, intent: "save", name_en: "Smart Store Digitalisation (edited)" },
      { cookie: cookies.supervisor },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/programmes/smart-store?saved=1");
    const page = await (await http.get("/programmes/smart-store")).text();
    expect(page).toContain("Smart Store Digitalisation (edited)");
    const audit = await db.selectFrom("audit_log").select(["actor_label", "details"]).where("action", "=", "programme.update").execute();
    expect(audit.at(-1)).toMatchObject({ actor_label: "supervisor@demo.test" });
  });

  it("shows a stale edit as a 409 with the other person's values, overwriting nothing", async () => {
    const stale = await programmeForm("smart-store", cookies.supervisor!);
    const first = await http.post(
      "/admin/programmes/smart-store",
      { ...stale, intent: "save", summary_en: "Saved first by the admin" },
      { cookie: cookies.admin },
    );
    expect(first.status).toBe(302);
    const second = await http.post(
      "/admin/programmes/smart-store",
      { ...stale, intent: "save", summary_en: "Saved second, from a stale form" },
      { cookie: cookies.supervisor },
    );
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain("Someone else saved this programme");
    expect(html).toContain("Saved first by the admin");
    expect(html).toContain("Saved second, from a stale form"); // the input is kept
    expect(html).toMatch(/<title>Error: /);
    const row = await db.selectFrom("programmes").select(["summary_en", "version"]).where("slug", "=", "smart-store").executeTakeFirstOrThrow();
    expect(row).toEqual({ summary_en: "Saved first by the admin", version: Number(stale.version) + 1 });
  });

  it("rejects rules that do not parse with a message at the field, saving nothing", async () => {
    const form = await programmeForm("rent-loan", cookies.supervisor!);
    const before = await db
      .selectFrom("programmes")
      .select(["rules", "version", "name_en"])
      .where("slug", "=", "rent-loan")
      .executeTakeFirstOrThrow();
    for (const rules of ['{"criteria": [', '{"criteria": [{"id": "x"}]}']) {
      const res = await http.post(
        "/admin/programmes/rent-loan",
        { ...form, intent: "save", name_en: "Half-made", rules },
        { cookie: cookies.supervisor },
      );
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain("There is a problem");
      expect(html).toMatch(/Rules \(JSON\): The rules are not valid/);
      expect(html).toMatch(/id="rules-error"/);
    }
    expect(
      await db.selectFrom("programmes").select(["rules", "version", "name_en"]).where("slug", "=", "rent-loan").executeTakeFirstOrThrow(),
    ).toEqual(before);
  });

  it("previews unsaved rules against sample facts", async () => {
    const form = await programmeForm("smart-supermarket", cookies.supervisor!);
    const res = await http.post(
      "/admin/programmes/smart-supermarket",
      {
        ...form,
        intent: "preview",
        sample_facts: "sector=retail&employees=2&openedOn=2018-01-01&businessState=operating&premises=rented&floorArea=300&taxArrears=no",
      },
      { cookie: cookies.supervisor },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Rules preview");
    expect(html).toContain("Not eligible"); // 300 m² is over the floor-area limit
    const bad = await http.post("/admin/programmes/smart-supermarket", { ...form, intent: "preview", rules: "nope" }, { cookie: cookies.supervisor });
    expect(bad.status).toBe(400);
  });

  it("lets an admin create a caseworker, and deactivation signs that person out at once", async () => {
    const created = await http.post(
      "/admin/staff",
      { intent: "create", email: "fresh.caseworker@test.example", role: "caseworker" },
      { cookie: cookies.admin },
    );
    expect(created.status).toBe(200);
    const html = await created.text();
    const password = html.match(/class="portal-one-time-password">([^<]+)</)?.[1];
    expect(password).toBeTruthy();
    const login = await http.post("/login", { email: "fresh.caseworker@test.example", password: password! });
    expect(login.status).toBe(302);
    const cookie = cookieFrom(login)!;
    // The one-time password must be replaced before any staff page opens.
    for (const path of ["/admin", "/admin/applications?status=submitted"]) {
      const sent = await http.get(path, { cookie });
      expect(sent.status).toBe(302);
      expect(sent.headers.get("location")).toBe(`/account/password?${new URLSearchParams({ redirectTo: path })}`);
    }
    const page = await http.get("/account/password?redirectTo=%2Fadmin", { cookie });
    expect(await page.text()).toContain("Choose a new password");
    const same = await http.post("/account/password?redirectTo=%2Fadmin", { currentPassword: password!, newPassword: password! }, { cookie });
    expect(same.status).toBe(400);
    const wrong = await http.post(
      "/account/password?redirectTo=%2Fadmin",
      { currentPassword: "not the one-time one", newPassword: "my own caseworker passphrase" },
      { cookie },
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Current password is incorrect");
    const changed = await http.post(
      "/account/password?redirectTo=%2Fadmin",
      { currentPassword: password!, newPassword: "my own caseworker passphrase" },
      { cookie },
    );
    expect(changed.status).toBe(302);
    expect(changed.headers.get("location")).toBe("/admin");
    expect((await http.get("/admin", { cookie })).status).toBe(200);
    expect((await http.get("/account/password", { cookie })).headers.get("location")).toBe("/admin/applications");

    const user = await db.selectFrom("users").select("id").where("email", "=", "fresh.caseworker@test.example").executeTakeFirstOrThrow();
    // The row's button asks first; the confirmation posts to the page's own action.
    const ask = await (await http.get(`/admin/staff?confirm=deactivate&id=${user.id}`, { cookie: cookies.admin })).text();
    expect(ask).toContain("Deactivate fresh.caseworker@test.example?");
    expect(ask).toContain('action="/admin/staff?index"');
    const off = await http.post("/admin/staff?index", { intent: "deactivate", userId: String(user.id) }, { cookie: cookies.admin });
    expect(off.status).toBe(200);
    expect((await http.get("/admin", { cookie })).status).toBe(302);
    expect((await http.post("/login", { email: "fresh.caseworker@test.example", password: "my own caseworker passphrase" })).status).toBe(400);
  });

  it("refuses to demote or deactivate the last admin over HTTP with a clear message", async () => {
    const admin = await db.selectFrom("users").select("id").where("email", "=", "admin@demo.test").executeTakeFirstOrThrow();
    const others = await db
      .selectFrom("users")
      .select("id")
      .where("role", "=", "admin")
      .where("id", "!=", admin.id)
      .where("deactivated_at", "is", null)
      .execute();
    expect(others).toHaveLength(0);
    const forms: Record<string, string>[] = [
      { intent: "role", userId: String(admin.id), role: "caseworker" },
      { intent: "deactivate", userId: String(admin.id) },
    ];
    for (const form of forms) {
      const res = await http.post("/admin/staff", form, { cookie: cookies.admin });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("You cannot remove the last active administrator");
    }
    expect(await db.selectFrom("users").select(["role", "deactivated_at"]).where("id", "=", admin.id).executeTakeFirstOrThrow()).toEqual({
      role: "admin",
      deactivated_at: null,
    });
  });

  it("never turns an owner into staff, and answers nonsense with 4xx, not 500", async () => {
    const owner = await db.selectFrom("users").select("id").where("email", "=", "owner@demo.test").executeTakeFirstOrThrow();
    const forms: Record<string, string>[] = [
      { intent: "role", userId: String(owner.id), role: "admin" },
      { intent: "deactivate", userId: String(owner.id) },
      { intent: "reset", userId: "not-a-number" },
      { intent: "role", userId: "999999", role: "admin" },
    ];
    for (const form of forms) {
      expect((await http.post("/admin/staff", form, { cookie: cookies.admin })).status).toBe(404);
    }
    expect((await http.post("/admin/staff", { intent: "explode" }, { cookie: cookies.admin })).status).toBe(404);
    const cw = await db.selectFrom("users").select("id").where("email", "=", "caseworker@demo.test").executeTakeFirstOrThrow();
    expect((await http.post("/admin/staff", { intent: "role", userId: String(cw.id), role: "owner" }, { cookie: cookies.admin })).status).toBe(400);
    expect((await http.post("/admin/staff", { intent: "explode", userId: String(cw.id) }, { cookie: cookies.admin })).status).toBe(400);
    expect((await db.selectFrom("users").select("role").where("id", "=", owner.id).executeTakeFirstOrThrow()).role).toBe("owner");
    expect((await db.selectFrom("users").select("role").where("id", "=", cw.id).executeTakeFirstOrThrow()).role).toBe("caseworker");
    expect((await http.get("/admin/programmes/no-such-programme", { cookie: cookies.supervisor })).status).toBe(404);
    expect((await http.post("/admin/programmes/no-such-programme", { intent: "save" }, { cookie: cookies.supervisor })).status).toBe(404);
  });

  it("speaks Korean in the staff area", async () => {
    const html = await (await http.get("/admin/staff", { cookie: cookies.admin, headers: { "Accept-Language": "ko" } })).text();
    expect(html).toContain("직원 계정 만들기");
    expect(html).toContain("관리자");
  });

  it("lists and filters the audit trail for supervisors, and the chain verifies", async () => {
    const html = await (await http.get("/admin/audit?action=staff.", { cookie: cookies.supervisor })).text();
    // Actions in words, not codes.
    expect(html).toContain("Created a staff account");
    expect(html).toContain("Deactivated a staff account");
    expect(html).not.toContain("Changed a programme");
    const page = await http.get("/admin/audit?before=abc&from=not-a-date", { cookie: cookies.supervisor });
    // A date that does not parse is said, with what was typed kept, never silently dropped.
    expect(page.status).toBe(400);
    const bad = await page.text();
    expect(bad).toContain("<title>Error: Audit trail");
    expect(bad).toContain("Enter the from date as a real date");
    expect(bad).toContain('value="not-a-date"');
    expect(bad).toContain('href="#from"');
    for (const query of ["from=2026-02-30", "from=2026-11-30&to=2026-11-01"]) {
      expect((await http.get(`/admin/audit?${query}`, { cookie: cookies.supervisor })).status).toBe(400);
    }
    const ok = await http.get("/admin/audit?from=2026-01-01&to=2026-12-31", { cookie: cookies.supervisor });
    expect(ok.status).toBe(200);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("shows the dashboard with a chart and its table", async () => {
    const html = await (await http.get("/admin", { cookie: cookies.caseworker })).text();
    expect(html).toContain('class="portal-chart-svg"');
    expect(html).toContain("Submissions per day (table)");
    expect(html).not.toContain('href="/admin/staff"');
  });
});
