import { hasStaffRole, type Role } from "~/modules/accounts";
import type { LocalisedText } from "~/modules/eligibility";

/**
 * Objections (이의신청): an owner who was refused — an application rejected, or told they are not on
 * a verified list — may object within 30 days with a reason (and documents). A caseworker other than
 * the one who took the decision objected to decides it: upheld (the refusal stands) or overturned
 * (a rejected application is reopened for review). Objections have their own states:
 *
 *   (none) → open → upheld | overturned
 *
 * Pure: the service loads the facts, asks here, and writes in one transaction.
 */
export const OBJECTION_WINDOW_DAYS = 30;
export const OBJECTION_REASON_MAX = 4000;
export const OBJECTION_DOCUMENTS_MAX = 3;

export const OBJECTION_STATES = ["open", "upheld", "overturned"] as const;
export type ObjectionState = (typeof OBJECTION_STATES)[number];
export type ObjectionDecision = "uphold" | "overturn";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The last instant an objection may be filed: 30 days after the owner was told. */
export function objectionDeadline(notifiedAt: string): string {
  return new Date(Date.parse(notifiedAt) + OBJECTION_WINDOW_DAYS * DAY_MS).toISOString();
}

export type FilingRefusal = "not_refused" | "window_closed" | "already_objected" | "reason_required" | "reason_too_long";
export type Refusal<C extends string> = { ok: false; code: C; message: LocalisedText };

/** Whether an owner may object now. `refusedAt` is when they were told (null: nothing to object to). */
export function checkFiling(input: {
  refusedAt: string | null;
  now: Date;
  alreadyObjected: boolean;
  reason: string;
}): { ok: true; deadline: string } | Refusal<FilingRefusal> {
  if (!input.refusedAt) {
    return {
      ok: false,
      code: "not_refused",
      message: { en: "Only a refusal can be objected to.", ko: "거절된 경우에만 이의신청을 할 수 있습니다." },
    };
  }
  if (input.alreadyObjected) {
    return {
      ok: false,
      code: "already_objected",
      message: { en: "You have already objected to this decision.", ko: "이 결정에 대해 이미 이의신청을 했습니다." },
    };
  }
  const deadline = objectionDeadline(input.refusedAt);
  if (input.now.toISOString() > deadline) {
    return {
      ok: false,
      code: "window_closed",
      message: {
        en: `Objections had to be made within ${OBJECTION_WINDOW_DAYS} days, by ${deadline.slice(0, 10)}.`,
        ko: `이의신청은 ${OBJECTION_WINDOW_DAYS}일 이내(${deadline.slice(0, 10)}까지)에 해야 합니다.`,
      },
    };
  }
  const reason = input.reason.trim();
  if (!reason) return { ok: false, code: "reason_required", message: { en: "Enter why you object.", ko: "이의신청 사유를 입력하세요." } };
  if (reason.length > OBJECTION_REASON_MAX) {
    return {
      ok: false,
      code: "reason_too_long",
      message: { en: `The reason must be ${OBJECTION_REASON_MAX} characters or fewer.`, ko: `사유는 ${OBJECTION_REASON_MAX}자 이내로 입력하세요.` },
    };
  }
  return { ok: true, deadline };
}

export type DecisionRefusal = "wrong_state" | "wrong_role" | "same_decider" | "reason_required" | "reason_too_long";

/**
 * Whether `decider` may decide an objection now, and its new state. The person who took the
 * decision objected to never decides the objection (`originalDeciderId`).
 */
export function decideObjection(input: {
  state: ObjectionState;
  decision: ObjectionDecision;
  decider: { id: number; role: Role };
  originalDeciderId: number | null;
  reason: string;
}): { ok: true; to: Exclude<ObjectionState, "open"> } | Refusal<DecisionRefusal> {
  if (!hasStaffRole(input.decider.role, "caseworker")) {
    return { ok: false, code: "wrong_role", message: { en: "Only staff decide objections.", ko: "이의신청은 담당 직원만 결정할 수 있습니다." } };
  }
  if (input.state !== "open") {
    return {
      ok: false,
      code: "wrong_state",
      message: { en: "This objection has already been decided.", ko: "이미 결정된 이의신청입니다." },
    };
  }
  if (input.originalDeciderId !== null && input.originalDeciderId === input.decider.id) {
    return {
      ok: false,
      code: "same_decider",
      message: {
        en: "You took the decision this objection is about; another caseworker must decide it.",
        ko: "이의신청 대상 결정을 직접 내렸으므로 다른 담당자가 결정해야 합니다.",
      },
    };
  }
  const reason = input.reason.trim();
  if (!reason) {
    return {
      ok: false,
      code: "reason_required",
      message: { en: "Enter the reason the owner will read.", ko: "신청인에게 보여 줄 사유를 입력하세요." },
    };
  }
  if (reason.length > OBJECTION_REASON_MAX) {
    return {
      ok: false,
      code: "reason_too_long",
      message: { en: `The reason must be ${OBJECTION_REASON_MAX} characters or fewer.`, ko: `사유는 ${OBJECTION_REASON_MAX}자 이내로 입력하세요.` },
    };
  }
  return { ok: true, to: input.decision === "uphold" ? "upheld" : "overturned" };
}

const STATE_NAMES: Record<ObjectionState, LocalisedText> = {
  open: { en: "waiting for a decision", ko: "검토 대기" },
  upheld: { en: "refusal upheld", ko: "기각(원결정 유지)" },
  overturned: { en: "refusal overturned", ko: "인용(재검토)" },
};

export function objectionStateName(state: ObjectionState): LocalisedText {
  return STATE_NAMES[state];
}
