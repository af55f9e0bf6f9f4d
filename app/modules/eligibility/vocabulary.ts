import type { FactKey } from "./facts";

type Words = { en: string; ko: string };

/** Names of facts and their codes in plain words, in both languages (pure data, no i18n library). */
export const FACT_NAMES: Record<FactKey, Words> = {
  sector: { en: "sector", ko: "업종" },
  employees: { en: "regular employees", ko: "상시근로자 수" },
  sales2019: { en: "2019 sales", ko: "2019년 매출" },
  sales2020: { en: "2020 sales", ko: "2020년 매출" },
  openedOn: { en: "opening date", ko: "개업일" },
  region: { en: "region", ko: "지역" },
  covidMeasure: { en: "COVID-19 measure", ko: "방역조치" },
  premises: { en: "premises", ko: "사업장" },
  monthlyRent: { en: "monthly rent", ko: "월 임대료" },
  taxArrears: { en: "tax arrears", ko: "세금 체납" },
  loanDefault: { en: "loan in default", ko: "대출 연체" },
  businessState: { en: "business state", ko: "영업 상태" },
  closedOn: { en: "closure date", ko: "폐업일" },
  floorArea: { en: "floor area", ko: "매장 면적" },
  creditScore: { en: "credit score", ko: "신용점수" },
};

export const CODE_NAMES: Record<string, Words> = {
  // sectors
  food_service: { en: "food service", ko: "음식점업" },
  retail: { en: "retail", ko: "소매업" },
  personal_services: { en: "personal services", ko: "개인서비스업" },
  wholesale: { en: "wholesale", ko: "도매업" },
  manufacturing: { en: "manufacturing", ko: "제조업" },
  construction: { en: "construction", ko: "건설업" },
  transport: { en: "transport", ko: "운수업" },
  mining: { en: "mining", ko: "광업" },
  other_services: { en: "other services", ko: "기타 서비스업" },
  // COVID-19 measures
  none: { en: "none", ko: "없음" },
  restriction: { en: "operating restriction", ko: "영업제한(집합제한)" },
  closure: { en: "closure order", ko: "집합금지" },
  // premises
  rented: { en: "rented", ko: "임차" },
  owned: { en: "owned", ko: "자가" },
  // business state
  operating: { en: "operating", ko: "영업 중" },
  closing: { en: "closing within 6 months", ko: "6개월 이내 폐업 예정" },
  closed: { en: "closed", ko: "폐업" },
  // regions
  seoul: { en: "Seoul", ko: "서울특별시" },
  busan: { en: "Busan", ko: "부산광역시" },
  daegu: { en: "Daegu", ko: "대구광역시" },
  incheon: { en: "Incheon", ko: "인천광역시" },
  gwangju: { en: "Gwangju", ko: "광주광역시" },
  daejeon: { en: "Daejeon", ko: "대전광역시" },
  ulsan: { en: "Ulsan", ko: "울산광역시" },
  sejong: { en: "Sejong", ko: "세종특별자치시" },
  gyeonggi: { en: "Gyeonggi", ko: "경기도" },
  gangwon: { en: "Gangwon", ko: "강원특별자치도" },
  chungbuk: { en: "North Chungcheong", ko: "충청북도" },
  chungnam: { en: "South Chungcheong", ko: "충청남도" },
  jeonbuk: { en: "North Jeolla", ko: "전북특별자치도" },
  jeonnam: { en: "South Jeolla", ko: "전라남도" },
  gyeongbuk: { en: "North Gyeongsang", ko: "경상북도" },
  gyeongnam: { en: "South Gyeongsang", ko: "경상남도" },
  jeju: { en: "Jeju", ko: "제주특별자치도" },
};

export function codeName(code: string, locale: "en" | "ko"): string {
  return CODE_NAMES[code]?.[locale] ?? code;
}
