import { createCookie } from "@remix-run/node";
import type { Kysely } from "kysely";
import { countTakenPlaces } from "~/modules/applications/index.server";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { documentsFor, evaluate, type Evaluation, type Outcome } from "./eligibility";
import type { Facts } from "./facts";
import { seoulToday, type WindowState } from "~/modules/catalogue";
import { parseAnswers } from "./questionnaire";
import { listProgrammesWithRules, type ProgrammeWithRules } from "~/modules/catalogue/index.server";

/**
 * The anonymous eligibility check: every published programme's rules (the rows in the database)
 * evaluated for one set of facts, eligible programmes first.
 */

export interface ProgrammeCheck {
  slug: string;
  name_en: string;
  name_ko: string;
  window: WindowState;
  /** All places taken (see `isProgrammeFull`). */
  full: boolean;
  /** Whether the programme takes applications today: open window and places left. */
  acceptingApplications: boolean;
  evaluation: Evaluation;
  documents: ReturnType<typeof documentsFor>;
}

const OUTCOME_ORDER: Record<Outcome, number> = { eligible: 0, need_more_info: 1, not_eligible: 2 };

export async function checkEligibility(
  facts: Facts,
  { now = new Date(), db = getDb() }: { now?: Date; db?: Kysely<Database> } = {},
): Promise<{ today: string; results: ProgrammeCheck[] }> {
  const today = seoulToday(now);
  const programmes = await listProgrammesWithRules({ now, db });
  const results = await Promise.all(
    programmes.map(async (p): Promise<ProgrammeCheck> => {
      const full = await isProgrammeFull(p, { db });
      return {
        slug: p.slug,
        name_en: p.name_en,
        name_ko: p.name_ko,
        window: p.window,
        full,
        acceptingApplications: (p.window === "open" || p.window === "closing_soon") && !full,
        evaluation: evaluate(p.rules, facts, { today }),
        documents: documentsFor(p.documents, facts, { today }),
      };
    }),
  );
  // Array.prototype.sort is stable, so catalogue order holds within each outcome.
  results.sort((a, b) => OUTCOME_ORDER[a.evaluation.outcome] - OUTCOME_ORDER[b.evaluation.outcome]);
  return { today, results };
}

/**
 * Whether a programme with a capacity has no places left: places are taken by active or funded
 * applications, the same count that refuses a submission.
 */
export async function isProgrammeFull(
  programme: Pick<ProgrammeWithRules, "id" | "capacity">,
  { db = getDb() }: { db?: Kysely<Database> } = {},
): Promise<boolean> {
  if (programme.capacity === null) return false;
  return (await countTakenPlaces(programme.id, db)) >= programme.capacity;
}

/**
 * The owner's last answers (the validated, canonical query string), so the accounts work can prefill
 * the business profile later. Server-only, 30 days.
 */
export const lastCheckCookie = createCookie("last_check", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 30,
  secure: process.env.PORTAL_ENV === "production",
});

/** A Set-Cookie header value remembering these answers. */
export function rememberLastCheck(query: string): Promise<string> {
  return lastCheckCookie.serialize(query);
}

/** The facts of the owner's last check, validated again (a stale or edited cookie gives null). */
export async function readLastCheck(request: Request, { now = new Date() }: { now?: Date } = {}): Promise<Facts | null> {
  let value: unknown;
  try {
    value = await lastCheckCookie.parse(request.headers.get("Cookie"));
  } catch {
    return null;
  }
  if (typeof value !== "string" || value === "") return null;
  const parsed = parseAnswers(new URLSearchParams(value), { today: seoulToday(now) });
  return parsed.submitted && parsed.ok ? parsed.facts : null;
}
