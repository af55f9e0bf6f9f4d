import { decideTransition, FINAL_STATUSES, statusName, type ApplicationAction, type ApplicationStatus } from "~/modules/applications";
import type { CriterionResult, Evaluation, Result } from "~/modules/eligibility";
import { hasStaffRole, type Role } from "~/modules/accounts";
import type { LocalisedText, Support } from "~/modules/eligibility";

/**
 * What staff may do on the review page, decided in one pure place that both the page (which buttons
 * to show) and the review service (which refuses) call. Status changes are delegated to the
 * application state machine; this adds who may act: a caseworker acts on the work assigned to them,
 * a supervisor on anything, and four-eyes approvals need a second supervisor.
 */

export const REVIEW_INTENTS = [
  "claim",
  "reassign",
  "start_review",
  "request_info",
  "approve",
  "confirm_approval",
  "decline_approval",
  "reject",
  "mark_paid",
  "add_note",
] as const;
export type ReviewIntent = (typeof REVIEW_INTENTS)[number];

/** Reasons for a rejection, shown to the owner with the caseworker's own words. */
export const REJECTION_REASONS = ["not_eligible", "incomplete_documents", "duplicate", "false_information", "out_of_budget", "other"] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

const REJECTION_LABELS: Record<RejectionReason, LocalisedText> = {
  not_eligible: { en: "Not eligible for this programme", ko: "지원 자격 미충족" },
  incomplete_documents: { en: "Documents missing or incomplete", ko: "제출 서류 누락 또는 미비" },
  duplicate: { en: "Duplicate application", ko: "중복 신청" },
  false_information: { en: "Information could not be verified or was false", ko: "신청 내용 확인 불가 또는 허위" },
  out_of_budget: { en: "Programme budget or capacity exhausted", ko: "사업 예산 또는 정원 소진" },
  other: { en: "Other reason", ko: "기타 사유" },
};

export function isRejectionReason(value: unknown): value is RejectionReason {
  return typeof value === "string" && (REJECTION_REASONS as readonly string[]).includes(value);
}

export function rejectionReasonLabel(code: string): LocalisedText | null {
  return isRejectionReason(code) ? REJECTION_LABELS[code] : null;
}

/** Statuses in which work can still be claimed or handed on. */
const OPEN_STATUSES: readonly ApplicationStatus[] = ["submitted", "under_review", "info_requested"];

export interface ReviewState {
  status: ApplicationStatus;
  supportKind: Support["kind"];
  assignedTo: number | null;
  /** Who proposed an approval that waits for four-eyes confirmation; null when none waits. */
  proposedBy: number | null;
}

export interface Reviewer {
  id: number;
  role: Role;
}

export type ReviewRefusal = "forbidden" | "not_assignee" | "already_assigned" | "wrong_status" | "proposal_pending" | "no_proposal" | "own_proposal";

export type ReviewPermission = { ok: true } | { ok: false; code: ReviewRefusal; message: LocalisedText };

const REFUSALS: Record<Exclude<ReviewRefusal, "wrong_status">, LocalisedText> = {
  forbidden: { en: "Your role does not allow this. Ask a supervisor.", ko: "현재 권한으로는 할 수 없는 작업입니다. 관리자에게 요청하세요." },
  not_assignee: {
    en: "Only the caseworker this application is assigned to, or a supervisor, can do this. Claim it first.",
    ko: "이 신청의 담당자 또는 관리자만 할 수 있습니다. 먼저 담당자로 지정하세요.",
  },
  already_assigned: { en: "Someone else has already claimed this application.", ko: "다른 직원이 이미 이 신청을 맡았습니다." },
  proposal_pending: {
    en: "An approval waits for a supervisor's confirmation. Confirm or decline it first.",
    ko: "관리자 확인을 기다리는 승인 제안이 있습니다. 먼저 확인하거나 반려하세요.",
  },
  no_proposal: { en: "No approval is waiting for confirmation.", ko: "확인을 기다리는 승인 제안이 없습니다." },
  own_proposal: {
    en: "You proposed this approval, so another supervisor must confirm it.",
    ko: "본인이 제안한 승인은 다른 관리자가 확인해야 합니다.",
  },
};

const refuse = (code: Exclude<ReviewRefusal, "wrong_status">): ReviewPermission => ({ ok: false, code, message: REFUSALS[code] });

const STATE_ACTION: Partial<Record<ReviewIntent, ApplicationAction>> = {
  start_review: "start_review",
  request_info: "request_info",
  approve: "approve",
  confirm_approval: "approve",
  reject: "reject",
  mark_paid: "mark_paid",
};

/**
 * Whether `reviewer` may take `intent` on an application in `state` now (not whether their input is
 * valid: a reason's presence and an award's size are checked by the service).
 */
export function checkReviewAction(intent: ReviewIntent, state: ReviewState, reviewer: Reviewer): ReviewPermission {
  if (!hasStaffRole(reviewer.role, "caseworker")) return refuse("forbidden");
  const supervisor = hasStaffRole(reviewer.role, "supervisor");
  const wrongStatus = (): ReviewPermission => {
    const now = statusName(state.status);
    return {
      ok: false,
      code: "wrong_status",
      message: { en: `This cannot be done while the application is ${now.en}.`, ko: `신청이 '${now.ko}' 상태일 때는 할 수 없는 작업입니다.` },
    };
  };
  switch (intent) {
    case "add_note":
      return { ok: true };
    case "claim":
      if (!OPEN_STATUSES.includes(state.status)) return wrongStatus();
      if (state.assignedTo !== null) return refuse("already_assigned");
      return { ok: true };
    case "reassign":
      if (!supervisor) return refuse("forbidden");
      if (state.status === "draft" || FINAL_STATUSES.includes(state.status)) return wrongStatus();
      return { ok: true };
    case "confirm_approval":
    case "decline_approval": {
      if (!supervisor) return refuse("forbidden");
      if (state.proposedBy === null) return refuse("no_proposal");
      if (state.proposedBy === reviewer.id) return refuse("own_proposal");
      const d = decideTransition({ status: state.status, action: "approve", actorRole: reviewer.role, supportKind: state.supportKind });
      return d.ok ? { ok: true } : { ok: false, code: "wrong_status", message: d.message };
    }
    default: {
      if (!supervisor && state.assignedTo !== reviewer.id) return refuse("not_assignee");
      if (state.proposedBy !== null && (intent === "approve" || intent === "reject" || intent === "request_info")) return refuse("proposal_pending");
      const d = decideTransition({
        status: state.status,
        action: STATE_ACTION[intent]!,
        actorRole: reviewer.role,
        supportKind: state.supportKind,
        // The reason's presence is the service's check; here only status and role count.
        reason: "x",
      });
      return d.ok ? { ok: true } : { ok: false, code: d.code === "wrong_role" ? "forbidden" : "wrong_status", message: d.message };
    }
  }
}

/** Every intent the reviewer could take now, for showing the right forms. */
export function allowedReviewIntents(state: ReviewState, reviewer: Reviewer): ReviewIntent[] {
  return REVIEW_INTENTS.filter((i) => checkReviewAction(i, state, reviewer).ok);
}

// ---------------------------------------------------------------------------------------------
// Award

/** The most a programme pays one application (null: it gives a service, not money). */
export function awardCap(support: Support): number | null {
  switch (support.kind) {
    case "tiers":
      return Math.max(...support.tiers.map((t) => t.amountKrw));
    case "percent":
      return support.capKrw;
    case "loan":
      return support.maxKrw;
    case "service":
      return null;
  }
}

/**
 * The amount the approval form starts from: the evaluation's tier, the programme's share of the
 * stated equipment cost, or the loan asked for; never above the cap. Null when nothing tells us.
 */
export function awardPrefill(
  support: Support,
  { evaluation, answers, requestedAmountKrw }: { evaluation: Evaluation | null; answers: Record<string, unknown>; requestedAmountKrw: number | null },
): number | null {
  const cap = awardCap(support);
  if (cap === null) return null;
  let amount: number | null = null;
  if (support.kind === "tiers") amount = evaluation?.support?.amountKrw ?? null;
  if (support.kind === "percent") {
    const cost = answers.equipmentCost;
    amount = typeof cost === "number" && Number.isFinite(cost) && cost >= 0 ? Math.floor((cost * support.percent) / 100) : null;
  }
  if (support.kind === "loan") amount = requestedAmountKrw;
  return amount === null ? null : Math.min(amount, cap);
}

export type AwardProblem = "required" | "not_whole" | "negative" | "zero" | "above_cap";

/** Checks an award for a programme; service programmes take none. */
export function checkAward(amount: number | null | undefined, support: Support): AwardProblem | null {
  const cap = awardCap(support);
  if (cap === null) return null;
  if (amount === null || amount === undefined) return "required";
  if (!Number.isInteger(amount)) return "not_whole";
  if (amount < 0) return "negative";
  if (amount === 0) return "zero";
  if (amount > cap) return "above_cap";
  return null;
}

/** Above the threshold (strictly), an approval waits for a supervisor who did not propose it. */
export function needsFourEyes(amount: number | null, thresholdKrw: number | null): boolean {
  return amount !== null && thresholdKrw !== null && amount > thresholdKrw;
}

// ---------------------------------------------------------------------------------------------
// Evaluation then and now

export interface CriterionDiff {
  id: string;
  label: LocalisedText;
  then: Result | null;
  now: Result | null;
  explanationNow: LocalisedText | null;
  explanationThen: LocalisedText | null;
  changed: boolean;
}

/** Criterion by criterion: the evaluation stored at submission beside the one with today's rules. */
export function diffEvaluations(
  then: Evaluation | null,
  now: Evaluation,
): { criteria: CriterionDiff[]; outcomeChanged: boolean; supportChanged: boolean } {
  const before = new Map<string, CriterionResult>((then?.criteria ?? []).map((c) => [c.id, c]));
  const criteria: CriterionDiff[] = now.criteria.map((c) => {
    const old = before.get(c.id) ?? null;
    before.delete(c.id);
    return {
      id: c.id,
      label: c.label,
      then: old?.result ?? null,
      now: c.result,
      explanationNow: c.explanation,
      explanationThen: old?.explanation ?? null,
      changed: old?.result !== c.result,
    };
  });
  // Criteria the current rules no longer have.
  for (const old of before.values()) {
    criteria.push({
      id: old.id,
      label: old.label,
      then: old.result,
      now: null,
      explanationNow: null,
      explanationThen: old.explanation,
      changed: true,
    });
  }
  return {
    criteria,
    outcomeChanged: (then?.outcome ?? null) !== now.outcome,
    supportChanged: (then?.support?.amountKrw ?? null) !== (now.support?.amountKrw ?? null),
  };
}
