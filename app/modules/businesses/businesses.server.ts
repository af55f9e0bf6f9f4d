/**
 * Owners' business profiles. Every query is scoped by the owner who asks: another owner's business is
 * simply not found. A registration number belongs to one business across the portal; a second
 * account claiming it is told so and the claim is recorded for staff (business_number_conflicts).
 */
import { getDb } from "../../../db/client";
import type { BusinessProfile } from "~/modules/businesses/business-profile";
import { isUniqueViolation } from "../../../db/errors";
import { withTransaction } from "../../../db/transaction";
import { applyCounters } from "~/modules/statistics/index.server";

const COLUMNS = [
  "id",
  "trade_name",
  "registration_number",
  "representative_name",
  "phone",
  "address",
  "region",
  "sector",
  "employees",
  "opened_on",
  "updated_at",
] as const;

export async function listBusinesses(ownerId: number) {
  return getDb().selectFrom("businesses").select(COLUMNS).where("owner_id", "=", ownerId).orderBy("id").execute();
}

export async function getBusiness({ id, ownerId }: { id: number; ownerId: number }) {
  return getDb().selectFrom("businesses").select(COLUMNS).where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
}

export type SaveBusinessResult = { ok: true; id: number } | { ok: false; reason: "ownDuplicate" | "conflict" | "notFound" };

function columns(profile: BusinessProfile) {
  return {
    trade_name: profile.tradeName,
    registration_number: profile.registrationNumber,
    representative_name: profile.representativeName,
    phone: profile.phone,
    address: profile.address,
    region: profile.region,
    sector: profile.sector,
    employees: profile.employees,
    opened_on: profile.openedOn,
  };
}

/** Who already holds this number, if anyone other than the business being edited. */
async function numberHolder(number: string, exceptId?: number) {
  let q = getDb().selectFrom("businesses").select(["id", "owner_id"]).where("registration_number", "=", number);
  if (exceptId !== undefined) q = q.where("id", "!=", exceptId);
  return q.executeTakeFirst();
}

async function refuseTaken(number: string, ownerId: number, now: Date, exceptId?: number): Promise<SaveBusinessResult | null> {
  const holder = await numberHolder(number, exceptId);
  if (!holder) return null;
  if (holder.owner_id === ownerId) return { ok: false, reason: "ownDuplicate" };
  await getDb()
    .insertInto("business_number_conflicts")
    .values({ registration_number: number, business_id: holder.id, claimed_by: ownerId, created_at: now.toISOString(), resolved_at: null })
    .execute();
  return { ok: false, reason: "conflict" };
}

export async function createBusiness(ownerId: number, profile: BusinessProfile, { now = new Date() } = {}): Promise<SaveBusinessResult> {
  const taken = await refuseTaken(profile.registrationNumber, ownerId, now);
  if (taken) return taken;
  const stamp = now.toISOString();
  try {
    const row = await getDb()
      .insertInto("businesses")
      .values({ owner_id: ownerId, ...columns(profile), created_at: stamp, updated_at: stamp })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ok: true, id: row.id };
  } catch (error) {
    // Someone registered the same number between our check and the insert: the index decides.
    if (isUniqueViolation(error)) return (await refuseTaken(profile.registrationNumber, ownerId, now)) ?? { ok: false, reason: "conflict" };
    throw error;
  }
}

export async function updateBusiness(
  { id, ownerId }: { id: number; ownerId: number },
  profile: BusinessProfile,
  { now = new Date() } = {},
): Promise<SaveBusinessResult> {
  if (!(await getBusiness({ id, ownerId }))) return { ok: false, reason: "notFound" };
  const taken = await refuseTaken(profile.registrationNumber, ownerId, now, id);
  if (taken) return taken;
  try {
    return await withTransaction(getDb(), async (trx): Promise<SaveBusinessResult> => {
      const result = await trx
        .updateTable("businesses")
        .set({ ...columns(profile), updated_at: now.toISOString() })
        .where("id", "=", id)
        .where("owner_id", "=", ownerId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return { ok: false, reason: "notFound" };
      // Counters are kept by region and sector: move this business's applications with it.
      const applications = await trx.selectFrom("applications").select("id").where("business_id", "=", id).execute();
      for (const a of applications) await applyCounters(trx, a.id);
      return { ok: true, id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return (await refuseTaken(profile.registrationNumber, ownerId, now, id)) ?? { ok: false, reason: "conflict" };
    throw error;
  }
}

/** For staff (the admin area will show these): numbers claimed by a second account. */
export async function listNumberConflicts() {
  return getDb()
    .selectFrom("business_number_conflicts")
    .select(["id", "registration_number", "business_id", "claimed_by", "created_at", "resolved_at"])
    .orderBy("id", "desc")
    .execute();
}
