/**
 * Public recommendations (the plan's "national recommendation system"): anyone, without an account,
 * recommends a business for a programme by its registration number and a reason. Rate-limited per IP
 * (app/shared/rate-limit.server.ts); nothing about the business is ever shown back to the public. Staff
 * see the count and reasons beside the application and a lead list of recommended businesses.
 */
import type { Kysely } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { consumeAttempt } from "~/shared/rate-limit.server";
import { parseBusinessNumber } from "~/modules/businesses";

type Db = Kysely<Database>;

export type RecommendField = "programme" | "number" | "reason";
export type RecommendResult =
  | { ok: true }
  | { ok: false; errors: Partial<Record<RecommendField, "programme" | "format" | "checkDigit" | "reason">> }
  | { ok: false; limited: true; retryAfterMinutes: number };

export async function recommend(
  input: { programmeSlug: string; registrationNumber: string; reason: string; ip: string },
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<RecommendResult> {
  const errors: Partial<Record<RecommendField, "programme" | "format" | "checkDigit" | "reason">> = {};
  const programme = await db
    .selectFrom("programmes")
    .select("id")
    .where("slug", "=", input.programmeSlug.slice(0, 64))
    .where("status", "=", "published")
    .executeTakeFirst();
  if (!programme) errors.programme = "programme";
  const number = parseBusinessNumber(input.registrationNumber);
  if (!number.ok) errors.number = number.problem;
  const reason = input.reason.normalize("NFC").trim();
  if (reason.length < 10 || reason.length > 1000) errors.reason = "reason";
  if (Object.keys(errors).length || !programme || !number.ok) return { ok: false, errors };
  const limit = await consumeAttempt([{ scope: "recommend:ip", key: input.ip }], { now });
  if (limit.limited) return { ok: false, limited: true, retryAfterMinutes: limit.retryAfterMinutes };
  await db
    .insertInto("recommendations")
    .values({ programme_id: programme.id, registration_number: number.digits, reason, created_at: now.toISOString() })
    .execute();
  return { ok: true };
}

/** Recommendations of one business for one programme (staff, beside the application). */
export async function recommendationsFor(registrationNumber: string, programmeId: number, db: Db = getDb()) {
  const rows = await db
    .selectFrom("recommendations")
    .select(["reason", "created_at"])
    .where("registration_number", "=", registrationNumber)
    .where("programme_id", "=", programmeId)
    .orderBy("id", "desc")
    .limit(20)
    .execute();
  const count = await db
    .selectFrom("recommendations")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("registration_number", "=", registrationNumber)
    .where("programme_id", "=", programmeId)
    .executeTakeFirstOrThrow();
  return { count: Number(count.n), latest: rows };
}

/** The lead list: recommended businesses, most recommended first, with any application they made. */
export async function listLeads(db: Db = getDb()) {
  const rows = await db
    .selectFrom("recommendations")
    .innerJoin("programmes", "programmes.id", "recommendations.programme_id")
    .select((eb) => [
      "recommendations.registration_number",
      "programmes.id as programme_id",
      "programmes.name_en",
      "programmes.name_ko",
      eb.fn.countAll<number>().as("count"),
      eb.fn.max("recommendations.created_at").as("latest"),
    ])
    .groupBy(["recommendations.registration_number", "programmes.id", "programmes.name_en", "programmes.name_ko"])
    .orderBy("count", "desc")
    .orderBy("latest", "desc")
    .limit(200)
    .execute();
  if (!rows.length) return [];
  const apps = await db
    .selectFrom("applications")
    .innerJoin("businesses", "businesses.id", "applications.business_id")
    .select(["businesses.registration_number", "applications.programme_id", "applications.reference", "applications.status"])
    .where("businesses.registration_number", "in", [...new Set(rows.map((r) => r.registration_number))])
    .where("applications.reference", "is not", null)
    .execute();
  return rows.map((r) => {
    const app = apps.find((a) => a.registration_number === r.registration_number && a.programme_id === r.programme_id);
    return { ...r, count: Number(r.count), latest: String(r.latest), reference: app?.reference ?? null, status: app?.status ?? null };
  });
}
