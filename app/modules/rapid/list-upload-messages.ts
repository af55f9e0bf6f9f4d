/** What a refused verified-list upload says, in the reader's language (pure). */
import type { LocalisedText } from "~/modules/eligibility";
import { MAX_HEADER_CHARS, MAX_UPLOAD_MB as MAX_MB } from "./list-upload-limits";

export function uploadTooLarge(locale: "en" | "ko") {
  return locale === "ko" ? `파일이 ${MAX_MB}MB보다 큽니다` : `The file is larger than ${MAX_MB} MB`;
}

export function uploadFieldMessage(locale: "en" | "ko", field: string): string {
  const words: Record<string, { en: string; ko: string }> = {
    programme: { en: "Choose a programme", ko: "지원사업을 선택하세요" },
    round: { en: "Enter a round from 1 to 99", ko: "차수를 1~99 사이로 입력하세요" },
    encoding: { en: "Choose an encoding", ko: "인코딩을 선택하세요" },
    file: { en: "Choose a CSV file", ko: "CSV 파일을 선택하세요" },
  };
  return (words[field] ?? words.file!)[locale];
}

/** Why a chosen file is refused before anything is imported (docs/verified-list-csv.md, "Refusals"). */
export const LIST_FILE_REFUSALS = {
  empty: { en: "The file is empty. Nothing was imported.", ko: "파일이 비어 있습니다. 아무것도 가져오지 않았습니다." },
  notCsv: {
    en: "The file is not a CSV text file: it looks like a spreadsheet (.xlsx, .xls), a PDF or another binary file. Save it as CSV (comma-separated) and upload that. Nothing was imported.",
    ko: "파일이 CSV 텍스트 파일이 아닙니다. 엑셀(.xlsx, .xls), PDF 같은 다른 형식의 파일로 보입니다. CSV(쉼표로 구분)로 저장해 올려 주세요. 아무것도 가져오지 않았습니다.",
  },
  notUtf8: {
    en: "The file is not valid UTF-8. Choose CP949 (EUC-KR), or let the portal detect the encoding. Nothing was imported.",
    ko: "파일이 올바른 UTF-8이 아닙니다. CP949(EUC-KR)를 고르거나 자동 감지를 선택하세요. 아무것도 가져오지 않았습니다.",
  },
  headerUnreadable: {
    en: "Row 1 (the header) could not be read as CSV. Nothing was imported.",
    ko: "1행(머리글)을 CSV로 읽을 수 없습니다. 아무것도 가져오지 않았습니다.",
  },
  headerTooLong: {
    en: `Row 1 (the header) is longer than ${MAX_HEADER_CHARS.toLocaleString("en-US")} characters, so it is not the verified-list header of 13 column names. Check that this is the verified list, saved as CSV, and that a quote on row 1 is closed. Nothing was imported.`,
    ko: `1행(머리글)이 ${MAX_HEADER_CHARS.toLocaleString("en-US")}자보다 길어 13개 열 이름으로 된 검증 명단 머리글이 아닙니다. 검증 명단을 CSV로 저장한 파일인지, 1행의 따옴표가 닫혔는지 확인하세요. 아무것도 가져오지 않았습니다.`,
  },
} satisfies Record<string, LocalisedText>;

/**
 * An import's failure as stored (`verified_imports.error`): both languages as JSON, or, for imports
 * that failed before the failure was worded in Korean too, English text. Shown in the reader's language.
 */
export function importErrorText(stored: string, locale: "en" | "ko"): string {
  if (stored.startsWith("{")) {
    try {
      const parsed = JSON.parse(stored) as Partial<LocalisedText>;
      if (typeof parsed.en === "string" && typeof parsed.ko === "string") return locale === "ko" ? parsed.ko : parsed.en;
    } catch {
      // Not ours: shown as it is.
    }
  }
  return stored;
}
