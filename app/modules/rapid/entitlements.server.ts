/**
 * Entitlement notices: every business on a verified list that has an account here is told — in the
 * portal, by email (outbox) and by text message (SMS port) — the amount and the first day it may
 * apply. Sent in batches, each one transaction; the unique `entitlement_notices.entry_id` makes a
 * re-run (after a crash, a second node, a re-import) skip what was sent, so nobody is told twice for
 * one entitlement. A business that registers later sees its entitlement on its pages at once
 * (`entitlementsForOwner`) and is notified by the next run.
 */
import type { Kysely } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { withTransaction } from "../../../db/transaction";
import { getEnv } from "~/shared/env.server";
import { entitlementMessage } from "./entitlement";
import { firstDayFor, parseOpeningSchedule } from "~/modules/catalogue";
import type { LocalisedText } from "~/modules/eligibility";
import { enqueueEmail } from "~/modules/notifications/index.server";
import { enqueueSms } from "~/modules/notifications/index.server";

type Db = Kysely<Database>;

export const NOTICE_BATCH_SIZE = 500;

export async function sendEntitlementNotices({
  db = getDb(),
  listId,
  batchSize = NOTICE_BATCH_SIZE,
  now = () => new Date(),
}: { db?: Db; listId?: number; batchSize?: number; now?: () => Date } = {}): Promise<{ sent: number }> {
  let sent = 0;
  let after = 0;
  for (;;) {
    let q = db
      .selectFrom("verified_entries")
      .innerJoin("verified_lists", "verified_lists.id", "verified_entries.list_id")
      .innerJoin("programmes", "programmes.id", "verified_lists.programme_id")
      .innerJoin("businesses", "businesses.registration_number", "verified_entries.registration_number")
      .innerJoin("users", "users.id", "businesses.owner_id")
      .leftJoin("entitlement_notices", "entitlement_notices.entry_id", "verified_entries.id")
      .select([
        "verified_entries.id as entry_id",
        "verified_entries.amount_krw",
        "verified_entries.registration_number",
        "businesses.id as business_id",
        "businesses.phone",
        "users.id as user_id",
        "users.email",
        "programmes.slug",
        "programmes.name_en",
        "programmes.name_ko",
        "programmes.opens_on",
        "programmes.opening_schedule",
      ])
      .where("entitlement_notices.id", "is", null)
      .where("programmes.status", "=", "published")
      .where("verified_entries.id", ">", after)
      .orderBy("verified_entries.id")
      .limit(batchSize);
    if (listId !== undefined) q = q.where("verified_entries.list_id", "=", listId);
    const batch = await q.execute();
    if (!batch.length) return { sent };
    after = batch[batch.length - 1]!.entry_id;
    const stamp = now();
    sent += await withTransaction(db, async (trx) => {
      let n = 0;
      for (const e of batch) {
        const schedule = parseOpeningSchedule(e.opening_schedule);
        const firstDay = firstDayFor(schedule.ok ? schedule.schedule : null, e.opens_on, e.registration_number);
        // The unique entry_id decides: only the transaction that inserts the notice sends anything.
        const inserted = await trx
          .insertInto("entitlement_notices")
          .values({ entry_id: e.entry_id, business_id: e.business_id, user_id: e.user_id, first_day: firstDay, created_at: stamp.toISOString() })
          .onConflict((oc) => oc.column("entry_id").doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!inserted) continue;
        const programmeName = { en: e.name_en, ko: e.name_ko };
        const text = entitlementMessage({ programmeName, amountKrw: Number(e.amount_krw), firstDay });
        const link = `/applications/rapid?programme=${e.slug}`;
        await trx
          .insertInto("notifications")
          .values({
            user_id: e.user_id,
            application_id: null,
            kind: "entitlement",
            params: JSON.stringify({ reference: "", programmeName, text, link }),
            read_at: null,
            created_at: stamp.toISOString(),
          })
          .execute();
        const url = `${getEnv().PUBLIC_ORIGIN}${link}`;
        await enqueueEmail(
          trx,
          {
            to: e.email,
            subject: `[소상공인 지원 포털] ${e.name_ko} 신속지급 안내 / ${e.name_en}: you may apply`,
            text: `${text.ko}\n${url}\n\n${text.en}\n${url}\n`,
          },
          stamp,
        );
        if (e.phone.trim()) await enqueueSms(trx, { to: e.phone, text: `[소상공인 지원 포털] ${text.ko} ${url}` }, stamp);
        n++;
      }
      return n;
    });
    // Let requests in between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface Entitlement {
  programmeSlug: string;
  programmeName: LocalisedText;
  businessId: number;
  tradeName: string;
  amountKrw: number;
  firstDay: string;
  round: number;
}

/** The owner's businesses that are on a verified list (latest round per programme), for their pages. */
export async function entitlementsForOwner(
  ownerId: number,
  { programmeSlug, db = getDb() }: { programmeSlug?: string; db?: Db } = {},
): Promise<Entitlement[]> {
  let q = db
    .selectFrom("businesses")
    .innerJoin("verified_entries", "verified_entries.registration_number", "businesses.registration_number")
    .innerJoin("verified_lists", "verified_lists.id", "verified_entries.list_id")
    .innerJoin("programmes", "programmes.id", "verified_lists.programme_id")
    .select([
      "businesses.id as business_id",
      "businesses.trade_name",
      "businesses.registration_number",
      "verified_entries.amount_krw",
      "verified_lists.round",
      "programmes.slug",
      "programmes.name_en",
      "programmes.name_ko",
      "programmes.opens_on",
      "programmes.opening_schedule",
    ])
    .where("businesses.owner_id", "=", ownerId)
    .where("programmes.status", "=", "published")
    .orderBy("programmes.sort_order")
    .orderBy("businesses.id")
    .orderBy("verified_lists.round", "desc");
  if (programmeSlug) q = q.where("programmes.slug", "=", programmeSlug);
  const rows = await q.execute();
  const seen = new Set<string>();
  const out: Entitlement[] = [];
  for (const r of rows) {
    const key = `${r.slug}:${r.business_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const schedule = parseOpeningSchedule(r.opening_schedule);
    out.push({
      programmeSlug: r.slug,
      programmeName: { en: r.name_en, ko: r.name_ko },
      businessId: r.business_id,
      tradeName: r.trade_name,
      amountKrw: Number(r.amount_krw),
      firstDay: firstDayFor(schedule.ok ? schedule.schedule : null, r.opens_on, r.registration_number),
      round: r.round,
    });
  }
  return out;
}
