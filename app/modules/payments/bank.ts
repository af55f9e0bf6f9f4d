import type { LocalisedText } from "~/modules/eligibility";

/**
 * Korean bank codes for payout accounts (PROGRAMMES.md, illustrative list) and the shape of an
 * account number. Pure: used by the one-step application, the owner's account correction and the
 * payment batches' transfer file.
 */
export interface Bank {
  code: string;
  name: LocalisedText;
}

export const BANKS: readonly Bank[] = [
  { code: "002", name: { en: "KDB Korea Development Bank", ko: "KDB산업은행" } },
  { code: "003", name: { en: "IBK Industrial Bank of Korea", ko: "IBK기업은행" } },
  { code: "004", name: { en: "KB Kookmin Bank", ko: "KB국민은행" } },
  { code: "007", name: { en: "Suhyup Bank", ko: "수협은행" } },
  { code: "011", name: { en: "NH NongHyup Bank", ko: "NH농협은행" } },
  { code: "020", name: { en: "Woori Bank", ko: "우리은행" } },
  { code: "023", name: { en: "SC First Bank", ko: "SC제일은행" } },
  { code: "027", name: { en: "Citibank Korea", ko: "한국씨티은행" } },
  { code: "031", name: { en: "iM Bank (Daegu)", ko: "iM뱅크(대구)" } },
  { code: "032", name: { en: "Busan Bank", ko: "부산은행" } },
  { code: "034", name: { en: "Kwangju Bank", ko: "광주은행" } },
  { code: "035", name: { en: "Jeju Bank", ko: "제주은행" } },
  { code: "037", name: { en: "Jeonbuk Bank", ko: "전북은행" } },
  { code: "039", name: { en: "Kyongnam Bank", ko: "경남은행" } },
  { code: "045", name: { en: "MG Saemaul Geumgo", ko: "새마을금고" } },
  { code: "048", name: { en: "Shinhyup (credit unions)", ko: "신협" } },
  { code: "071", name: { en: "Korea Post", ko: "우체국" } },
  { code: "081", name: { en: "Hana Bank", ko: "하나은행" } },
  { code: "088", name: { en: "Shinhan Bank", ko: "신한은행" } },
  { code: "089", name: { en: "K bank", ko: "케이뱅크" } },
  { code: "090", name: { en: "Kakao Bank", ko: "카카오뱅크" } },
  { code: "092", name: { en: "Toss Bank", ko: "토스뱅크" } },
];

const BY_CODE = new Map(BANKS.map((b) => [b.code, b]));

export function isBankCode(code: string): boolean {
  return BY_CODE.has(code);
}

export function bankName(code: string): LocalisedText | null {
  return BY_CODE.get(code)?.name ?? null;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: LocalisedText };

export function parseBankCode(input: string): ParseResult<string> {
  const code = input.trim();
  if (!code) return { ok: false, message: { en: "Select your bank.", ko: "은행을 선택하세요." } };
  if (!isBankCode(code)) {
    return { ok: false, message: { en: "Select a bank from the list.", ko: "목록에 있는 은행을 선택하세요." } };
  }
  return { ok: true, value: code };
}

export const ACCOUNT_MIN_DIGITS = 10;
export const ACCOUNT_MAX_DIGITS = 14;

/**
 * An account number as people write it: 10 to 14 digits, hyphens or spaces allowed between them
 * (not at the start or end, not two in a row). The value is the digits alone.
 */
export function parseAccountNumber(input: string): ParseResult<string> {
  const text = input.normalize("NFKC").trim();
  if (!text) return { ok: false, message: { en: "Enter the account number.", ko: "계좌번호를 입력하세요." } };
  if (!/^\d+(?:[- ]\d+)*$/.test(text)) {
    return {
      ok: false,
      message: {
        en: "Enter the account number using digits only, with hyphens if you like, like 123-456-789012.",
        ko: "계좌번호는 숫자로만 입력하세요. 하이픈(-)은 넣어도 됩니다. 예: 123-456-789012",
      },
    };
  }
  const digits = text.replace(/[- ]/g, "");
  if (digits.length < ACCOUNT_MIN_DIGITS || digits.length > ACCOUNT_MAX_DIGITS) {
    return {
      ok: false,
      message: {
        en: `An account number has 10 to 14 digits; you entered ${digits.length}.`,
        ko: `계좌번호는 10~14자리 숫자입니다. 입력한 숫자는 ${digits.length}자리입니다.`,
      },
    };
  }
  return { ok: true, value: digits };
}

export function parseHolderName(input: string): ParseResult<string> {
  const name = input.normalize("NFC").trim().replace(/\s+/g, " ");
  if (!name) return { ok: false, message: { en: "Enter the account holder's name.", ko: "예금주 이름을 입력하세요." } };
  if (name.length > 100) {
    return { ok: false, message: { en: "The holder's name must be 100 characters or fewer.", ko: "예금주 이름은 100자 이내로 입력하세요." } };
  }
  // Control characters never belong in a name and would corrupt the bank's transfer file.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    return {
      ok: false,
      message: { en: "The holder's name contains characters that are not allowed.", ko: "예금주 이름에 사용할 수 없는 문자가 있습니다." },
    };
  }
  return { ok: true, value: name };
}

export interface PayoutAccountInput {
  bankCode: string;
  accountNumber: string;
  holderName: string;
}

export type PayoutAccountField = "bankCode" | "accountNumber" | "holderName";

/** All three fields at once: the clean account, or a message per field that is wrong. */
export function parsePayoutAccount(
  input: PayoutAccountInput,
): { ok: true; value: PayoutAccountInput } | { ok: false; errors: Partial<Record<PayoutAccountField, LocalisedText>> } {
  const bank = parseBankCode(input.bankCode);
  const account = parseAccountNumber(input.accountNumber);
  const holder = parseHolderName(input.holderName);
  if (bank.ok && account.ok && holder.ok) {
    return { ok: true, value: { bankCode: bank.value, accountNumber: account.value, holderName: holder.value } };
  }
  const errors: Partial<Record<PayoutAccountField, LocalisedText>> = {};
  if (!bank.ok) errors.bankCode = bank.message;
  if (!account.ok) errors.accountNumber = account.message;
  if (!holder.ok) errors.holderName = holder.message;
  return { ok: false, errors };
}

/** An account number for display, masked except its last four digits: ******789012 → ********9012. */
export function maskAccountNumber(digits: string): string {
  return digits.length <= 4 ? digits : `${"*".repeat(digits.length - 4)}${digits.slice(-4)}`;
}
