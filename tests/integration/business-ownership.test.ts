import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { confirmOwnership, isOwnershipConfirmed } from "../../app/modules/businesses/business-ownership.server";
import { checkBusinessRegister } from "../../app/modules/businesses/business-register.server";
import type { RegisterQuery } from "../../app/modules/businesses/business-register";
import { startBusinessRegister, type RunningRegister } from "../helpers/business-register";
import { verifiedPersonFixture, createBusiness, createUser } from "../helpers/fixtures";

let register: RunningRegister;
const db = () => getDb();
const ask = (q: RegisterQuery) => checkBusinessRegister(q, { baseUrl: register.url, timeoutMs: 500 });

beforeAll(async () => {
  register = await startBusinessRegister();
});
afterAll(async () => {
  await register?.stop();
});

const verified = (userId: number, name: string, sub: string) => verifiedPersonFixture(db(), userId, name, sub);

describe("business ownership confirmed against the register", () => {
  it("confirms the verified representative with the right opening date, once, with an audit row", async () => {
    const owner = await createUser(db());
    const businessId = await createBusiness(db(), owner.id, { registration_number: "1010000017" }, { confirmed: false });
    const input = { ownerId: owner.id, actorLabel: owner.email, businessId, openedOn: "2015-06-10" };
    expect(await confirmOwnership(input, { register: ask })).toEqual({ ok: false, reason: "not_verified" });
    await verified(owner.id, "박똠", "test-person-0002");
    expect(await confirmOwnership({ ...input, openedOn: "2015-06-11" }, { register: ask })).toEqual({ ok: false, reason: "no_match" });
    expect(await isOwnershipConfirmed({ ownerId: owner.id, businessId })).toBe(false);
    expect(await confirmOwnership(input, { register: ask })).toEqual({ ok: true, alreadyConfirmed: false });
    expect(await confirmOwnership(input, { register: ask })).toEqual({ ok: true, alreadyConfirmed: true });
    expect(await isOwnershipConfirmed({ ownerId: owner.id, businessId })).toBe(true);
    const audit = await db()
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("target_id", "=", String(businessId))
      .where("target_type", "=", "business")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["business.ownership_confirmed"]);
    expect(JSON.stringify(audit)).not.toContain("test-person-0002");
  });

  it("refuses a verified stranger, and a suspended or closed business; a stranger's business is not found", async () => {
    const stranger = await createUser(db());
    await verified(stranger.id, "이몽룡", "test-person-0003");
    const theirs = await createBusiness(db(), stranger.id, { registration_number: "2208123455" }, { confirmed: false });
    expect(
      await confirmOwnership({ ownerId: stranger.id, actorLabel: stranger.email, businessId: theirs, openedOn: "2018-04-02" }, { register: ask }),
    ).toEqual({
      ok: false,
      reason: "no_match",
    });
    const closed = await createBusiness(db(), stranger.id, { registration_number: "1010000040" }, { confirmed: false });
    expect(
      await confirmOwnership({ ownerId: stranger.id, actorLabel: stranger.email, businessId: closed, openedOn: "2010-09-09" }, { register: ask }),
    ).toEqual({
      ok: false,
      reason: "not_operating",
      state: "closed",
    });
    const other = await createUser(db());
    expect(
      await confirmOwnership({ ownerId: other.id, actorLabel: other.email, businessId: theirs, openedOn: "2018-04-02" }, { register: ask }),
    ).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await db().selectFrom("business_ownerships").select("business_id").where("user_id", "=", stranger.id).execute()).toEqual([]);
  });

  it("lets a joint representative confirm, and says unavailable (nothing stored) when the register fails or is slow", async () => {
    const joint = await createUser(db());
    await verified(joint.id, "이몽룡", "test-person-0003b");
    const businessId = await createBusiness(db(), joint.id, { registration_number: "1010000021" }, { confirmed: false });
    const input = { ownerId: joint.id, actorLabel: joint.email, businessId, openedOn: "2019-11-01" };
    await register.faults({ fail: true });
    expect(await confirmOwnership(input, { register: ask })).toEqual({ ok: false, reason: "unavailable" });
    await register.faults({ fail: false, delayMs: 1_000 });
    expect(await confirmOwnership(input, { register: ask })).toEqual({ ok: false, reason: "unavailable" });
    await register.faults({ delayMs: 0 });
    expect(await isOwnershipConfirmed({ ownerId: joint.id, businessId })).toBe(false);
    expect(await confirmOwnership(input, { register: ask })).toEqual({ ok: true, alreadyConfirmed: false });
  });
});
