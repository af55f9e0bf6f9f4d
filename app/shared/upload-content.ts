/**
 * What an uploaded text file (a CSV) turns out to hold, judged by its bytes so a refusal can name the
 * real problem: "empty" (nothing, or only a UTF-8 byte-order mark and blank space), "binary" (a NUL
 * byte, which no UTF-8 or CP949 text contains, or the start of a zip — so .xlsx —, an old .xls or a
 * PDF), else "text". Streaming: feed every chunk, then `finish()`. Pure.
 */
export type UploadContent = "empty" | "binary" | "text";

const BOM = [0xef, 0xbb, 0xbf];
const BLANK = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]);
const SIGNATURES: ReadonlyArray<readonly number[]> = [
  [0x50, 0x4b, 0x03, 0x04], // zip: .xlsx, .ods, .docx
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], // OLE: .xls, .hwp
  [0x25, 0x50, 0x44, 0x46, 0x2d], // "%PDF-"
];

export function createContentSniffer() {
  const start: number[] = [];
  let offset = 0;
  let bomSoFar = true;
  let content = false;
  let nul = false;
  return {
    push(chunk: Uint8Array) {
      for (let i = 0; i < chunk.length && start.length < 8; i++) start.push(chunk[i]!);
      if (!nul && chunk.indexOf(0) !== -1) nul = true;
      for (let i = 0; i < chunk.length && !content; i++) {
        const at = offset + i;
        const byte = chunk[i]!;
        if (bomSoFar) {
          if (at < BOM.length && byte === BOM[at]) continue;
          bomSoFar = false;
          // Part of a byte-order mark, then something else: those were real bytes.
          if (at > 0 && at < BOM.length) content = true;
        }
        if (!BLANK.has(byte)) content = true;
      }
      offset += chunk.length;
    },
    finish(): UploadContent {
      if (!content) return "empty";
      if (nul || SIGNATURES.some((s) => s.every((b, i) => start[i] === b))) return "binary";
      return "text";
    },
  };
}

/** The same for bytes already in memory. */
export function sniffUploadContent(bytes: Uint8Array): UploadContent {
  const sniffer = createContentSniffer();
  sniffer.push(bytes);
  return sniffer.finish();
}
