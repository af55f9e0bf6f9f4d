import { getDb } from "../../../db/client";
import type { ApplicationStatusColumn } from "../../../db/schema";
import { recordStatusChange } from "./status-change.server";
import { withTransaction } from "../../../db/transaction";
import { ACTIVE_STATUSES } from "./application-state";
import { FactsSchema, type Facts } from "~/modules/eligibility";
import { seoulToday, windowState } from "~/modules/catalogue";
import { isUniqueViolation } from "../../../db/errors";

import { type Db, newPublicId, loadProgramme } from "./application-common.server";

/** Starting an application from a business and a programme. */
// ---------------------------------------------------------------------------------------------
// Starting

export type StartResult =
  | { ok: true; key: string; resumed: boolean }
  | { ok: false; reason: "business_not_found" | "programme_not_found" | "closed" }
  | { ok: false; reason: "already_applied"; reference: string };

/**
 * Starts (or resumes) the draft of one business for one programme. The business profile and the
 * owner's last eligibility answers prefill the facts, so nothing known is asked twice.
 */
export async function startApplication(
  input: { ownerId: number; businessId: number; programmeSlug: string; lastCheck?: Facts | null },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<StartResult> {
  const business = await db
    .selectFrom("businesses")
    .select(["id", "sector", "employees", "opened_on", "region"])
    .where("id", "=", input.businessId)
    .where("owner_id", "=", input.ownerId)
    .executeTakeFirst();
  if (!business) return { ok: false, reason: "business_not_found" };
  const programme = await loadProgramme(db, { slug: input.programmeSlug });
  if (!programme || programme.status !== "published") return { ok: false, reason: "programme_not_found" };

  const existing = await db
    .selectFrom("applications")
    .select(["public_id", "reference", "status"])
    .where("business_id", "=", business.id)
    .where("programme_id", "=", programme.id)
    .where("status", "in", ["draft", ...ACTIVE_STATUSES] as ApplicationStatusColumn[])
    .orderBy("id", "desc")
    .execute();
  const draft = existing.find((a) => a.status === "draft");
  if (draft) return { ok: true, key: draft.public_id, resumed: true };
  const active = existing.find((a) => a.status !== "draft");
  if (active) return { ok: false, reason: "already_applied", reference: active.reference! };
  if (!["open", "closing_soon"].includes(windowState(programme, seoulToday(now)))) return { ok: false, reason: "closed" };

  // Known facts: the eligibility answers, with the business profile winning where both speak.
  const prefill = FactsSchema.safeParse({
    ...(input.lastCheck ?? {}),
    sector: business.sector,
    employees: business.employees,
    openedOn: business.opened_on,
    region: business.region,
  });
  const facts = prefill.success ? prefill.data : {};
  const stamp = now.toISOString();
  const publicId = newPublicId();
  try {
    await withTransaction(db, async (trx) => {
      const inserted = await trx
        .insertInto("applications")
        .values({
          public_id: publicId,
          reference: null,
          programme_id: programme.id,
          business_id: business.id,
          owner_id: input.ownerId,
          status: "draft",
          facts: JSON.stringify(facts),
          answers: "{}",
          requested_amount_krw: null,
          rules_version: null,
          snapshot: null,
          submitted_at: null,
          decided_at: null,
          created_at: stamp,
          updated_at: stamp,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordStatusChange(trx, {
        applicationId: inserted.id,
        from: null,
        to: "draft",
        action: "start",
        actorId: input.ownerId,
        actorRole: "owner",
        at: stamp,
      });
    });
  } catch (error) {
    // Two starts at once: the database lets one draft exist; the other resumes it.
    if (!isUniqueViolation(error)) throw error;
    const winner = await db
      .selectFrom("applications")
      .select("public_id")
      .where("business_id", "=", business.id)
      .where("programme_id", "=", programme.id)
      .where("status", "=", "draft")
      .executeTakeFirstOrThrow();
    return { ok: true, key: winner.public_id, resumed: true };
  }
  return { ok: true, key: publicId, resumed: false };
}
