/**
 * No first-come lockout (docs/identity.md, "A number held by an unproven account"): an account that
 * has not proven a business its own never holds the number exclusively. When the business's proven
 * representative adds the number, it moves to their account in one transaction: the business row
 * changes hands with the representative's own profile, the ownership is confirmed, the other
 * account's drafts for it are closed through the state machine, that account is told, and the
 * whole event is audited and listed for staff (business_number_conflicts, resolved at once).
 *
 * An unproven account with anything past a draft for the business (possible only from before
 * ownership was required) keeps it: the claim is recorded for staff to settle by hand.
 */
import { sql, type Kysely } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { withTransaction } from "../../../db/transaction";
import { decideTransition } from "~/modules/applications";
import { recordStatusChange } from "~/modules/applications/index.server";
import { recordAudit } from "~/modules/audit/index.server";
import { getVerifiedPerson } from "~/modules/identity/index.server";
import { notifyText } from "~/modules/notifications/index.server";
import { formatBusinessNumber } from "./business-number";
import type { BusinessProfile } from "./business-profile";
import type { RegisterAnswer, RegisterQuery } from "./business-register";
import { checkBusinessRegister } from "./business-register.server";
import { checkRepresentative, writeOwnership, type OwnershipResult } from "./business-ownership.server";
import { numberHolder } from "./businesses.server";

const CLOSE_REASON = "사업자등록번호가 확인된 대표자 계정으로 옮겨졌습니다 / The business number moved to the account of its proven representative";

export type TakeOverResult =
  | { ok: true; id: number; closedDrafts: number }
  | Extract<OwnershipResult, { ok: false }>
  /** The number is held by a proven owner, or by an account with applications past a draft: staff settle it. */
  | { ok: false; reason: "held" };

export async function takeOverNumber(
  input: { ownerId: number; actorLabel: string; profile: BusinessProfile; ip?: string },
  {
    now = new Date(),
    db = getDb(),
    register = (q: RegisterQuery) => checkBusinessRegister(q),
  }: { now?: Date; db?: Kysely<Database>; register?: (q: RegisterQuery) => Promise<RegisterAnswer> } = {},
): Promise<TakeOverResult> {
  const number = input.profile.registrationNumber;
  const holder = await numberHolder(number, { db });
  if (!holder || holder.ownerId === input.ownerId || holder.confirmed) return { ok: false, reason: "held" };
  const checked = await checkRepresentative(
    { ownerId: input.ownerId, registrationNumber: number, openedOn: input.profile.openedOn, ip: input.ip },
    { now, db, register },
  );
  if (!checked.ok) return checked;
  const { person } = checked;
  const stamp = now.toISOString();

  return withTransaction(db, async (trx): Promise<TakeOverResult> => {
    // Everything again under the write lock: the register's answer holds for this person and this holder only.
    const still = await numberHolder(number, { db: trx });
    const same = await getVerifiedPerson(trx, input.ownerId);
    if (!same || same.subjectHash !== person.subjectHash || same.issuer !== person.issuer) return { ok: false, reason: "not_verified" };
    const record = (resolved: boolean) =>
      trx
        .insertInto("business_number_conflicts")
        .values({
          registration_number: number,
          business_id: holder.id,
          claimed_by: input.ownerId,
          created_at: stamp,
          resolved_at: resolved ? stamp : null,
        })
        .execute();
    if (!still || still.id !== holder.id || still.ownerId !== holder.ownerId || still.confirmed) return { ok: false, reason: "held" };
    const applications = await trx
      .selectFrom("applications")
      .select(["id", "status"])
      .where("business_id", "=", holder.id)
      .where("owner_id", "=", holder.ownerId)
      .execute();
    if (applications.some((a) => a.status !== "draft")) {
      await record(false);
      return { ok: false, reason: "held" };
    }

    // The row changes hands with the representative's own profile; the other account keeps nothing of it.
    const p = input.profile;
    await trx
      .updateTable("businesses")
      .set({
        owner_id: input.ownerId,
        trade_name: p.tradeName,
        representative_name: p.representativeName,
        phone: p.phone,
        address: p.address,
        region: p.region,
        sector: p.sector,
        employees: p.employees,
        opened_on: p.openedOn,
        updated_at: stamp,
      })
      .where("id", "=", holder.id)
      .where("owner_id", "=", holder.ownerId)
      .execute();
    await trx.deleteFrom("business_ownerships").where("business_id", "=", holder.id).execute();
    await writeOwnership(trx, {
      businessId: holder.id,
      ownerId: input.ownerId,
      actorLabel: input.actorLabel,
      registrationNumber: number,
      person,
      openedOn: p.openedOn,
      now,
    });

    for (const draft of applications) {
      const decision = decideTransition({
        status: "draft",
        action: "close_draft",
        actorRole: "system",
        reason: CLOSE_REASON,
        supportKind: "service",
      });
      if (!decision.ok) throw new Error(`close_draft refused: ${decision.code}`);
      await trx
        .updateTable("applications")
        .set({ status: decision.to, updated_at: stamp, version: sql<number>`version + 1` })
        .where("id", "=", draft.id)
        .where("owner_id", "=", holder.ownerId)
        .where("status", "=", "draft")
        .execute();
      await recordStatusChange(trx, {
        applicationId: draft.id,
        from: "draft",
        to: decision.to,
        action: "close_draft",
        actorId: null,
        actorRole: "system",
        reason: CLOSE_REASON,
        at: stamp,
      });
    }

    await record(true);
    await recordAudit(trx, {
      actor: { id: input.ownerId, label: input.actorLabel },
      action: "business.number_released",
      target: { type: "business", id: holder.id },
      details: { registrationNumber: number, fromAccount: holder.ownerId, closedDrafts: applications.length },
      at: now,
    });
    const previous = await trx.selectFrom("users").select("email").where("id", "=", holder.ownerId).executeTakeFirst();
    if (previous) {
      const shown = formatBusinessNumber(number);
      await notifyText(trx, {
        userId: holder.ownerId,
        email: previous.email,
        kind: "business_released",
        text: {
          ko: `사업자등록번호 ${shown}의 대표자가 본인 확인을 마쳐, 이 번호는 대표자 계정으로 옮겨졌습니다. 작성 중이던 신청 ${applications.length}건은 닫혔습니다. 본인 사업체라면 1357로 문의하세요.`,
          en: `The representative of business number ${shown} has proven who they are, so the number has moved to their account. Your ${applications.length} draft application(s) for it were closed. If the business is yours, call 1357.`,
        },
        link: "/account/businesses",
        now,
      });
    }
    return { ok: true, id: holder.id, closedDrafts: applications.length };
  });
}
