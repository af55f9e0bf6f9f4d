import { createHash } from "node:crypto";
import { parseBusinessNumber, formatBusinessNumber } from "~/modules/businesses";
import { BUSINESS_STATES, COVID_MEASURES, isCalendarDate, MAX_AMOUNT_KRW, MAX_EMPLOYEES, REGIONS, SECTORS, type Facts } from "~/modules/eligibility";
import type { LocalisedText } from "~/modules/eligibility";
import { echo, echoList } from "~/shared/echo";

/**
 * The verified list's CSV format (docs/verified-list-csv.md): one header line with exactly these
 * columns (any order), then one business per row. Codes are the questionnaire's codes
 * (app/modules/eligibility/facts.ts). Pure: the import service streams the file and calls these per row.
 */
export const VERIFIED_LIST_COLUMNS = [
  "registration_number",
  "trade_name",
  "representative",
  "sector",
  "region",
  "covid_measure",
  "sales_2019",
  "sales_2020",
  "employees",
  "opened_on",
  "business_state",
  "amount_krw",
  "source",
] as const;
export type VerifiedListColumn = (typeof VERIFIED_LIST_COLUMNS)[number];

export type HeaderCheck = { ok: true; order: number[] } | { ok: false; message: LocalisedText };

/** Checks the header line: every column once, none unknown. `order[i]` is the index of column i. */
export function checkHeader(header: readonly string[]): HeaderCheck {
  const names = header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim().toLowerCase());
  const known = new Set<string>(VERIFIED_LIST_COLUMNS);
  const present = new Set(names);
  const missing = VERIFIED_LIST_COLUMNS.filter((c) => !present.has(c));
  const extra = names.filter((n) => !known.has(n));
  // A Set, not indexOf: a junk header of 200,000 names would otherwise take minutes.
  const seen = new Set<string>();
  const repeated = names.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
  if (missing.length || extra.length || repeated.length) {
    const en: string[] = [];
    const ko: string[] = [];
    // Our own column names, but listed the same bounded way: a header may lack all thirteen.
    if (missing.length) {
      en.push(`missing column${missing.length > 1 ? "s" : ""}: ${echoList(missing, "en")}`);
      ko.push(`빠진 열: ${echoList(missing, "ko")}`);
    }
    if (extra.length) {
      en.push(
        `unknown column${extra.length > 1 ? "s" : ""}: ${echoList(
          extra.map((e) => e || "(empty)"),
          "en",
        )}`,
      );
      ko.push(
        `알 수 없는 열: ${echoList(
          extra.map((e) => e || "(빈 이름)"),
          "ko",
        )}`,
      );
    }
    if (repeated.length) {
      en.push(`repeated column${repeated.length > 1 ? "s" : ""}: ${echoList(repeated, "en")}`);
      ko.push(`중복된 열: ${echoList(repeated, "ko")}`);
    }
    return {
      ok: false,
      message: {
        en: `Row 1 (the header) does not match the verified-list format: ${en.join("; ")}. Nothing was imported.`,
        ko: `1행(머리글)이 검증 명단 형식과 맞지 않습니다: ${ko.join("; ")}. 아무것도 가져오지 않았습니다.`,
      },
    };
  }
  return { ok: true, order: VERIFIED_LIST_COLUMNS.map((c) => names.indexOf(c)) };
}

export interface VerifiedRow {
  registrationNumber: string;
  tradeName: string;
  representative: string;
  facts: Facts;
  amountKrw: number;
  source: string;
}

export type RowCheck = { ok: true; row: VerifiedRow; hash: string } | { ok: false; registrationNumber: string | null; reason: LocalisedText };

// Spreadsheets run a cell that starts with these as a formula (OWASP CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function problem(row: number, number: string | null, en: string, ko: string): RowCheck {
  return { ok: false, registrationNumber: number, reason: { en: `Row ${row}: ${en}`, ko: `${row}행: ${ko}` } };
}

function parseWhole(text: string): number | null {
  const t = text.trim().replace(/,/g, "");
  if (!/^-?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

export interface RowContext {
  /** The spreadsheet row number: the header is row 1, the first business row 2. */
  rowNumber: number;
  /** The programme's largest award (null: it pays nothing, so no amount is allowed above 0). */
  capKrw: number | null;
  /** Seoul calendar date: a business cannot have opened after it. */
  today: string;
}

/** The longest registration number a refusal keeps (verified_import_refusals.registration_number). */
export const REFUSED_NUMBER_CHARS = 40;

/** Validates one record (fields in file order) against the header's `order`. Never throws. */
export function checkRow(record: readonly string[], order: readonly number[], { rowNumber, capKrw, today }: RowContext): RowCheck {
  const n = rowNumber;
  if (record.length !== VERIFIED_LIST_COLUMNS.length) {
    return problem(
      n,
      null,
      `has ${record.length} field${record.length === 1 ? "" : "s"}; the header has ${VERIFIED_LIST_COLUMNS.length}. Check for a missing or extra comma, or an unclosed quote.`,
      `칸이 ${record.length}개입니다. 머리글은 ${VERIFIED_LIST_COLUMNS.length}개입니다. 쉼표가 빠졌거나 더 있는지, 따옴표가 닫혔는지 확인하세요.`,
    );
  }
  const get = (c: VerifiedListColumn) => (record[order[VERIFIED_LIST_COLUMNS.indexOf(c)]!] ?? "").normalize("NFC").trim();

  // What the row holds, as a message may quote it (a cell can be megabytes long).
  const quoted = (c: VerifiedListColumn) => echo(get(c));
  const rawNumber = quoted("registration_number");
  // The refusals table keeps the number as given in a varchar(40): PostgreSQL refuses a longer one
  // (and with it the whole batch), so it is stored shortened to fit.
  const storedNumber = echo(get("registration_number"), REFUSED_NUMBER_CHARS);
  const parsedNumber = parseBusinessNumber(get("registration_number"));
  if (!parsedNumber.ok) {
    return parsedNumber.problem === "format"
      ? problem(
          n,
          storedNumber || null,
          `registration_number "${rawNumber}" is not ten digits (NNN-NN-NNNNN).`,
          `사업자등록번호 "${rawNumber}"가 10자리(NNN-NN-NNNNN)가 아닙니다.`,
        )
      : problem(
          n,
          storedNumber,
          `registration_number ${rawNumber} fails the check digit.`,
          `사업자등록번호 ${rawNumber}의 검증번호가 맞지 않습니다.`,
        );
  }
  const number = parsedNumber.digits;
  const shown = formatBusinessNumber(number);

  for (const [column, max, en, ko] of [
    ["trade_name", 200, "trade_name", "상호"],
    ["representative", 100, "representative", "대표자"],
    ["source", 100, "source", "출처"],
  ] as const) {
    const value = get(column);
    if (!value) return problem(n, shown, `${en} is empty.`, `${ko}이(가) 비어 있습니다.`);
    if (value.length > max) return problem(n, shown, `${en} is longer than ${max} characters.`, `${ko}이(가) ${max}자를 넘습니다.`);
    if (FORMULA_START.test(value)) {
      return problem(
        n,
        shown,
        `${en} starts with "${value[0]}", which spreadsheets run as a formula; remove it.`,
        `${ko}이(가) "${value[0]}"(으)로 시작합니다. 스프레드시트에서 수식으로 실행되므로 지워 주세요.`,
      );
    }
    if (CONTROL.test(value)) return problem(n, shown, `${en} contains control characters.`, `${ko}에 제어 문자가 있습니다.`);
  }

  const codes = [
    ["sector", SECTORS, "sector", "업종"],
    ["region", REGIONS, "region", "지역"],
    ["covid_measure", COVID_MEASURES, "covid_measure", "방역조치"],
    ["business_state", BUSINESS_STATES, "business_state", "영업 상태"],
  ] as const;
  for (const [column, allowed, en, ko] of codes) {
    const value = get(column);
    if (!(allowed as readonly string[]).includes(value)) {
      return problem(
        n,
        shown,
        `${en} "${echo(value)}" is not a known code (one of: ${allowed.join(", ")}).`,
        `${ko} "${echo(value)}"는 알 수 없는 코드입니다(허용: ${allowed.join(", ")}).`,
      );
    }
  }

  const numbers: Record<string, number> = {};
  for (const [column, max, en, ko] of [
    ["sales_2019", MAX_AMOUNT_KRW, "sales_2019", "2019년 매출"],
    ["sales_2020", MAX_AMOUNT_KRW, "sales_2020", "2020년 매출"],
    ["employees", MAX_EMPLOYEES, "employees", "상시근로자 수"],
  ] as const) {
    const value = parseWhole(get(column));
    if (value === null) return problem(n, shown, `${en} "${quoted(column)}" is not a whole number.`, `${ko} "${quoted(column)}"가 정수가 아닙니다.`);
    if (value < 0) return problem(n, shown, `${en} is negative.`, `${ko}가 음수입니다.`);
    if (value > max) return problem(n, shown, `${en} is too large.`, `${ko}가 너무 큽니다.`);
    numbers[column] = value;
  }

  const openedOn = get("opened_on");
  if (!isCalendarDate(openedOn))
    return problem(
      n,
      shown,
      `opened_on "${echo(openedOn)}" is not a date like 2019-03-01.`,
      `개업일 "${echo(openedOn)}"이 2019-03-01 같은 날짜가 아닙니다.`,
    );
  if (openedOn > today) return problem(n, shown, `opened_on ${openedOn} is in the future.`, `개업일 ${openedOn}이 미래입니다.`);

  const amount = parseWhole(get("amount_krw"));
  if (amount === null)
    return problem(
      n,
      shown,
      `amount_krw "${quoted("amount_krw")}" is not a whole number of won.`,
      `지원금액 "${quoted("amount_krw")}"이 원 단위 정수가 아닙니다.`,
    );
  if (amount <= 0) return problem(n, shown, `amount_krw ${amount} must be more than 0.`, `지원금액 ${amount}은 0보다 커야 합니다.`);
  if (capKrw === null || amount > capKrw) {
    return problem(
      n,
      shown,
      `amount_krw ${amount} is above the programme's maximum of ${capKrw ?? 0}.`,
      `지원금액 ${amount}이 사업의 최대 금액 ${capKrw ?? 0}을 넘습니다.`,
    );
  }

  const row: VerifiedRow = {
    registrationNumber: number,
    tradeName: get("trade_name"),
    representative: get("representative"),
    facts: {
      sector: get("sector") as Facts["sector"],
      region: get("region") as Facts["region"],
      covidMeasure: get("covid_measure") as Facts["covidMeasure"],
      businessState: get("business_state") as Facts["businessState"],
      sales2019: numbers.sales_2019!,
      sales2020: numbers.sales_2020!,
      employees: numbers.employees!,
      openedOn,
    },
    amountKrw: amount,
    source: get("source"),
  };
  return { ok: true, row, hash: rowHash(row) };
}

/** A stable digest of a row's content: the same business with the same facts gives the same hash. */
export function rowHash(row: VerifiedRow): string {
  const f = row.facts;
  const canonical = [
    row.registrationNumber,
    row.tradeName,
    row.representative,
    f.sector,
    f.region,
    f.covidMeasure,
    f.businessState,
    f.sales2019,
    f.sales2020,
    f.employees,
    f.openedOn,
    row.amountKrw,
    row.source,
  ];
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

/** The refusal for the second (and later) row of a number already seen in the same file. */
export function duplicateReason(rowNumber: number, number: string, firstRow: number): LocalisedText {
  const shown = formatBusinessNumber(number);
  return {
    en: `Row ${rowNumber}: registration_number ${shown} is already on row ${firstRow} of this file.`,
    ko: `${rowNumber}행: 사업자등록번호 ${shown}이(가) 이 파일 ${firstRow}행에 이미 있습니다.`,
  };
}

export type Encoding = "utf-8" | "cp949";

/**
 * Streaming UTF-8 validity check: feed every chunk, then `finish()`. A file that is valid UTF-8
 * (with or without BOM) is read as UTF-8; anything else as CP949 (EUC-KR's superset), which is what
 * Korean agencies' spreadsheet exports use.
 */
export function createEncodingSniffer() {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let valid = true;
  return {
    push(chunk: Uint8Array) {
      if (!valid) return;
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        valid = false;
      }
    },
    finish(): Encoding {
      if (valid) {
        try {
          decoder.decode();
        } catch {
          valid = false;
        }
      }
      return valid ? "utf-8" : "cp949";
    },
  };
}
