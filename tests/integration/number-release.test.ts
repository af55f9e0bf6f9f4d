import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { takeOverNumber } from "../../app/modules/businesses/number-release.server";
import { createBusiness as saveBusiness } from "../../app/modules/businesses/businesses.server";
import { isOwnershipConfirmed } from "../../app/modules/businesses/business-ownership.server";
import { checkBusinessRegister } from "../../app/modules/businesses/business-register.server";
import type { RegisterQuery } from "../../app/modules/businesses/business-register";
import type { BusinessProfile } from "../../app/modules/businesses/business-profile";
import { startBusinessRegister, type RunningRegister } from "../helpers/business-register";
import { verifiedPersonFixture, createBusiness, createUser, seedCatalogue } from "../helpers/fixtures";
import { startApplication } from "../../app/modules/applications/applications.server";

let register: RunningRegister;
const db = () => getDb();
const ask = (q: RegisterQuery) => checkBusinessRegister(q, { baseUrl: register.url, timeoutMs: 500 });

const now = new Date("2026-12-01T02:00:00Z");

beforeAll(async () => {
  await seedCatalogue(db(), new Date("2026-11-26T03:00:00Z"));
  register = await startBusinessRegister();
});
afterAll(async () => {
  await register?.stop();
});

const verified = (userId: number, name: string, sub: string) => verifiedPersonFixture(db(), userId, name, sub);

const profile: BusinessProfile = {
  tradeName: "똠 쌀국수",
  registrationNumber: "1010000017",
  representativeName: "박똠",
  phone: "02-1234-5678",
  address: "서울특별시 중구 세종대로 110",
  region: "seoul",
  sector: "food_service",
  employees: 2,
  openedOn: "2015-06-10",
};

describe("a number held by an unproven account moves to its proven representative", () => {
  it("refuses a stranger, then moves the number, closes the stranger's draft, tells them and audits it in one go", async () => {
    const stranger = await createUser(db());
    const heldId = await createBusiness(db(), stranger.id, { registration_number: "1010000017", trade_name: "가짜 상호" }, { confirmed: false });
    const started = await startApplication({ ownerId: stranger.id, businessId: heldId, programmeSlug: "support-fund" }, { now });
    if (!started.ok) throw new Error(started.reason);
    const draft = await db().selectFrom("applications").select("id").where("owner_id", "=", stranger.id).executeTakeFirstOrThrow();

    const owner = await createUser(db());
    expect(await saveBusiness(owner.id, profile)).toEqual({ ok: false, reason: "heldUnproven" });
    const input = { ownerId: owner.id, actorLabel: owner.email, profile };
    expect(await takeOverNumber(input, { register: ask, now })).toEqual({ ok: false, reason: "not_verified" });
    await verified(owner.id, "박똠", "test-person-0002");
    expect(await takeOverNumber({ ...input, profile: { ...profile, openedOn: "2015-06-11" } }, { register: ask, now })).toEqual({
      ok: false,
      reason: "no_match",
    });
    const still = await db().selectFrom("businesses").select("owner_id").where("id", "=", heldId).executeTakeFirstOrThrow();
    expect(still.owner_id).toBe(stranger.id);

    const moved = await takeOverNumber(input, { register: ask, now });
    expect(moved).toMatchObject({ ok: true, id: heldId });
    const row = await db().selectFrom("businesses").select(["owner_id", "trade_name"]).where("id", "=", heldId).executeTakeFirstOrThrow();
    expect(row).toEqual({ owner_id: owner.id, trade_name: "똠 쌀국수" });
    expect(await isOwnershipConfirmed({ ownerId: owner.id, businessId: heldId })).toBe(true);
    {
      const closed = await db().selectFrom("applications").select("status").where("id", "=", draft.id).executeTakeFirstOrThrow();
      expect(closed.status).toBe("withdrawn");
      const events = await db().selectFrom("status_events").select(["action", "actor_role"]).where("application_id", "=", draft.id).execute();
      expect(events).toContainEqual({ action: "close_draft", actor_role: "system" });
    }
    const told = await db().selectFrom("notifications").select("kind").where("user_id", "=", stranger.id).execute();
    expect(told).toEqual([{ kind: "business_released" }]);
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("target_type", "=", "business")
      .where("target_id", "=", String(heldId))
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["business.number_released", "business.ownership_confirmed"]);
    const conflicts = await db()
      .selectFrom("business_number_conflicts")
      .select(["claimed_by", "resolved_at"])
      .where("business_id", "=", heldId)
      .execute();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.claimed_by).toBe(owner.id);
    expect(conflicts[0]?.resolved_at).not.toBeNull();

    // A proven holder is never moved: the next claimant is refused and recorded for staff.
    const third = await createUser(db());
    expect(await saveBusiness(third.id, profile)).toEqual({ ok: false, reason: "conflict" });
  });
});
