import { getDb } from "../../../db/client";
import { seoulToday } from "~/modules/catalogue";
import { parseAnswers, type AnswerError } from "~/modules/eligibility";
import { validateAnswers } from "./questions";
import { type LocalisedText } from "~/modules/eligibility";

import { type Db, type Trx, isApplicationKey, byKey, loadProgramme } from "./application-common.server";

/** Saving the steps of a draft. */
// ---------------------------------------------------------------------------------------------
// Saving the steps of a draft

export async function ownedDraft(trx: Db | Trx, key: string, ownerId: number) {
  if (!isApplicationKey(key)) return null;
  const where = byKey(key);
  return trx
    .selectFrom("applications")
    .select(["id", "status", "programme_id", "answers"])
    .where(where.column, "=", where.value)
    .where("owner_id", "=", ownerId)
    .executeTakeFirst();
}

export type SaveResult<E> = { ok: true } | { ok: false; reason: "not_found" | "not_editable" } | { ok: false; reason: "invalid"; errors: E };

/** Saves the eligibility facts step (same questions and checks as the anonymous checker). */
export async function saveFacts(
  { key, ownerId, form }: { key: string; ownerId: number; form: URLSearchParams },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<SaveResult<AnswerError[]>> {
  const app = await ownedDraft(db, key, ownerId);
  if (!app) return { ok: false, reason: "not_found" };
  if (app.status !== "draft") return { ok: false, reason: "not_editable" };
  const parsed = parseAnswers(form, { today: seoulToday(now) });
  if (!parsed.submitted) return { ok: false, reason: "invalid", errors: [] };
  if (!parsed.ok) return { ok: false, reason: "invalid", errors: parsed.errors };
  await db
    .updateTable("applications")
    .set({ facts: JSON.stringify(parsed.facts), updated_at: now.toISOString() })
    .where("id", "=", app.id)
    .where("owner_id", "=", ownerId)
    .where("status", "=", "draft")
    .execute();
  return { ok: true };
}

/** Saves the programme's own questions; invalid answers are not stored, and come back with messages. */
export async function saveAnswers(
  { key, ownerId, form }: { key: string; ownerId: number; form: Record<string, unknown> },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<SaveResult<Record<string, LocalisedText>>> {
  const app = await ownedDraft(db, key, ownerId);
  if (!app) return { ok: false, reason: "not_found" };
  if (app.status !== "draft") return { ok: false, reason: "not_editable" };
  const programme = (await loadProgramme(db, { id: app.programme_id }))!;
  const { answers, errors } = validateAnswers(programme.questions, form);
  if (Object.keys(errors).length) return { ok: false, reason: "invalid", errors };
  const amount = programme.questions.find((q) => q.kind === "amount" && q.id === "requestedAmount");
  await db
    .updateTable("applications")
    .set({
      answers: JSON.stringify(answers),
      requested_amount_krw: amount && typeof answers[amount.id] === "number" ? (answers[amount.id] as number) : null,
      updated_at: now.toISOString(),
    })
    .where("id", "=", app.id)
    .where("owner_id", "=", ownerId)
    .where("status", "=", "draft")
    .execute();
  return { ok: true };
}
