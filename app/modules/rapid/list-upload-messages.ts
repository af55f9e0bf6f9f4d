/** What a refused verified-list upload says, in the reader's language (pure). */
import { MAX_UPLOAD_MB as MAX_MB } from "./list-upload-limits";

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
