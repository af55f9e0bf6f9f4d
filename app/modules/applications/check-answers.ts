/**
 * Check your answers: the rows the page shows, from the live draft or, once submitted, from the
 * immutable snapshot (pure: no database).
 */
import { QUESTION_FIELDS, FACT_NAMES, codeName } from "~/modules/eligibility";
import { formatBusinessNumber } from "~/modules/businesses";
import { bankName } from "~/modules/payments";
import { formatDate, formatKrw, formatNumber } from "~/shared/format";
import { text, type Locale } from "~/shared/i18n";
import type { Question } from "./questions";
import type { OwnerApplication } from "./owner-applications.server";

const MONEY = new Set(["sales2019", "sales2020", "monthlyRent"]);

function factValue(field: string, value: unknown, locale: Locale): string {
  if (typeof value === "boolean") return value ? (locale === "ko" ? "예" : "Yes") : locale === "ko" ? "아니요" : "No";
  if (typeof value === "number")
    return MONEY.has(field) ? formatKrw(value, locale) : field === "floorArea" ? `${formatNumber(value, locale)} m²` : formatNumber(value, locale);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, locale);
  return codeName(String(value), locale);
}

function answerValue(q: Question, value: string | number, locale: Locale): string {
  if (q.kind === "amount") return formatKrw(Number(value), locale);
  if (q.kind === "choice") return q.options.find((o) => o.value === value)?.label[locale] ?? String(value);
  if (q.kind === "date") return formatDate(String(value), locale);
  return String(value);
}

function requestedAmount(questions: Question[], answers: Record<string, string | number>): number | null {
  const q = questions.find((x) => x.kind === "amount" && answers[x.id] !== undefined);
  const value = q ? Number(answers[q.id]) : NaN;
  return Number.isFinite(value) ? value : null;
}

export function checkAnswersSummary(app: OwnerApplication, locale: Locale) {
  // After submission the page shows the immutable snapshot, not the live profile.
  const source = app.snapshot ?? {
    facts: app.facts,
    answers: app.answers,
    evaluation: app.evaluation,
    business: {
      trade_name: app.trade_name,
      registration_number: app.registration_number,
      representative_name: app.representative_name,
      region: app.business_region,
      sector: app.business_sector,
    },
  };
  const facts = source.facts as Record<string, unknown>;
  return {
    draft: app.status === "draft",
    ready: Object.values(app.tasks).filter((s) => s !== "done").length === 1 && app.tasks.declaration === "todo",
    programmeName: app.programme[`name_${locale}`],
    business: [
      [locale === "ko" ? "상호" : "Trade name", source.business.trade_name],
      [locale === "ko" ? "사업자등록번호" : "Business registration number", formatBusinessNumber(source.business.registration_number)],
      [locale === "ko" ? "대표자" : "Representative", source.business.representative_name],
    ],
    facts: QUESTION_FIELDS.filter((f) => facts[f] !== undefined).map((f) => [FACT_NAMES[f][locale], factValue(f, facts[f], locale)]),
    answers: app.programme.questions
      .filter((q) => source.answers[q.id] !== undefined)
      .map((q) => [q.label[locale], answerValue(q, source.answers[q.id]!, locale)]),
    /** Grants and loans: the account they are paid into, masked (the live account, also after submission). */
    paying: app.paying,
    account: app.payout
      ? [
          [locale === "ko" ? "은행" : "Bank", text(bankName(app.payout.bankCode) ?? { en: app.payout.bankCode, ko: app.payout.bankCode }, locale)],
          [locale === "ko" ? "계좌번호" : "Account number", app.payout.masked],
          [locale === "ko" ? "예금주" : "Account holder", app.payout.holderName],
        ]
      : [],
    /** Document names by requirement code, to name what is missing when submitting is refused. */
    documentNames: Object.fromEntries(app.documentNeeds.map((d) => [d.code, text(d.name, locale)])),
    // Each file under the name of the document it is (not "1", "2"), as the owner chose it.
    documents: app.documents.map((d) => {
      const need = app.documentNeeds.find((n) => n.code === d.requirement_code);
      return [need ? text(need.name, locale) : locale === "ko" ? "기타 서류" : "Other document", d.display_name] as const;
    }),
    support: source.evaluation.support
      ? { text: text(source.evaluation.support.text, locale), amount: source.evaluation.support.amountKrw ?? null }
      : null,
    // The amount the owner asks for (a loan's "how much"), which is what this page states, not the cap.
    requested: requestedAmount(app.programme.questions, source.answers),
    criteria: source.evaluation.criteria.map((c) => ({ id: c.id, label: text(c.label, locale), result: c.result })),
  };
}
