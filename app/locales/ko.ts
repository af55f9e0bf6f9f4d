import type { Translation } from "~/shared/i18n";
import account from "~/modules/accounts/locales/account.ko";
import admin from "~/modules/administration/locales/admin.ko";
import applications from "~/modules/applications/locales/applications.ko";
import queue from "~/modules/review/locales/queue.ko";
import review from "~/modules/review/locales/review.ko";
import security from "~/modules/accounts/locales/security.ko";
import statistics from "~/modules/statistics/locales/statistics.ko";
import eligibility from "~/modules/eligibility/locales/eligibility.ko";
import info from "./info.ko";
import payments from "~/modules/payments/locales/payments.ko";
import rapid from "~/modules/rapid/locales/rapid.ko";
import identity from "~/modules/identity/locales/identity.ko";

/** 한국어 문구. 영어 파일과 키가 같아야 합니다(타입으로 검사). */
const ko: Translation = {
  meta: {
    serviceName: "소상공인 지원 포털",
    titleSuffix: "소상공인 지원 포털",
    errorPrefix: "오류: ",
  },
  masthead: { official: "이 누리집은 대한민국 공식 전자정부 누리집입니다.", ...info.masthead },
  identifier: { owner: "이 누리집은 중소벤처기업부 누리집입니다." },
  skipLink: "본문 바로가기",
  adminNav: {
    label: "직원 업무",
    dashboard: "현황",
    applications: "신청 심사",
    programmes: "지원사업 관리",
    staff: "직원 관리",
    audit: "감사 기록",
    payments: "지급",
    objections: "이의신청",
    verifiedLists: "검증 명단",
    recommendations: "국민 추천",
    businessNumbers: "사업자등록번호 중복",
  },
  nav: {
    label: "주 메뉴",
    home: "홈",
    programmes: "지원사업",
    eligibility: "자격 확인",
    allMenu: "전체메뉴",
    mobileLabel: "주 메뉴(모바일)",
    statistics: "통계",
  },
  language: {
    label: "언어",
    switchTo: "English",
    switchToLang: "en",
    current: "한국어",
  },
  footer: {
    about: "소상공인 지원 포털은 소상공인이 정부 지원사업을 찾고, 자격을 확인하고, 신청할 수 있도록 돕습니다.",
    ministry: "중소벤처기업부",
    helpline: "중소기업 통합콜센터 1357",
    helplineHours: "(평일 09:00~18:00)",
    address: "(30121) 세종특별자치시 가름로 180 중소벤처기업부",
    accessibility: "웹 접근성 안내",
    privacy: "개인정보처리방침",
    copyrightPolicy: "저작권정책",
    terms: "이용약관",
    copyright: "© 대한민국 정부",
  },
  home: {
    title: "소상공인을 위한 지원",
    lead: "지원금, 임대료 융자, 폐업 상담, 디지털 전환 등 우리 사업체가 받을 수 있는 정부 지원사업을 찾아보세요.",
    checkTitle: "지원 대상인지 확인하세요",
    checkText: "사업체에 관한 몇 가지 질문에 답하면 모든 지원사업의 자격 여부와 그 이유를 한 번에 볼 수 있습니다.",
    checkCta: "자격 확인하기",
    openTitle: "신청 가능한 지원사업",
    allProgrammes: "전체 지원사업 보기",
    noneOpen: "지금 신청을 받는 지원사업이 없습니다.",
  },
  programmes: {
    title: "지원사업",
    lead: "소상공인 지원 계획의 모든 사업과 지원 내용, 신청 기간을 안내합니다.",
    support: "지원 내용",
    budget: "예산",
    capacity: "지원 규모",
    capacityValue: "{{places}}건",
    window: "신청 기간",
    windowRange: "{{opens}} ~ {{closes}}",
    more: "{{name}} 자세히 보기",
  },
  programme: {
    eligibility: "신청 자격",
    eligibilityLead: "다음 조건을 모두 충족하면 신청할 수 있습니다.",
    support: "지원 내용",
    documents: "제출 서류",
    documentWhen: "(해당하는 경우: {{condition}})",
    howToApply: "신청 방법",
    checkCta: "자격 확인하기",
    applyCta: "신청하기",
    facts: "주요 정보",
    target: "계획 목표",
    targetValue: "{{number}}개 사업체",
    notOpen: "이 지원사업은 현재 신청을 받지 않습니다.",
    breadcrumb: "현재 위치",
  },
  window: {
    upcoming: "접수 예정",
    open: "접수 중",
    closing_soon: "마감 임박",
    closed: "마감",
  },
  errors: {
    notFoundTitle: "페이지를 찾을 수 없습니다",
    notFoundText: "주소를 직접 입력하셨다면 올바른지 확인해 주세요. 복사해 붙여 넣으셨다면 주소 전체를 복사했는지 확인해 주세요.",
    programmeNotFoundTitle: "지원사업을 찾을 수 없습니다",
    programmeNotFoundText: "이 주소에는 지원사업이 없습니다. 이름이 바뀌었거나 삭제되었을 수 있습니다.",
    forbiddenTitle: "이 페이지를 볼 수 없습니다",
    forbiddenText: "이 계정에는 이 페이지에 대한 권한이 없습니다.",
    serverTitle: "죄송합니다. 서비스에 문제가 있습니다",
    serverText: "잠시 후 다시 시도해 주세요. 저장한 내용은 사라지지 않았습니다.",
    backHome: "홈으로 가기",
    seeProgrammes: "전체 지원사업 보기",
    unavailableTitle: "서비스 이용자가 많거나 일시적으로 이용할 수 없습니다",
    unavailableText: "몇 분 후에 다시 시도해 주세요. 저장한 내용은 사라지지 않았습니다.",
    quoteRequestId: "고객센터에 문의하실 때 이 번호를 알려 주세요:",
  },
  forms: {
    errorSummaryTitle: "입력 내용을 확인해 주세요",
    errorPrefix: "오류: ",
    optional: "(선택)",
    continue: "계속",
    save: "저장",
    saveAndContinue: "저장하고 계속",
    change: "변경",
  },
  eligibility,
  account,
  applications,
  admin,
  queue,
  review,
  info,
  breadcrumbs: info.breadcrumbs,
  security,
  statistics,
  payments,
  rapid,
  identity,
};

export default ko;
