import type { Question } from "../app/modules/applications/questions";
import type { Condition, Criterion, RequiredDocument, Rules } from "../app/modules/eligibility/rules";

/**
 * The five programmes of the national plan (shared/PROGRAMMES.md). Figures marked "plan" come from the
 * announcement; rule parameters are illustrative seed data that a supervisor edits in the admin area.
 * Dates are filled in at seeding: open on the seeding day, close a year later.
 */
export interface ProgrammeSeed {
  slug: string;
  refPrefix: string;
  sortOrder: number;
  name: { en: string; ko: string };
  summary: { en: string; ko: string };
  description: { en: string; ko: string };
  support: { en: string; ko: string };
  howToApply: { en: string; ko: string };
  budgetKrw: number | null;
  capacity: number | null;
  targetCount: number | null;
  /** Approvals above this amount wait for a supervisor (illustrative). */
  fourEyesThresholdKrw: number | null;
  rules: Rules;
  documents: RequiredDocument[];
  /** The programme's own questions on the application form. */
  questions: Question[];
}

const smallBusiness: Criterion = {
  id: "small-business",
  label: {
    en: "Fewer than 5 regular employees (fewer than 10 in manufacturing, construction, transport or mining)",
    ko: "상시근로자 5명 미만(제조업·건설업·운수업·광업은 10명 미만)",
  },
  condition: {
    type: "compare",
    fact: "employees",
    op: "<",
    value: 5,
    valueBySector: { manufacturing: 10, construction: 10, transport: 10, mining: 10 },
  },
};

const operating: Criterion = {
  id: "operating",
  label: { en: "The business is operating", ko: "현재 영업 중인 사업체" },
  condition: { type: "in", fact: "businessState", values: ["operating"] },
};

const physicalPremises: Criterion = {
  id: "physical-premises",
  label: { en: "The business has physical premises (rented or owned)", ko: "임차 또는 자가 사업장 보유" },
  condition: { type: "in", fact: "premises", values: ["rented", "owned"] },
};

const noTaxArrears: Criterion = {
  id: "no-tax-arrears",
  label: { en: "No unpaid taxes (tax arrears)", ko: "국세·지방세 체납 없음" },
  condition: { type: "is", fact: "taxArrears", value: false },
};

const closureOrder: Condition = { type: "in", fact: "covidMeasure", values: ["closure"] };
const restriction: Condition = { type: "in", fact: "covidMeasure", values: ["restriction"] };
const salesRoute: Condition = {
  type: "all",
  of: [
    { type: "in", fact: "covidMeasure", values: ["none"] },
    { type: "compare", fact: "sales2019", op: "<=", value: 400_000_000 },
    { type: "compareFacts", left: "sales2020", op: "<", right: "sales2019" },
  ],
};

const businessRegistration: RequiredDocument = {
  code: "business-registration",
  name: { en: "Business registration certificate", ko: "사업자등록증명" },
};

const supplierQuote: RequiredDocument = {
  code: "supplier-quote",
  name: { en: "Supplier quote for the equipment", ko: "공급업체 견적서" },
};

/** The equipment programmes pay 70 % of the quoted cost up to a cap; both ask for the quote. */
const equipmentCost = (cap: { en: string; ko: string }): Question => ({
  id: "equipmentCost",
  kind: "amount",
  required: true,
  minKrw: 100_000,
  maxKrw: 100_000_000,
  label: { en: "Total cost in the supplier's quote", ko: "견적서상 총 도입 비용" },
  hint: { en: `We pay 70 % of it, up to ${cap.en}.`, ko: `이 중 70%를 최대 ${cap.ko}까지 지원합니다.` },
});

const supplierName: Question = { id: "supplierName", kind: "text", required: true, maxLength: 100, label: { en: "Supplier", ko: "공급업체" } };

export const PROGRAMME_SEEDS: ProgrammeSeed[] = [
  {
    slug: "support-fund",
    refPrefix: "SF",
    sortOrder: 1,
    name: { en: "Small Business Support Fund", ko: "소상공인 버팀목자금" },
    summary: {
      en: "Fast grants of KRW 1 to 3 million for small businesses hit by COVID-19 measures or falling sales.",
      ko: "코로나19 방역조치나 매출 감소로 피해를 입은 소상공인에게 100만~300만 원을 신속히 지급합니다.",
    },
    description: {
      en: "The support fund pays grants quickly to small businesses that were ordered to close, had their operations restricted, or saw their sales fall in 2020. The plan funds it with KRW 4.1 trillion for about 2.8 million businesses.",
      ko: "버팀목자금은 집합금지·영업제한 조치를 받았거나 2020년 매출이 감소한 소상공인에게 지원금을 신속히 지급합니다. 약 280만 개 사업체를 대상으로 4조 1,000억 원이 편성되었습니다.",
    },
    support: {
      en: "KRW 3,000,000 under a closure order, KRW 2,000,000 under an operating restriction, KRW 1,000,000 for falling sales.",
      ko: "집합금지 300만 원, 영업제한 200만 원, 매출 감소 일반업종 100만 원.",
    },
    howToApply: {
      en: "Check your eligibility, sign in, choose your business and apply online with your business registration certificate. Businesses applying for falling sales also upload a sales statement.",
      ko: "자격을 확인한 뒤 로그인하여 사업체를 선택하고 사업자등록증명을 첨부해 온라인으로 신청하세요. 매출 감소로 신청하는 경우 매출 증빙도 첨부합니다.",
    },
    budgetKrw: 4_100_000_000_000,
    capacity: null,
    targetCount: 2_800_000,
    fourEyesThresholdKrw: null,
    // The payout account is not a question: paying programmes ask it as its own step (bank, number, holder).
    questions: [],
    rules: {
      criteria: [
        smallBusiness,
        operating,
        {
          id: "opened-by-cutoff",
          label: { en: "Opened on or before 30 November 2020", ko: "2020년 11월 30일 이전 개업" },
          condition: { type: "date", fact: "openedOn", op: "<=", value: "2020-11-30" },
        },
        {
          id: "affected",
          label: {
            en: "Under a closure order or operating restriction, or 2019 sales of at most KRW 400 million and lower sales in 2020",
            ko: "집합금지·영업제한 대상이거나, 2019년 매출 4억 원 이하이면서 2020년 매출이 감소",
          },
          condition: { type: "any", of: [closureOrder, restriction, salesRoute] },
        },
      ],
      support: {
        kind: "tiers",
        tiers: [
          { when: closureOrder, amountKrw: 3_000_000, label: { en: "Closure order", ko: "집합금지" } },
          { when: restriction, amountKrw: 2_000_000, label: { en: "Operating restriction", ko: "영업제한" } },
          { when: salesRoute, amountKrw: 1_000_000, label: { en: "Falling sales", ko: "매출 감소" } },
        ],
        text: { en: "A one-off grant", ko: "1회 지급 지원금" },
      },
    },
    documents: [
      businessRegistration,
      {
        code: "sales-statement",
        name: { en: "Sales statement for 2019 and 2020", ko: "2019·2020년 매출 증빙" },
        when: { type: "in", fact: "covidMeasure", values: ["none"] },
      },
    ],
  },
  {
    slug: "rent-loan",
    refPrefix: "RL",
    sortOrder: 2,
    name: { en: "Special Rent Loan", ko: "임차 소상공인 특별융자" },
    summary: {
      en: "Low-interest loans of up to KRW 10 million to relieve the burden of rent for restricted or closed businesses.",
      ko: "집합금지·영업제한 임차 소상공인의 임대료 부담을 덜어 주는 최대 1,000만 원의 저금리 융자입니다.",
    },
    description: {
      en: "The special rent loan lends up to KRW 10 million at 2.0 % a year to small businesses on rented premises that are under a closure order or operating restriction. The plan provides KRW 4 trillion.",
      ko: "집합금지·영업제한 조치를 받은 임차 소상공인에게 연 2.0%로 최대 1,000만 원을 융자합니다. 총 4조 원 규모입니다.",
    },
    support: {
      en: "Up to KRW 10,000,000 at 2.0 % a year: 2 years' grace, then 3 years' repayment.",
      ko: "최대 1,000만 원, 연 2.0%, 2년 거치 3년 상환.",
    },
    howToApply: {
      en: "Sign in, choose your business, state the amount you need and upload your business registration certificate and lease contract.",
      ko: "로그인 후 사업체를 선택하고 필요한 금액을 입력한 뒤 사업자등록증명과 임대차계약서를 첨부하세요.",
    },
    budgetKrw: 4_000_000_000_000,
    capacity: null,
    targetCount: null,
    fourEyesThresholdKrw: 5_000_000,
    questions: [
      {
        id: "requestedAmount",
        kind: "amount",
        required: true,
        minKrw: 1_000_000,
        maxKrw: 10_000_000,
        label: { en: "How much do you want to borrow?", ko: "융자 신청 금액" },
        hint: { en: "From KRW 1,000,000 to KRW 10,000,000.", ko: "100만 원부터 1,000만 원까지." },
      },
      {
        id: "loanPurpose",
        kind: "text",
        required: false,
        maxLength: 500,
        label: { en: "What will the loan pay for?", ko: "자금 용도" },
      },
    ],
    rules: {
      criteria: [
        smallBusiness,
        operating,
        {
          id: "rented-premises",
          label: { en: "The business rents its premises", ko: "임차 사업장" },
          condition: { type: "in", fact: "premises", values: ["rented"] },
        },
        {
          id: "restricted-or-closed",
          label: { en: "Under an operating restriction or closure order", ko: "영업제한 또는 집합금지 대상" },
          condition: { type: "in", fact: "covidMeasure", values: ["restriction", "closure"] },
        },
        noTaxArrears,
        {
          id: "no-loan-default",
          label: { en: "No loan in default", ko: "대출 연체 없음" },
          condition: { type: "is", fact: "loanDefault", value: false },
        },
      ],
      support: {
        kind: "loan",
        maxKrw: 10_000_000,
        ratePercent: 2.0,
        graceYears: 2,
        repaymentYears: 3,
        routing: {
          fact: "creditScore",
          threshold: 744,
          atOrBelow: { en: "Direct loan from the agency", ko: "소상공인시장진흥공단 직접대출" },
          above: { en: "Loan through a partner bank", ko: "협력 은행 대리대출" },
        },
        text: { en: "A low-interest loan", ko: "저금리 융자" },
      },
    },
    documents: [businessRegistration, { code: "lease-contract", name: { en: "Lease contract for the premises", ko: "사업장 임대차계약서" } }],
  },
  {
    slug: "tax-legal-advice",
    refPrefix: "TL",
    sortOrder: 3,
    name: { en: "Tax and Legal Advice for Closing Businesses", ko: "폐업 소상공인 세무·법률 자문" },
    summary: {
      en: "Free consultations with a tax accountant or lawyer for owners closing or who have just closed their business.",
      ko: "폐업 예정이거나 폐업한 소상공인에게 세무사·변호사 무료 상담을 제공합니다.",
    },
    description: {
      en: "Closing a business raises questions about tax, leases and debts. This programme offers up to three free sessions with a tax accountant or a lawyer. Capacity rises to 4,000 consultations this year, from 3,000 last year.",
      ko: "폐업 과정의 세금, 임대차, 채무 문제를 세무사·변호사와 최대 3회 무료로 상담할 수 있습니다. 올해 상담 규모는 지난해 3,000건에서 4,000건으로 늘었습니다.",
    },
    support: {
      en: "Up to 3 free sessions with a tax accountant or a lawyer.",
      ko: "세무사 또는 변호사 무료 상담 최대 3회.",
    },
    howToApply: {
      en: "Sign in, choose your business, tell us the topic you need advice on and upload your business registration or closure certificate.",
      ko: "로그인 후 사업체를 선택하고 상담 주제를 입력한 뒤 사업자등록증명 또는 폐업사실증명을 첨부하세요.",
    },
    budgetKrw: null,
    capacity: 4_000,
    targetCount: 4_000,
    fourEyesThresholdKrw: null,
    questions: [
      {
        id: "adviceTopic",
        kind: "choice",
        required: true,
        label: { en: "What do you need advice on?", ko: "상담 주제" },
        options: [
          { value: "tax", label: { en: "Tax on closing", ko: "폐업 관련 세무" } },
          { value: "lease", label: { en: "Lease and deposit", ko: "임대차·보증금" } },
          { value: "debt", label: { en: "Debts and loans", ko: "채무·대출" } },
          { value: "employment", label: { en: "Employees", ko: "근로자 관련" } },
          { value: "other", label: { en: "Something else", ko: "기타" } },
        ],
      },
      {
        id: "advisor",
        kind: "choice",
        required: true,
        label: { en: "Who would you like to talk to?", ko: "희망 상담 전문가" },
        options: [
          { value: "tax_accountant", label: { en: "A tax accountant", ko: "세무사" } },
          { value: "lawyer", label: { en: "A lawyer", ko: "변호사" } },
        ],
      },
      {
        id: "adviceDetails",
        kind: "text",
        required: false,
        maxLength: 1000,
        label: { en: "Tell us more (optional)", ko: "상담 내용(선택)" },
      },
    ],
    rules: {
      criteria: [
        smallBusiness,
        {
          id: "closing-or-recently-closed",
          label: {
            en: "Closing within 6 months, or closed within the last 12 months",
            ko: "6개월 이내 폐업 예정이거나 최근 12개월 이내 폐업",
          },
          condition: {
            type: "any",
            of: [
              { type: "in", fact: "businessState", values: ["closing"] },
              {
                type: "all",
                of: [
                  { type: "in", fact: "businessState", values: ["closed"] },
                  { type: "date", fact: "closedOn", op: ">=", monthsAgo: 12 },
                ],
              },
            ],
          },
        },
      ],
      support: {
        kind: "service",
        sessions: 3,
        text: { en: "Free consultations with a tax accountant or a lawyer", ko: "세무사·변호사 무료 상담" },
      },
    },
    documents: [
      {
        code: "registration-or-closure",
        name: { en: "Business registration or closure certificate", ko: "사업자등록증명 또는 폐업사실증명" },
      },
    ],
  },
  {
    slug: "smart-store",
    refPrefix: "SS",
    sortOrder: 4,
    name: { en: "Smart Store Digitalisation", ko: "스마트상점 기술보급" },
    summary: {
      en: "70 % of the cost of smart ordering, kiosks, serving robots or smart mirrors, up to KRW 5 million.",
      ko: "스마트오더, 키오스크, 서빙로봇, 스마트미러 등 스마트기술 도입 비용의 70%를 최대 500만 원까지 지원합니다.",
    },
    description: {
      en: "Smart technology helps small shops and restaurants serve customers with fewer hands. The plan creates 20,000 smart stores; the programme pays 70 % of the equipment cost and the owner pays 30 %.",
      ko: "스마트기술로 적은 인력으로도 손님을 응대할 수 있도록 돕습니다. 스마트상점 2만 개 조성이 목표이며, 장비 비용의 70%를 지원하고 30%는 자부담입니다.",
    },
    support: {
      en: "70 % of the cost of smart technology, up to KRW 5,000,000; the owner pays 30 %.",
      ko: "스마트기술 도입 비용의 70%, 최대 500만 원(자부담 30%).",
    },
    howToApply: {
      en: "Sign in, choose your business, describe the technology and upload your business registration certificate and a supplier quote.",
      ko: "로그인 후 사업체를 선택하고 도입할 기술을 입력한 뒤 사업자등록증명과 공급업체 견적서를 첨부하세요.",
    },
    budgetKrw: null,
    capacity: 20_000,
    targetCount: 20_000,
    fourEyesThresholdKrw: null,
    questions: [
      {
        id: "technology",
        kind: "choice",
        required: true,
        label: { en: "Which smart technology?", ko: "도입할 스마트기술" },
        options: [
          { value: "smart_ordering", label: { en: "Smart ordering", ko: "스마트오더" } },
          { value: "kiosk", label: { en: "Kiosk", ko: "키오스크" } },
          { value: "serving_robot", label: { en: "Serving robot", ko: "서빙로봇" } },
          { value: "smart_mirror", label: { en: "Smart mirror", ko: "스마트미러" } },
          { value: "other", label: { en: "Other", ko: "기타" } },
        ],
      },
      equipmentCost({ en: "KRW 5,000,000", ko: "500만 원" }),
      supplierName,
    ],
    rules: {
      criteria: [
        smallBusiness,
        {
          id: "eligible-sector",
          label: {
            en: "In food service, retail, personal services or other services",
            ko: "음식점업, 소매업, 개인서비스업 또는 기타 서비스업",
          },
          condition: {
            type: "in",
            fact: "sector",
            values: ["food_service", "retail", "personal_services", "other_services"],
          },
        },
        operating,
        {
          id: "operating-six-months",
          label: { en: "Operating for at least 6 months", ko: "개업 후 6개월 이상 영업" },
          condition: { type: "date", fact: "openedOn", op: "<=", monthsAgo: 6 },
        },
        physicalPremises,
        noTaxArrears,
      ],
      support: {
        kind: "percent",
        percent: 70,
        capKrw: 5_000_000,
        text: { en: "A share of the equipment cost", ko: "장비 도입 비용 일부 지원" },
      },
    },
    documents: [businessRegistration, supplierQuote],
  },
  {
    slug: "smart-supermarket",
    refPrefix: "SM",
    sortOrder: 5,
    name: { en: "Smart Supermarket", ko: "스마트슈퍼" },
    summary: {
      en: "Unmanned and extended-hours equipment for small neighbourhood supermarkets: 70 % of the cost, up to KRW 12 million.",
      ko: "동네 슈퍼에 무인·심야 운영 장비를 지원합니다. 비용의 70%, 최대 1,200만 원.",
    },
    description: {
      en: "Small supermarkets can stay open longer with unmanned checkout and access equipment. The plan creates 800 smart supermarkets; the programme pays 70 % of the equipment cost.",
      ko: "무인 계산대와 출입 장비로 소형 슈퍼의 운영 시간을 늘릴 수 있습니다. 스마트슈퍼 800개 조성이 목표이며 장비 비용의 70%를 지원합니다.",
    },
    support: {
      en: "Unmanned and extended-hours equipment: 70 % of the cost, up to KRW 12,000,000.",
      ko: "무인·심야 운영 장비 비용의 70%, 최대 1,200만 원.",
    },
    howToApply: {
      en: "Sign in, choose your business, describe the equipment and upload your business registration certificate and a supplier quote.",
      ko: "로그인 후 사업체를 선택하고 도입할 장비를 입력한 뒤 사업자등록증명과 공급업체 견적서를 첨부하세요.",
    },
    budgetKrw: null,
    capacity: 800,
    targetCount: 800,
    fourEyesThresholdKrw: 10_000_000,
    questions: [
      {
        id: "equipment",
        kind: "text",
        required: true,
        maxLength: 500,
        label: { en: "Which unmanned or extended-hours equipment?", ko: "도입할 무인·심야 운영 장비" },
      },
      equipmentCost({ en: "KRW 12,000,000", ko: "1,200만 원" }),
      supplierName,
    ],
    rules: {
      criteria: [
        smallBusiness,
        {
          id: "retail-sector",
          label: { en: "In retail", ko: "소매업" },
          condition: { type: "in", fact: "sector", values: ["retail"] },
        },
        operating,
        physicalPremises,
        {
          id: "floor-area",
          label: { en: "Floor area under 165 m²", ko: "매장 면적 165㎡ 미만" },
          condition: { type: "compare", fact: "floorArea", op: "<", value: 165 },
        },
        noTaxArrears,
      ],
      support: {
        kind: "percent",
        percent: 70,
        capKrw: 12_000_000,
        text: { en: "A share of the equipment cost", ko: "장비 도입 비용 일부 지원" },
      },
    },
    documents: [businessRegistration, supplierQuote],
  },
];
