import type { LocalisedText } from "~/modules/eligibility";
import { hasStaffRole, type Role, type StaffRole } from "~/modules/accounts";

/**
 * The one state machine every application status change goes through:
 *
 *   draft → submitted → under_review ⇄ info_requested
 *                        under_review → approved → paid (grants and loans)
 *                        under_review → rejected
 *   submitted | under_review | info_requested → withdrawn (by the owner, before a decision)
 *   submitted → approved (auto_approve: by the system, when a verified list's facts pass the rules)
 *   rejected → under_review (reopen: staff, when an objection to the rejection is overturned)
 *   draft → withdrawn (close_draft: by the system, when the business number moves to its proven representative)
 *
 * Pure: the service that applies a transition writes the status event in the same transaction.
 */
export const APPLICATION_STATUSES = ["draft", "submitted", "under_review", "info_requested", "approved", "rejected", "withdrawn", "paid"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_ACTIONS = [
  "submit",
  "start_review",
  "request_info",
  "answer_info",
  "approve",
  "reject",
  "withdraw",
  "mark_paid",
  "reopen",
] as const;
/** Actions only the portal itself takes (never offered to a person): the rapid track's rule decision, closing a draft whose business moved. */
export const SYSTEM_ACTIONS = ["auto_approve", "close_draft"] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number] | (typeof SYSTEM_ACTIONS)[number];
/** Who acts: a person's role, or the portal deciding by rules. */
export type ActorRole = Role | "system";

/** Statuses in which an application still counts against "one active application per business". */
export const ACTIVE_STATUSES: readonly ApplicationStatus[] = ["submitted", "under_review", "info_requested", "approved", "paid"];
/** Statuses after which nothing more happens. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ["rejected", "withdrawn", "paid"];

type Actor = { kind: "owner" } | { kind: "staff"; minimum: StaffRole } | { kind: "system" };

interface Transition {
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  actor: Actor;
  /** A message or reason the actor must give (request for information, rejection, withdrawal). */
  reasonRequired: boolean;
}

const TRANSITIONS: Record<ApplicationAction, Transition> = {
  submit: { from: ["draft"], to: "submitted", actor: { kind: "owner" }, reasonRequired: false },
  start_review: { from: ["submitted"], to: "under_review", actor: { kind: "staff", minimum: "caseworker" }, reasonRequired: false },
  request_info: { from: ["under_review"], to: "info_requested", actor: { kind: "staff", minimum: "caseworker" }, reasonRequired: true },
  answer_info: { from: ["info_requested"], to: "under_review", actor: { kind: "owner" }, reasonRequired: true },
  approve: { from: ["under_review"], to: "approved", actor: { kind: "staff", minimum: "caseworker" }, reasonRequired: false },
  reject: { from: ["under_review"], to: "rejected", actor: { kind: "staff", minimum: "caseworker" }, reasonRequired: true },
  withdraw: { from: ["submitted", "under_review", "info_requested"], to: "withdrawn", actor: { kind: "owner" }, reasonRequired: true },
  mark_paid: { from: ["approved"], to: "paid", actor: { kind: "staff", minimum: "caseworker" }, reasonRequired: false },
  auto_approve: { from: ["submitted"], to: "approved", actor: { kind: "system" }, reasonRequired: false },
  // The draft's business number moved to the account of its proven representative (businesses module).
  close_draft: { from: ["draft"], to: "withdrawn", actor: { kind: "system" }, reasonRequired: true },
  // An objection overturned: the refused application goes back to review (objections decide it).
  reopen: { from: ["rejected"], to: "under_review", actor: { kind: "staff", minimum: "caseworker" }, reasonRequired: true },
};

export type TransitionRefusal = "wrong_status" | "wrong_role" | "reason_required" | "not_payable";

export type TransitionDecision =
  { ok: true; from: ApplicationStatus; to: ApplicationStatus } | { ok: false; code: TransitionRefusal; message: LocalisedText };

export interface TransitionRequest {
  status: ApplicationStatus;
  action: ApplicationAction;
  /** The role of whoever asks ("system" for the portal's own rule decisions). Ownership of the record is the service's check, not this one's. */
  actorRole: ActorRole;
  reason?: string | null;
  /** The programme's support kind: only grants and loans are paid out. */
  supportKind: "tiers" | "percent" | "loan" | "service";
}

const STATUS_NAMES: Record<ApplicationStatus, LocalisedText> = {
  draft: { en: "draft", ko: "작성 중" },
  submitted: { en: "submitted", ko: "제출됨" },
  under_review: { en: "under review", ko: "검토 중" },
  info_requested: { en: "information requested", ko: "보완 요청" },
  approved: { en: "approved", ko: "승인" },
  rejected: { en: "rejected", ko: "반려" },
  withdrawn: { en: "withdrawn", ko: "철회" },
  paid: { en: "paid", ko: "지급 완료" },
};

export function statusName(status: ApplicationStatus): LocalisedText {
  return STATUS_NAMES[status];
}

/** Decides whether `action` may move an application on, and to which status. Never throws. */
export function decideTransition(request: TransitionRequest): TransitionDecision {
  const rule = TRANSITIONS[request.action];
  if (!rule.from.includes(request.status)) {
    const now = STATUS_NAMES[request.status];
    return {
      ok: false,
      code: "wrong_status",
      message: {
        en: `This cannot be done while the application is ${now.en}.`,
        ko: `신청이 '${now.ko}' 상태일 때는 할 수 없는 작업입니다.`,
      },
    };
  }
  const actorRole = request.actorRole;
  const allowed =
    rule.actor.kind === "system"
      ? actorRole === "system"
      : actorRole === "system"
        ? false
        : rule.actor.kind === "owner"
          ? actorRole === "owner"
          : hasStaffRole(actorRole, rule.actor.minimum);
  if (!allowed) {
    return {
      ok: false,
      code: "wrong_role",
      message: { en: "Your account is not allowed to do this.", ko: "이 계정으로는 할 수 없는 작업입니다." },
    };
  }
  if (rule.reasonRequired && !(request.reason ?? "").trim()) {
    return {
      ok: false,
      code: "reason_required",
      message: { en: "Enter a reason or message.", ko: "사유 또는 메시지를 입력하세요." },
    };
  }
  if (request.action === "mark_paid" && request.supportKind === "service") {
    return {
      ok: false,
      code: "not_payable",
      message: { en: "This programme gives a service, not a payment.", ko: "이 사업은 지급이 아닌 서비스 지원입니다." },
    };
  }
  return { ok: true, from: request.status, to: rule.to };
}

/** The actions a role could take on an application in `status` (for showing buttons). */
export function availableActions(status: ApplicationStatus, actorRole: Role, supportKind: TransitionRequest["supportKind"]): ApplicationAction[] {
  return APPLICATION_ACTIONS.filter((action) => {
    const d = decideTransition({ status, action, actorRole, supportKind, reason: "x" });
    return d.ok;
  });
}
