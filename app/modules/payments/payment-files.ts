import type { LocalisedText } from "~/modules/eligibility";
import { echo } from "~/shared/echo";

/**
 * The bank transfer file a released batch produces and the result file the bank sends back. Both
 * are ours (documented in docs/payment-files.md): UTF-8 without a byte-order mark, CRLF line ends,
 * RFC 4180 quoting, one record per line, the record type first:
 *
 *   H,SMEPORTAL-TRANSFER,1,<batch>,<programme>,<released at>          header
 *   D,<sequence>,<bank code>,<account>,<holder>,<amount>,<reference>  one per payment
 *   T,<count>,<total>                                                 trailer
 *
 * The result file is the same with `SMEPORTAL-RESULT` in the header and a result code as the last
 * field of every D line ("0000" = paid, anything else = failed with that code).
 *
 * Pure: no I/O. The service streams `transferHeader` / `transferLine` / `transferTrailer` and hands
 * the whole result text to `parseResultFile` together with what the batch holds.
 */

export const TRANSFER_KIND = "SMEPORTAL-TRANSFER";
export const RESULT_KIND = "SMEPORTAL-RESULT";
export const FORMAT_VERSION = "1";
export const RESULT_PAID = "0000";
/** Codes we know the meaning of; any other 4-character code is a failure "reported by the bank". */
export const RESULT_CODES: Record<string, LocalisedText> = {
  "0000": { en: "Paid", ko: "지급 완료" },
  E101: { en: "The account does not exist", ko: "계좌가 존재하지 않습니다" },
  E102: { en: "The holder's name does not match the account", ko: "예금주명이 계좌와 일치하지 않습니다" },
  E103: { en: "The account is closed or frozen", ko: "해지되었거나 거래가 정지된 계좌입니다" },
  E999: { en: "The bank refused the transfer", ko: "은행이 이체를 거절했습니다" },
};
const RESULT_CODE_SHAPE = /^[0-9A-Z]{4}$/;

export function resultCodeText(code: string): LocalisedText {
  return RESULT_CODES[code] ?? { en: `The bank reported code ${code}`, ko: `은행 결과 코드 ${code}` };
}

export interface TransferPayment {
  sequence: number;
  bankCode: string;
  accountNumber: string;
  holderName: string;
  amountKrw: number;
  reference: string;
}

const EOL = "\r\n";

function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(values: ReadonlyArray<string | number>): string {
  return values.map(field).join(",") + EOL;
}

export function transferHeader(batch: { id: number; programmeSlug: string; releasedAt: string }): string {
  return line(["H", TRANSFER_KIND, FORMAT_VERSION, batch.id, batch.programmeSlug, batch.releasedAt]);
}

export function transferLine(p: TransferPayment): string {
  return line(["D", p.sequence, p.bankCode, p.accountNumber, p.holderName, p.amountKrw, p.reference]);
}

export function transferTrailer(count: number, totalKrw: number): string {
  return line(["T", count, totalKrw]);
}

/** A whole result file for a batch (tests and the demo "bank"): every payment with its code. */
export function resultFile(batchId: number, payments: ReadonlyArray<TransferPayment & { resultCode: string }>): string {
  let out = line(["H", RESULT_KIND, FORMAT_VERSION, batchId]);
  let total = 0;
  for (const p of payments) {
    out += line(["D", p.sequence, p.bankCode, p.accountNumber, p.holderName, p.amountKrw, p.reference, p.resultCode]);
    total += p.amountKrw;
  }
  return out + transferTrailer(payments.length, total);
}

/** Splits one CSV line (RFC 4180 quoting, no embedded newlines); null when a quote is unbalanced. */
export function splitCsvLine(text: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) return null;
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      out.push(value);
      if (i === text.length) return out;
      if (text[i] !== ",") return null;
      i++;
    } else {
      const comma = text.indexOf(",", i);
      if (comma === -1) {
        out.push(text.slice(i));
        return out;
      }
      out.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
}

export type ResultProblemCode =
  | "empty"
  | "header"
  | "wrong_batch"
  | "record_type"
  | "columns"
  | "quote"
  | "sequence"
  | "duplicate"
  | "unknown_sequence"
  | "mismatch"
  | "result_code"
  | "missing_payments"
  | "trailer_missing"
  | "trailer_count"
  | "trailer_total"
  | "after_trailer"
  | "batch_count"
  | "batch_total";

/** Why a result file is refused: the line (1-based, 0 for the file as a whole) and what is wrong. */
export interface ResultProblem {
  line: number;
  code: ResultProblemCode;
  message: LocalisedText;
}

export interface ResultOutcome {
  sequence: number;
  resultCode: string;
  paid: boolean;
}

export type ResultParse =
  | { ok: true; outcomes: ResultOutcome[]; paidCount: number; paidKrw: number; failedCount: number; failedKrw: number }
  | { ok: false; problems: ResultProblem[] };

const MAX_PROBLEMS = 20;

/**
 * Checks a bank result file against the batch it must answer, line by line, and refuses it whole on
 * any problem: a wrong header or batch, a line that does not repeat exactly what was sent (bank,
 * account, holder, amount, reference for that sequence), a duplicated or unknown sequence, a missing
 * payment, a result code of the wrong shape, a trailer whose count or total disagrees with the lines
 * or with the batch. Up to 20 problems are reported, each naming its line.
 */
export function parseResultFile(
  text: string,
  batch: { id: number; count: number; totalKrw: number; payments: ReadonlyMap<number, TransferPayment> },
): ResultParse {
  const problems: ResultProblem[] = [];
  const problem = (lineNo: number, code: ResultProblemCode, en: string, ko: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line: lineNo, code, message: { en, ko } });
  };
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lines = body.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  if (!lines.length) {
    problem(0, "empty", "The file is empty.", "파일이 비어 있습니다.");
    return { ok: false, problems };
  }

  const header = splitCsvLine(lines[0]!);
  if (!header || header[0] !== "H" || header[1] !== RESULT_KIND || header.length !== 4) {
    problem(
      1,
      "header",
      `Line 1 must be the header "H,${RESULT_KIND},${FORMAT_VERSION},<batch>".`,
      `1행은 머리 레코드 "H,${RESULT_KIND},${FORMAT_VERSION},<배치 번호>"여야 합니다.`,
    );
    return { ok: false, problems };
  }
  if (header[2] !== FORMAT_VERSION)
    problem(
      1,
      "header",
      `Line 1: format version ${echo(header[2]!)} is not supported (expected ${FORMAT_VERSION}).`,
      `1행: 형식 버전 ${echo(header[2]!)}은(는) 지원하지 않습니다(${FORMAT_VERSION}이어야 함).`,
    );
  if (header[3] !== String(batch.id)) {
    problem(
      1,
      "wrong_batch",
      `Line 1: this file answers batch ${echo(header[3]!)}, not batch ${batch.id}.`,
      `1행: 이 파일은 ${batch.id}번이 아닌 ${echo(header[3]!)}번 배치의 결과입니다.`,
    );
    return { ok: false, problems };
  }

  const seen = new Set<number>();
  const outcomes: ResultOutcome[] = [];
  let lineCount = 0;
  let lineTotal = 0;
  let paidCount = 0;
  let paidKrw = 0;
  let trailer: { line: number; values: string[] } | null = null;

  for (let i = 1; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i]!;
    if (trailer) {
      if (raw.trim() !== "")
        problem(n, "after_trailer", `Line ${n}: nothing may follow the trailer.`, `${n}행: 꼬리 레코드 뒤에는 아무것도 올 수 없습니다.`);
      continue;
    }
    const values = splitCsvLine(raw);
    if (!values) {
      problem(n, "quote", `Line ${n}: a quoted field is not closed.`, `${n}행: 따옴표로 묶인 값이 닫히지 않았습니다.`);
      continue;
    }
    if (values[0] === "T") {
      trailer = { line: n, values };
      continue;
    }
    if (values[0] !== "D") {
      problem(
        n,
        "record_type",
        `Line ${n}: a line must start with D (payment) or T (trailer).`,
        `${n}행: 각 행은 D(지급) 또는 T(꼬리)로 시작해야 합니다.`,
      );
      continue;
    }
    if (values.length !== 8) {
      problem(n, "columns", `Line ${n}: expected 8 fields, found ${values.length}.`, `${n}행: 항목이 8개여야 하는데 ${values.length}개입니다.`);
      continue;
    }
    const [, seqText, bankCode, account, holder, amountText, reference, resultCode] = values as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!/^[1-9][0-9]{0,8}$/.test(seqText)) {
      problem(n, "sequence", `Line ${n}: sequence "${echo(seqText)}" is not a number.`, `${n}행: 순번 "${echo(seqText)}"이(가) 숫자가 아닙니다.`);
      continue;
    }
    const seq = Number(seqText);
    if (seen.has(seq)) {
      problem(n, "duplicate", `Line ${n}: sequence ${seq} appears twice.`, `${n}행: 순번 ${seq}이(가) 두 번 나옵니다.`);
      continue;
    }
    seen.add(seq);
    const sent = batch.payments.get(seq);
    if (!sent) {
      problem(
        n,
        "unknown_sequence",
        `Line ${n}: sequence ${seq} is not in batch ${batch.id}.`,
        `${n}행: 순번 ${seq}은(는) ${batch.id}번 배치에 없습니다.`,
      );
      continue;
    }
    const differs: string[] = [];
    if (bankCode !== sent.bankCode) differs.push("bank code");
    if (account !== sent.accountNumber) differs.push("account");
    if (holder !== sent.holderName) differs.push("holder");
    if (amountText !== String(sent.amountKrw)) differs.push("amount");
    if (reference !== sent.reference) differs.push("reference");
    if (differs.length) {
      const ko = differs
        .map((d) => ({ "bank code": "은행 코드", account: "계좌번호", holder: "예금주", amount: "금액", reference: "신청 번호" })[d])
        .join(", ");
      problem(
        n,
        "mismatch",
        `Line ${n} (sequence ${seq}): ${differs.join(", ")} differ from what was sent.`,
        `${n}행(순번 ${seq}): ${ko}이(가) 보낸 내용과 다릅니다.`,
      );
      continue;
    }
    if (!RESULT_CODE_SHAPE.test(resultCode)) {
      problem(
        n,
        "result_code",
        `Line ${n} (sequence ${seq}): result code "${echo(resultCode)}" must be 4 letters or digits.`,
        `${n}행(순번 ${seq}): 결과 코드 "${echo(resultCode)}"은(는) 영문 대문자 또는 숫자 4자리여야 합니다.`,
      );
      continue;
    }
    lineCount++;
    lineTotal += sent.amountKrw;
    const paid = resultCode === RESULT_PAID;
    if (paid) {
      paidCount++;
      paidKrw += sent.amountKrw;
    }
    outcomes.push({ sequence: seq, resultCode, paid });
  }

  if (!trailer) {
    problem(lines.length, "trailer_missing", "The file has no trailer line (T,<count>,<total>).", "꼬리 레코드(T,<건수>,<합계>)가 없습니다.");
  } else {
    const [, countText, totalText] = trailer.values;
    const n = trailer.line;
    if (trailer.values.length !== 3 || !/^[0-9]+$/.test(countText ?? "") || !/^[0-9]+$/.test(totalText ?? "")) {
      problem(n, "columns", `Line ${n}: the trailer must be "T,<count>,<total>".`, `${n}행: 꼬리 레코드는 "T,<건수>,<합계>"여야 합니다.`);
    } else {
      const count = Number(countText);
      const total = Number(totalText);
      const dLines = n - 2;
      if (count !== dLines)
        problem(
          n,
          "trailer_count",
          `Line ${n}: the trailer says ${count} payments, the file has ${dLines}.`,
          `${n}행: 꼬리 레코드의 건수는 ${count}건인데 파일에는 ${dLines}건이 있습니다.`,
        );
      if (problems.length === 0 && total !== lineTotal)
        problem(
          n,
          "trailer_total",
          `Line ${n}: the trailer total ${total} is not the sum of the lines, ${lineTotal}.`,
          `${n}행: 꼬리 레코드 합계 ${total}이(가) 각 행의 합계 ${lineTotal}과(와) 다릅니다.`,
        );
      if (count !== batch.count)
        problem(
          n,
          "batch_count",
          `Line ${n}: batch ${batch.id} has ${batch.count} payments, the file reports ${count}.`,
          `${n}행: ${batch.id}번 배치는 ${batch.count}건인데 파일은 ${count}건입니다.`,
        );
      if (total !== batch.totalKrw)
        problem(
          n,
          "batch_total",
          `Line ${n}: batch ${batch.id} totals ${batch.totalKrw}, the file reports ${total}.`,
          `${n}행: ${batch.id}번 배치의 합계는 ${batch.totalKrw}인데 파일은 ${total}입니다.`,
        );
    }
  }
  if (problems.length === 0 && seen.size !== batch.payments.size) {
    const missing = [...batch.payments.keys()].filter((s) => !seen.has(s)).slice(0, 10);
    problem(0, "missing_payments", `The file leaves out sequence ${missing.join(", ")}.`, `파일에 순번 ${missing.join(", ")}이(가) 빠져 있습니다.`);
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, outcomes, paidCount, paidKrw, failedCount: lineCount - paidCount, failedKrw: lineTotal - paidKrw };
}
