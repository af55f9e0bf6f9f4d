import type { Translation } from "~/shared/i18n";

/** 로그인 보안(2단계 인증, 이메일 확인, 개인정보 동의, 임시 비밀번호)의 한국어 문구. */
const security: Translation["security"] = {
  twoFactor: {
    title: "보안 코드 입력",
    lead: "휴대전화의 인증 앱을 열고 소상공인 지원 포털에 표시된 6자리 코드를 입력하세요.",
    codeLabel: "보안 코드",
    codeHint: "앱의 6자리 숫자 또는 복구 코드(예: abcd-efgh-jkmn)",
    submit: "계속",
    cancel: "취소하고 로그아웃",
  },
  errors: {
    codeRequired: "보안 코드를 입력하세요",
    format: "앱의 6자리 코드 또는 abcd-efgh-jkmn 형식의 복구 코드를 입력하세요",
    wrong: "보안 코드가 맞지 않습니다. 앱의 코드를 확인하고 다시 입력하세요",
    reused: "이미 사용한 코드입니다. 앱에 새 코드가 표시되면 그 코드를 입력하세요",
    recovery_used: "이미 사용한 복구 코드입니다. 복구 코드는 한 번만 쓸 수 있으니 다른 코드를 입력하세요",
    no_key: "먼저 2단계 인증을 설정하세요",
    limited_one:
      "틀린 코드를 너무 많이 입력했습니다. 보안을 위해 {{count}}분 동안 코드를 입력할 수 없습니다. 그 후 다시 시도하거나 관리자에게 도움을 요청하세요",
    limited_other:
      "틀린 코드를 너무 많이 입력했습니다. 보안을 위해 {{count}}분 동안 코드를 입력할 수 없습니다. 그 후 다시 시도하거나 관리자에게 도움을 요청하세요",
  },
  setup: {
    title: "2단계 인증 설정",
    leadRequired:
      "이 역할은 로그인할 때 두 번째 단계가 필요합니다. 휴대전화의 인증 앱(Google Authenticator, Microsoft Authenticator, 비밀번호 관리자 등)에 표시되는 6자리 코드입니다.",
    leadOptional:
      "로그인할 때 두 번째 단계를 추가할 수 있습니다. 휴대전화의 인증 앱(Google Authenticator, Microsoft Authenticator, 비밀번호 관리자 등)에 표시되는 6자리 코드입니다.",
    scan: "1. 인증 앱으로 이 QR 코드를 스캔하세요.",
    qrAlt: "인증 앱에 소상공인 지원 포털을 추가하는 QR 코드",
    manual: "스캔할 수 없으면 앱에 이 키를 직접 입력하세요.",
    keyLabel: "설정 키",
    enter: "2. 앱에 표시된 6자리 코드를 입력하세요.",
    submit: "2단계 인증 사용",
    doneTitle: "2단계 인증을 사용합니다",
    codesTitle: "복구 코드",
    codesLead:
      "휴대전화를 잃어버렸을 때 이 코드 하나로 한 번 로그인할 수 있습니다. 비밀번호 관리자나 잠가 둔 종이 등 안전한 곳에 보관하세요. 다시 표시되지 않습니다.",
    continue: "계속",
    alreadyOn: "이 계정은 이미 2단계 인증을 사용합니다.",
  },
  page: {
    title: "로그인 보안",
    on: "2단계 인증을 사용하고 있습니다.",
    off: "2단계 인증을 사용하지 않습니다.",
    required: "이 역할에는 필수입니다.",
    codesLeft_one: "사용하지 않은 복구 코드가 {{count}}개 있습니다.",
    codesLeft_other: "사용하지 않은 복구 코드가 {{count}}개 있습니다.",
    setUp: "2단계 인증 설정",
    renew: "복구 코드 새로 만들기",
    renewHint: "이전 복구 코드는 즉시 사용할 수 없게 됩니다.",
    renewedTitle: "새 복구 코드",
  },
  password: {
    title: "새 비밀번호 정하기",
    lead: "관리자가 준 임시 비밀번호로 로그인했습니다. 계속하기 전에 본인의 비밀번호를 정하세요.",
    current: "임시 비밀번호",
    submit: "비밀번호 저장하고 계속",
    same: "임시 비밀번호와 다른 비밀번호를 정하세요",
  },
  verify: {
    statusLink: "이메일 주소 확인",
    okTitle: "이메일 주소가 확인되었습니다",
    okText: "감사합니다. 이제 신청서를 제출할 수 있습니다.",
    alreadyTitle: "이미 확인된 이메일 주소입니다",
    expiredTitle: "링크가 만료되었습니다",
    expiredText: "이메일 주소 확인 링크는 24시간 동안 유효합니다. 로그인한 뒤 새 링크를 요청하세요.",
    usedTitle: "이미 사용한 링크입니다",
    usedText: "링크는 한 번만 쓸 수 있습니다. 아직 주소가 확인되지 않았다면 로그인한 뒤 새 링크를 요청하세요.",
    invalidTitle: "올바르지 않은 링크입니다",
    invalidText: "이메일의 링크 전체를 열었는지 확인하세요. 그래도 안 되면 로그인한 뒤 새 링크를 요청하세요.",
    toApplications: "내 신청으로 가기",
    notVerified: "이메일 주소가 아직 확인되지 않았습니다({{email}}). 보내 드린 링크를 열어 확인해 주세요. 확인해야 신청서를 제출할 수 있습니다.",
    resend: "링크 다시 보내기",
    resent: "새 링크를 보냈습니다({{email}}). 24시간 동안 유효합니다.",
    resendLimited_one: "최근에 링크를 여러 번 요청하셨습니다. {{count}}분 후에 다시 시도하세요",
    resendLimited_other: "최근에 링크를 여러 번 요청하셨습니다. {{count}}분 후에 다시 시도하세요",
  },
  consent: {
    legend: "개인정보 수집·이용 동의",
    intro: "중소벤처기업부는 이 서비스를 운영하기 위해 다음과 같이 개인정보를 수집·이용합니다(「개인정보 보호법」 제15조).",
    caption: "수집 항목, 목적, 보유 기간",
    columns: { items: "수집 항목", purpose: "수집·이용 목적", retention: "보유·이용 기간" },
    items: "이메일 주소, 비밀번호(원래 값으로 되돌릴 수 없는 형태로만 저장). 이후 신청서에 입력하는 사업장 정보와 제출 서류.",
    purpose: "로그인, 신청 진행 상황 안내, 지원사업 규정에 따른 신청 심사와 지원금 지급.",
    retention: "회원 탈퇴 시까지. 신청서와 제출 서류는 공공기록 관련 규정에 따라 결정 후 5년간 보관한 뒤 파기합니다.",
    refuse:
      "동의를 거부할 수 있습니다. 다만 동의하지 않으면 회원가입과 온라인 신청을 할 수 없으며, 소상공인시장진흥공단 센터(콜센터 1357)에서 방문 신청할 수 있습니다.",
    agree: "위와 같이 개인정보를 수집·이용하는 데 동의합니다(필수)",
    required: "회원가입을 하려면 개인정보 수집·이용에 동의해 주세요",
  },
};

export default security;
