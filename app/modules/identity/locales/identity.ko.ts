import type en from "./identity.en";

/** 본인인증 문구. */
const identity: typeof en = {
  page: {
    title: "본인인증",
    lead: "사업체를 등록하기 전에 본인인증 서비스로 본인임을 확인해 주세요. 잠시 다른 누리집으로 이동했다가 이 화면으로 돌아옵니다.",
    verifiedTitle: "본인인증을 마쳤습니다",
    name: "이름",
    birthDate: "생년월일",
    verifiedAt: "인증한 날",
    notVerified: "아직 본인인증을 하지 않았습니다.",
    start: "본인인증 하기",
    again: "다시 인증하기",
    accountLink: "본인인증",
    backToAccount: "내 계정",
  },
  failure: {
    title: "본인인증을 하지 못했습니다",
    tryAgain: "다시 시도",
    invalid_state: "인증 주소가 올바르지 않거나 이미 사용되었습니다. 이 화면에서 다시 시작해 주세요.",
    expired: "인증 시간이 지났습니다. 다시 시작해 주세요.",
    provider_error: "본인인증 서비스에서 인증이 취소되었거나 거절되었습니다. 저장된 것은 없습니다.",
    provider_unreachable: "본인인증 서비스가 응답하지 않습니다. 몇 분 뒤에 다시 시도해 주세요. 저장된 것은 없습니다.",
    token_rejected: "본인인증 서비스의 응답을 확인할 수 없어 받아들이지 않았습니다. 저장된 것은 없습니다.",
    missing_name: "본인인증 서비스가 이름을 알려 주지 않아 본인인증을 할 수 없습니다. 저장된 것은 없습니다.",
    missing_birthdate: "본인인증 서비스가 생년월일을 알려 주지 않아 본인인증을 할 수 없습니다. 저장된 것은 없습니다.",
    missing_subject: "본인인증 서비스가 본인을 식별해 주지 않아 본인인증을 할 수 없습니다. 저장된 것은 없습니다.",
    already_linked:
      "이 분은 이미 포털의 다른 계정으로 본인인증을 하셨습니다. 한 사람은 인증된 계정 하나만 가질 수 있습니다. 잘못된 경우 국번 없이 1357로 전화해 주세요.",
  },
};

export default identity;
