import { z } from "zod";
import { TextSchema, type LocalisedText } from "./rules";

/**
 * A programme's own application questions, stored as data with the programme (programmes.questions)
 * and validated here: requested amounts up to the programme's cap, choices, free text, dates.
 */
const Base = {
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, "Use letters and digits, starting with a letter"),
  label: TextSchema,
  hint: TextSchema.optional(),
  required: z.boolean().default(true),
};

export const QuestionSchema = z.discriminatedUnion("kind", [
  z.object({ ...Base, kind: z.literal("amount"), minKrw: z.number().int().min(0).default(0), maxKrw: z.number().int().min(1) }),
  z.object({ ...Base, kind: z.literal("text"), maxLength: z.number().int().min(1).max(5000).default(500) }),
  z.object({
    ...Base,
    kind: z.literal("choice"),
    options: z.array(z.object({ value: z.string().regex(/^[a-z0-9_]+$/), label: TextSchema })).min(2),
  }),
  z.object({ ...Base, kind: z.literal("date") }),
]);
export type Question = z.infer<typeof QuestionSchema>;
export const QuestionsSchema = z.array(QuestionSchema).superRefine((qs, ctx) => {
  const seen = new Set<string>();
  qs.forEach((q, i) => {
    if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `Duplicate question id "${q.id}"` });
    seen.add(q.id);
  });
});

export type AnswerValue = string | number;
export type Answers = Record<string, AnswerValue>;

type Locale = "en" | "ko";
const messages = {
  required: { en: "Answer this question", ko: "이 질문에 답해 주세요" },
  amount: { en: "Enter an amount in whole won, like 5000000", ko: "금액을 원 단위 숫자로 입력하세요(예: 5000000)" },
  tooLong: (n: number): LocalisedText => ({ en: `Use ${n} characters or fewer`, ko: `${n}자 이하로 입력하세요` }),
  choice: { en: "Choose one of the options", ko: "보기 중 하나를 고르세요" },
  date: { en: "Enter a real date, like 2021-03-31", ko: "올바른 날짜를 입력하세요(예: 2021-03-31)" },
};

const WON = { ko: new Intl.NumberFormat("ko-KR"), en: new Intl.NumberFormat("en-GB") };

function formatWon(n: number, locale: Locale) {
  return WON[locale].format(n);
}

/**
 * Validates raw form values against the questions. Returns the typed answers and, per question id,
 * a message in both languages. Unanswered optional questions are left out. Never throws.
 */
export function validateAnswers(
  questions: Question[],
  raw: Record<string, unknown>,
): { answers: Answers; errors: Record<string, LocalisedText> } {
  const answers: Answers = {};
  const errors: Record<string, LocalisedText> = {};
  for (const q of questions) {
    // Stored answers come back typed (amounts as numbers): validate them as the form text they were.
    const given = raw[q.id];
    const value = typeof given === "string" ? given.trim() : typeof given === "number" && Number.isFinite(given) ? String(given) : "";
    if (!value) {
      if (q.required) errors[q.id] = messages.required;
      continue;
    }
    switch (q.kind) {
      case "amount": {
        const digits = value.replace(/[,\s₩원]/g, "");
        if (!/^\d{1,15}$/.test(digits)) {
          errors[q.id] = messages.amount;
          break;
        }
        const amount = Number(digits);
        if (amount < q.minKrw || amount > q.maxKrw) {
          errors[q.id] = {
            en: `Enter an amount from KRW ${formatWon(q.minKrw, "en")} to KRW ${formatWon(q.maxKrw, "en")}`,
            ko: `${formatWon(q.minKrw, "ko")}원부터 ${formatWon(q.maxKrw, "ko")}원 사이로 입력하세요`,
          };
          break;
        }
        answers[q.id] = amount;
        break;
      }
      case "text":
        if (value.length > q.maxLength) errors[q.id] = messages.tooLong(q.maxLength);
        else answers[q.id] = value;
        break;
      case "choice":
        if (!q.options.some((o) => o.value === value)) errors[q.id] = messages.choice;
        else answers[q.id] = value;
        break;
      case "date": {
        if (!isCalendarDate(value)) errors[q.id] = messages.date;
        else answers[q.id] = value;
        break;
      }
    }
  }
  return { answers, errors };
}

/** A real YYYY-MM-DD date: 2021-02-30 and 2021-13-45 are not. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}
