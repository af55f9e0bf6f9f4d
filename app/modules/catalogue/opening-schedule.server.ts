import type { Kysely } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { withTransaction } from "../../../db/transaction";
import { parseOpeningSchedule } from "./opening-schedule";
import { recordAudit, type AuditActor } from "~/modules/audit/index.server";

type Db = Kysely<Database>;

export async function listSchedules(db: Db = getDb()) {
  return db.selectFrom("programmes").select(["slug", "name_en", "name_ko", "opens_on", "opening_schedule"]).orderBy("sort_order").execute();
}

/** Saves (or clears, with empty text) a programme's staggered-opening schedule; audited. */
export async function saveOpeningSchedule(
  { slug, text, actor }: { slug: string; text: string; actor: AuditActor },
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<{ ok: true } | { ok: false; error: string }> {
  const parsed = parseOpeningSchedule(text);
  if (!parsed.ok) return parsed;
  const stored = parsed.schedule ? JSON.stringify(parsed.schedule) : null;
  return withTransaction(db, async (trx) => {
    const row = await trx.selectFrom("programmes").select(["id", "opening_schedule"]).where("slug", "=", slug).executeTakeFirst();
    if (!row) return { ok: false as const, error: "Unknown programme." };
    await trx.updateTable("programmes").set({ opening_schedule: stored, updated_at: now.toISOString() }).where("id", "=", row.id).execute();
    await recordAudit(trx, {
      actor,
      action: "programme.opening_schedule",
      target: { type: "programme", id: slug },
      details: { before: row.opening_schedule, after: stored },
      at: now,
    });
    return { ok: true as const };
  });
}
