/**
 * The audit trail in words for the people who read it (pure): action codes, target kinds and the
 * detail fields as short phrases in both languages. Unknown codes fall back to the code itself, so a
 * new action is never hidden, only less readable until it is named here.
 */
import { formatWon } from "~/shared/money";

type Words = { en: string; ko: string };
type Locale = "en" | "ko";

export const AUDIT_ACTION_NAMES: Record<string, Words> = {
  "application.claim": { en: "Claimed an application", ko: "신청 담당 지정(본인)" },
  "application.reassign": { en: "Reassigned an application", ko: "신청 담당자 변경" },
  "application.start_review": { en: "Started the review", ko: "심사 시작" },
  "application.request_info": { en: "Asked the owner for information", ko: "신청인에게 보완 요청" },
  "application.approve": { en: "Approved", ko: "승인" },
  "application.approval_proposed": { en: "Proposed an approval (needs a second person)", ko: "승인 제안(이중 확인 필요)" },
  "application.approval_confirmed": { en: "Confirmed a proposed approval", ko: "승인 제안 확인" },
  "application.approval_declined": { en: "Declined a proposed approval", ko: "승인 제안 반려" },
  "application.reject": { en: "Rejected", ko: "거절" },
  "application.mark_paid": { en: "Marked as paid", ko: "지급 완료 처리" },
  "application.note_added": { en: "Added an internal note", ko: "내부 메모 작성" },
  "document.view": { en: "Opened a document", ko: "서류 열람" },
  "document.download": { en: "Downloaded a document", ko: "서류 내려받기" },
  "staff.create": { en: "Created a staff account", ko: "직원 계정 생성" },
  "staff.role_change": { en: "Changed a staff role", ko: "직원 역할 변경" },
  "staff.deactivate": { en: "Deactivated a staff account", ko: "직원 계정 비활성화" },
  "staff.reactivate": { en: "Reactivated a staff account", ko: "직원 계정 재활성화" },
  "staff.password_reset": { en: "Reset a staff password", ko: "직원 비밀번호 재설정" },
  "programme.update": { en: "Changed a programme", ko: "지원사업 수정" },
  "auth.sign_in": { en: "Signed in", ko: "로그인" },
  "auth.sign_in_failed": { en: "Failed sign-in", ko: "로그인 실패" },
  "auth.denied": { en: "Refused access to a page", ko: "접근 거부" },
  "queue.export": { en: "Downloaded the queue as CSV", ko: "신청 목록 CSV 내려받기" },
  "business.ownership_confirmed": { en: "Proved a business their own", ko: "사업체 소유 확인" },
  "payment.retry_same_account": { en: "Allowed a failed payment to the same account once more", ko: "실패한 지급을 같은 계좌로 재지급 허용" },
  "business.number_released": { en: "Took over a business number from an unproven account", ko: "미확인 계정의 사업자등록번호 이전" },
};

const TARGET_NAMES: Record<string, Words> = {
  application: { en: "Application", ko: "신청" },
  applications: { en: "Applications", ko: "신청 목록" },
  document: { en: "Document", ko: "서류" },
  path: { en: "Page", ko: "페이지" },
  programme: { en: "Programme", ko: "지원사업" },
  user: { en: "Account", ko: "계정" },
  business: { en: "Business", ko: "사업체" },
};

const DETAIL_NAMES: Record<string, Words> = {
  awardKrw: { en: "award", ko: "지원 금액" },
  thresholdKrw: { en: "four-eyes threshold", ko: "이중 확인 기준" },
  proposedBy: { en: "proposed by", ko: "제안자" },
  reasonCode: { en: "reason", ko: "사유" },
  length: { en: "length (characters)", ko: "글자 수" },
  toEmail: { en: "to", ko: "받는 사람" },
  fromEmail: { en: "from", ko: "이전 담당자" },
  role: { en: "role", ko: "역할" },
  from: { en: "from", ko: "이전" },
  to: { en: "to", ko: "이후" },
  required: { en: "role needed", ko: "필요한 역할" },
  status: { en: "answer", ko: "응답" },
  method: { en: "method", ko: "방식" },
  email: { en: "email", ko: "이메일" },
  reason: { en: "why", ko: "이유" },
  changed: { en: "changed", ko: "바뀐 항목" },
  rulesVersion: { en: "rules version", ko: "규칙 버전" },
  filters: { en: "filters", ko: "필터" },
  rows: { en: "rows", ko: "행 수" },
  name: { en: "file", ko: "파일" },
  registrationNumber: { en: "business number", ko: "사업자등록번호" },
  register: { en: "checked against", ko: "확인 출처" },
  fromAccount: { en: "from account", ko: "이전 계정" },
  closedDrafts: { en: "drafts closed", ko: "닫은 작성 중 신청" },
};

export function auditActionName(action: string, locale: Locale): string {
  return AUDIT_ACTION_NAMES[action]?.[locale] ?? action;
}

/** "Application SF-2026-000042", "Account #12", "Page /admin/staff". */
export function auditTargetName(type: string | null, id: string | null, locale: Locale): string {
  if (!type) return "—";
  const kind = TARGET_NAMES[type]?.[locale] ?? type;
  if (!id) return kind;
  return /^\d+$/.test(id) ? `${kind} #${id}` : `${kind} ${id}`;
}

/** The details as "name: value" pairs in words, never raw JSON. */
export function auditDetails(details: Record<string, unknown>, locale: Locale): { label: string; value: string }[] {
  return Object.entries(details).map(([key, value]) => ({
    label: DETAIL_NAMES[key]?.[locale] ?? key,
    value:
      typeof value === "number" && /Krw$/.test(key)
        ? formatWon(value, locale)
        : Array.isArray(value)
          ? value.map(String).join(", ")
          : value !== null && typeof value === "object"
            ? Object.entries(value as Record<string, unknown>)
                .map(([k, v]) => `${k}=${String(v)}`)
                .join(", ")
            : String(value),
  }));
}
