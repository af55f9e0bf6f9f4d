import type { LocalisedText } from "~/modules/eligibility";
import type { PayoutAccountField } from "./bank";

/**
 * The payee check port (예금주 확인), modelled on the banks' account-holder inquiry: for a bank code
 * and an account number the bank answers the holder's name, or that the account does not exist, is
 * closed, or that it cannot answer now. Pure: the shapes, the reading of an answer and the rule of
 * who may be paid; the HTTP adapter is payee-check.server.ts, the local bank tools/fake-bank.
 *
 * Who may be paid: a confirmed representative of the business (the verified person whose name the
 * business register matched), or the business itself for a corporate account.
 */
export interface PayeeQuery {
  bankCode: string;
  /** Digits only. */
  accountNumber: string;
}

export type PayeeAnswer =
  | { kind: "found"; holderName: string }
  | { kind: "not_found" }
  | { kind: "closed" }
  /** Down, slow, or an answer we cannot read: the account is kept as unchecked, never paid until checked. */
  | { kind: "unavailable" };

/** The request body of the inquiry. */
export function inquiryRequest(query: PayeeQuery) {
  return { bank_code: query.bankCode, account_number: query.accountNumber };
}

/** Reads the bank's answer; anything unexpected is "unavailable". */
export function readInquiryAnswer(body: unknown): PayeeAnswer {
  if (!body || typeof body !== "object") return { kind: "unavailable" };
  const { result, holder_name } = body as { result?: unknown; holder_name?: unknown };
  if (result === "found" && typeof holder_name === "string" && holder_name.trim() && holder_name.length <= 100) {
    return { kind: "found", holderName: holder_name.normalize("NFC").trim() };
  }
  if (result === "not_found") return { kind: "not_found" };
  if (result === "closed") return { kind: "closed" };
  return { kind: "unavailable" };
}

// Corporate forms written before or after a company's name: (주)회사, 회사(주), ㈜회사, 주식회사 회사, (유)…, 유한회사 ….
const CORPORATE_FORMS = /\(주\)|\(유\)|\(합\)|\(사\)|주식회사|유한회사|합자회사|합명회사|사단법인|재단법인|㈜|㈲/g;

/**
 * A name as banks and registers compare it: Unicode-normalised (full-width letters, compatibility
 * forms such as ㈜ become their plain spelling), without spaces of any width, corporate forms or
 * case. 주식회사 한빛, (주)한빛 and 한빛(주) are one name.
 */
export function normaliseHolderName(name: string): string {
  return name.normalize("NFKC").replace(/\s+/gu, "").replace(CORPORATE_FORMS, "").replace(/[.,·]/g, "").toLowerCase();
}

/** Whether the bank's holder is one of the people or the business allowed to be paid. */
export function holderMatches(holderName: string, allowed: { people: readonly string[]; businessName: string | null }): boolean {
  const holder = normaliseHolderName(holderName);
  if (!holder) return false;
  const names = [...allowed.people, ...(allowed.businessName ? [allowed.businessName] : [])];
  return names.some((name) => normaliseHolderName(name) === holder);
}

export type PayeeVerdict =
  /** The bank named an allowed holder: saved as checked, with the bank's spelling of the name. */
  | { kind: "matched"; holderName: string }
  /** The bank could not answer: saved as unchecked; the batch checks again before paying. */
  | { kind: "unchecked" }
  /** Refused before anything is saved, with a message for the field it concerns. */
  | { kind: "refused"; field: PayoutAccountField; message: LocalisedText };

/** What to do with an account given the bank's answer and who may be paid. */
export function payeeVerdict(answer: PayeeAnswer, allowed: { people: readonly string[]; businessName: string | null }): PayeeVerdict {
  switch (answer.kind) {
    case "unavailable":
      return { kind: "unchecked" };
    case "not_found":
      return {
        kind: "refused",
        field: "accountNumber",
        message: {
          en: "The bank has no account with this number. Check the bank and the account number.",
          ko: "은행에 이 번호의 계좌가 없습니다. 은행과 계좌번호를 확인하세요.",
        },
      };
    case "closed":
      return {
        kind: "refused",
        field: "accountNumber",
        message: { en: "This account is closed. Give an account that is in use.", ko: "해지된 계좌입니다. 사용 중인 계좌를 입력하세요." },
      };
    case "found":
      if (holderMatches(answer.holderName, allowed)) return { kind: "matched", holderName: answer.holderName };
      return {
        kind: "refused",
        field: "holderName",
        message: {
          en: "This account is not held by the business's confirmed representative or by the business itself. Support is paid only into the representative's or the business's own account.",
          ko: "이 계좌의 예금주가 확인된 사업장 대표자나 사업장 본인이 아닙니다. 지원금은 대표자 본인 또는 사업장 명의 계좌로만 지급합니다.",
        },
      };
  }
}
