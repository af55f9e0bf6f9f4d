import { sql } from "kysely";
import { getDb } from "../../../db/client";
import { recordStatusChange } from "./status-change.server";
import { withTransaction } from "../../../db/transaction";
import { decideTransition, type ApplicationAction, type ApplicationStatus } from "./application-state";
import { RulesSchema, type LocalisedText } from "~/modules/eligibility";
import { notify } from "~/modules/notifications/index.server";

import { type Db, isApplicationKey, byKey } from "./application-common.server";

/** After submission, the owner's own transitions: withdrawing, answering a request for information. */
// ---------------------------------------------------------------------------------------------
// After submission: the owner's own transitions

export type OwnerActionResult = { ok: true } | { ok: false; reason: "not_found" } | { ok: false; reason: "refused"; message: LocalisedText };

export async function ownerTransition(
  input: { key: string; ownerId: number; action: Extract<ApplicationAction, "withdraw" | "answer_info">; text: string },
  { now, db }: { now: Date; db: Db },
): Promise<OwnerActionResult> {
  if (!isApplicationKey(input.key)) return { ok: false, reason: "not_found" };
  const where = byKey(input.key);
  const stamp = now.toISOString();
  return withTransaction(db, async (trx) => {
    const app = await trx
      .selectFrom("applications")
      .innerJoin("programmes", "programmes.id", "applications.programme_id")
      .leftJoin("users as caseworker", "caseworker.id", "applications.assigned_to")
      .select([
        "applications.id",
        "applications.status",
        "applications.reference",
        "applications.assigned_to",
        "caseworker.email as caseworker_email",
        "programmes.rules",
        "programmes.name_en",
        "programmes.name_ko",
      ])
      .where(where.column, "=", where.value)
      .where("applications.owner_id", "=", input.ownerId)
      .executeTakeFirst();
    if (!app) return { ok: false, reason: "not_found" } as const;
    const rules = RulesSchema.parse(JSON.parse(app.rules));
    const decision = decideTransition({
      status: app.status as ApplicationStatus,
      action: input.action,
      actorRole: "owner",
      reason: input.text,
      supportKind: rules.support.kind,
    });
    if (!decision.ok) return { ok: false, reason: "refused", message: decision.message } as const;
    const updated = await trx
      .updateTable("applications")
      .set({
        status: decision.to,
        updated_at: stamp,
        version: sql<number>`version + 1`,
        // "Reply received" for the queue and the review page, until a caseworker next decides.
        ...(input.action === "answer_info" ? { owner_replied_at: stamp } : {}),
      })
      .where("id", "=", app.id)
      .where("owner_id", "=", input.ownerId)
      .where("status", "=", decision.from)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      return {
        ok: false,
        reason: "refused",
        message: { en: "The application changed meanwhile. Try again.", ko: "그사이 신청 상태가 바뀌었습니다. 다시 시도해 주세요." },
      } as const;
    }
    const text = input.text.trim();
    if (input.action === "answer_info") {
      await trx
        .insertInto("application_messages")
        .values({ application_id: app.id, author_id: input.ownerId, author_role: "owner", body: text, created_at: stamp })
        .execute();
      // The caseworker who asked hears the answer (in the portal and by email), in the same transaction.
      if (app.assigned_to !== null && app.caseworker_email && app.reference) {
        await notify(trx, {
          userId: app.assigned_to,
          email: app.caseworker_email,
          applicationId: app.id,
          kind: "reply_received",
          params: { reference: app.reference, programmeName: { en: app.name_en, ko: app.name_ko }, message: text.slice(0, 2000) },
          link: `/admin/applications/${app.reference}`,
          now,
        });
      }
    }
    await recordStatusChange(trx, {
      applicationId: app.id,
      from: decision.from,
      to: decision.to,
      action: input.action,
      actorId: input.ownerId,
      actorRole: "owner",
      reason: input.action === "withdraw" ? text : null,
      at: stamp,
    });
    return { ok: true } as const;
  });
}

export function withdrawApplication(
  input: { key: string; ownerId: number; reason: string },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
) {
  return ownerTransition({ key: input.key, ownerId: input.ownerId, action: "withdraw", text: input.reason }, { now, db });
}

/** The owner answers a request for information; the application goes back to review. */
export function answerInfoRequest(
  input: { key: string; ownerId: number; message: string },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
) {
  return ownerTransition({ key: input.key, ownerId: input.ownerId, action: "answer_info", text: input.message }, { now, db });
}
