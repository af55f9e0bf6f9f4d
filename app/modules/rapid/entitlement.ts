import { formatDateEn, formatDateKo } from "~/modules/catalogue";
import type { LocalisedText } from "~/modules/eligibility";

/** The words of an entitlement notice (in-app, email and text message): the amount and the first day. */
export function entitlementMessage({
  programmeName,
  amountKrw,
  firstDay,
}: {
  programmeName: LocalisedText;
  amountKrw: number;
  firstDay: string;
}): LocalisedText {
  const amount = amountKrw.toLocaleString("en-US");
  return {
    en: `Your business is on the list for the ${programmeName.en}: KRW ${amount}. You may apply in one step, without documents, from ${formatDateEn(firstDay)}.`,
    ko: `${programmeName.ko} 신속지급 대상입니다: ${amount}원. ${formatDateKo(firstDay)}부터 서류 없이 간편 신청할 수 있습니다.`,
  };
}
