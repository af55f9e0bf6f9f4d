import { z } from "zod";
import { WON_MESSAGES, formatWon, parseWon } from "~/shared/money";
import { TextSchema, type LocalisedText } from "~/modules/eligibility";
import { echo } from "~/shared/echo";

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
    if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `Duplicate question id "${echo(q.id)}"` });
    seen.add(q.id);
  });
});

export type AnswerValue = string | number;
export type Answers = Record<string, AnswerValue>;

const messages = {
  required: { en: "Answer this question", ko: "이 질문에 답해 주세요" },
  amount: { en: "Enter an amount in won, like 5,000,000", ko: "금액을 숫자로 입력하세요(예: 5,000,000 또는 500만)" },
  tooLong: (n: number): LocalisedText => ({ en: `Use ${n} characters or fewer`, ko: `${n}자 이하로 입력하세요` }),
  choice: { en: "Choose one of the options", ko: "보기 중 하나를 고르세요" },
  date: { en: "Enter a real date, like 2021-03-31", ko: "올바른 날짜를 입력하세요(예: 2021-03-31)" },
};

/**
 * Validates raw form values against the questions. Returns the typed answers and, per question id,
 * a message in both languages. Unanswered optional questions are left out. Never throws.
 */
export function validateAnswers(questions: Question[], raw: Record<string, unknown>): { answers: Answers; errors: Record<string, LocalisedText> } {
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
        // "5,000,000", "500만", "0.5억" all read as the same amount.
        const won = parseWon(value);
        if (!won.ok) {
          errors[q.id] =
            won.problem === "negative" || won.problem === "fraction" || won.problem === "tooLarge" ? WON_MESSAGES[won.problem] : messages.amount;
          break;
        }
        const amount = won.value;
        if (amount === 0) {
          errors[q.id] = WON_MESSAGES.notPositive;
          break;
        }
        if (amount < q.minKrw || amount > q.maxKrw) {
          errors[q.id] = {
            en: `Enter an amount from ${formatWon(q.minKrw, "en")} to ${formatWon(q.maxKrw, "en")}`,
            ko: `${formatWon(q.minKrw, "ko")}부터 ${formatWon(q.maxKrw, "ko")}까지 입력하세요`,
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
