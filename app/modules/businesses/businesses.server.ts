/**
 * Owners' business profiles. Every query is scoped by the owner who asks: another owner's business is
 * simply not found. A registration number belongs to one business across the portal; a second
 * account claiming it is told so and the claim is recorded for staff (business_number_conflicts).
 */
import type { Kysely } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
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

export type SaveBusinessResult =
  | { ok: true; id: number }
  /** heldUnproven: another account holds the number without having proven it theirs; its representative may take it over (number-release.server.ts). */
  | { ok: false; reason: "ownDuplicate" | "conflict" | "heldUnproven" | "notFound" };

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

/**
 * Who holds this number (other than the business being edited), and whether they have proven it
 * theirs: one query for refusing a claim here and for taking a number over (number-release.server.ts).
 */
export async function numberHolder(number: string, { exceptId, db = getDb() }: { exceptId?: number; db?: Kysely<Database> } = {}) {
  let q = db
    .selectFrom("businesses")
    .leftJoin("business_ownerships", (j) =>
      j.onRef("business_ownerships.business_id", "=", "businesses.id").onRef("business_ownerships.user_id", "=", "businesses.owner_id"),
    )
    .select(["businesses.id", "businesses.owner_id", "business_ownerships.user_id as confirmed_by"])
    .where("businesses.registration_number", "=", number);
  if (exceptId !== undefined) q = q.where("businesses.id", "!=", exceptId);
  const row = await q.executeTakeFirst();
  return row ? { id: row.id, ownerId: row.owner_id, confirmed: row.confirmed_by !== null } : null;
}

async function refuseTaken(number: string, ownerId: number, now: Date, exceptId?: number): Promise<SaveBusinessResult | null> {
  const holder = await numberHolder(number, { exceptId });
  if (!holder) return null;
  if (holder.ownerId === ownerId) return { ok: false, reason: "ownDuplicate" };
  // Not proven theirs: no lockout. A new business may take it over; the caller decides (never for an edit).
  if (!holder.confirmed && exceptId === undefined) return { ok: false, reason: "heldUnproven" };
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

/**
 * For staff (/admin/business-numbers): numbers claimed by a second account, newest first — open
 * claims to settle by hand, and the ones settled at once when the proven representative took the
 * number over from an unproven account (resolved). A page of 100; keyset on id for older ones.
 */
export async function listNumberConflicts({ before }: { before?: number } = {}) {
  let q = getDb()
    .selectFrom("business_number_conflicts as c")
    .innerJoin("users as claimant", "claimant.id", "c.claimed_by")
    .leftJoin("businesses as b", "b.id", "c.business_id")
    .leftJoin("users as holder", "holder.id", "b.owner_id")
    .select([
      "c.id",
      "c.registration_number",
      "c.created_at",
      "c.resolved_at",
      "claimant.email as claimant_email",
      "b.trade_name",
      "holder.email as holder_email",
    ])
    .orderBy("c.id", "desc")
    .limit(100);
  if (before !== undefined) q = q.where("c.id", "<", before);
  return q.execute();
}
