import type { Locale } from "~/shared/i18n";

/** The account emails, in the language the person was using. Plain text: every mail client shows it. */
export const ACCOUNT_MAIL = {
  reset: {
    en: {
      subject: "Reset your SME Support Portal password",
      text: (link: string) =>
        `Someone asked to reset the password of your SME Support Portal account.\n\nTo choose a new password, open this link within 1 hour:\n${link}\n\nIf it was not you, ignore this email: your password has not changed.`,
    },
    ko: {
      subject: "소상공인 지원 포털 비밀번호 재설정",
      text: (link: string) =>
        `소상공인 지원 포털 계정의 비밀번호 재설정을 요청하셨습니다.\n\n1시간 안에 아래 링크를 열어 새 비밀번호를 정하세요.\n${link}\n\n요청하지 않으셨다면 이 메일을 무시하세요. 비밀번호는 바뀌지 않았습니다.`,
    },
  },
  verify: {
    en: {
      subject: "Confirm your email address for the SME Support Portal",
      text: (link: string) =>
        `Thank you for creating an account on the SME Support Portal.\n\nTo confirm that this email address is yours, open this link within 24 hours:\n${link}\n\nYou need to confirm it before you can submit an application. If you did not create an account, ignore this email.`,
    },
    ko: {
      subject: "소상공인 지원 포털 이메일 주소 확인",
      text: (link: string) =>
        `소상공인 지원 포털에 가입해 주셔서 감사합니다.\n\n이 이메일 주소가 본인의 것임을 확인하려면 24시간 안에 아래 링크를 여세요.\n${link}\n\n확인해야 신청서를 제출할 수 있습니다. 가입하지 않으셨다면 이 메일을 무시하세요.`,
    },
  },
  changed: {
    en: {
      subject: "Your SME Support Portal password was changed",
      text: () =>
        "The password of your SME Support Portal account has just been changed, and other devices were signed out.\n\nIf you did not do this, reset your password now from the sign-in page and call the helpline on 1357.",
    },
    ko: {
      subject: "소상공인 지원 포털 비밀번호가 변경되었습니다",
      text: () =>
        "소상공인 지원 포털 계정의 비밀번호가 방금 변경되었고, 다른 기기에서는 로그아웃되었습니다.\n\n본인이 변경하지 않았다면 지금 로그인 화면에서 비밀번호를 재설정하고 1357로 연락하세요.",
    },
  },
} as const satisfies Record<string, Record<Locale, { subject: string; text: (...args: string[]) => string }>>;
