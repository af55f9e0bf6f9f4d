import { describe, expect, it } from "vitest";
import { checkDocument, checkFileBeforeUpload, displayName, MAX_DOCUMENT_BYTES, sniffDocumentKind } from "../../app/modules/applications/documents";
import { formatReference, parseReference } from "../../app/modules/applications/reference";

const bytes = (...b: number[]) => new Uint8Array(b);
const ascii = (s: string) => new TextEncoder().encode(s);

describe("document content checks", () => {
  it("recognises PDF, PNG and JPEG by their first bytes", () => {
    expect(sniffDocumentKind(ascii("%PDF-1.7\n…"))).toBe("pdf");
    expect(sniffDocumentKind(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe("png");
    expect(sniffDocumentKind(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("jpeg");
  });

  it("refuses a renamed executable, HTML and truncated signatures", () => {
    expect(sniffDocumentKind(ascii("MZ\x90\x00 this program cannot be run in DOS mode"))).toBeNull();
    expect(sniffDocumentKind(ascii("<html><script>"))).toBeNull();
    expect(sniffDocumentKind(ascii("%PDF"))).toBeNull();
    expect(sniffDocumentKind(bytes(0x89, 0x50, 0x4e))).toBeNull();
  });

  it("refuses empty, oversized and one-too-many files", () => {
    expect(checkDocument(new Uint8Array(0), 0)).toEqual({ ok: false, code: "empty" });
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    big.set(ascii("%PDF-"));
    expect(checkDocument(big, 0)).toEqual({ ok: false, code: "too_large" });
    const justRight = big.subarray(0, MAX_DOCUMENT_BYTES);
    expect(checkDocument(justRight, 19)).toEqual({ ok: true, kind: "pdf" });
    expect(checkDocument(justRight, 20)).toEqual({ ok: false, code: "too_many" });
  });

  it("keeps only a safe display name", () => {
    expect(displayName("../../etc/passwd.pdf", "pdf")).toBe("passwd.pdf");
    expect(displayName("C:\\Users\\me\\lease.pdf", "pdf")).toBe("lease.pdf");
    expect(displayName("invoice\u202Efdp.exe", "pdf")).toBe("invoicefdp.exe");
    expect(displayName("...", "jpeg")).toBe("document.jpg");
    const long = `${"가".repeat(300)}.pdf`;
    const shown = displayName(long, "pdf");
    expect(shown.length).toBeLessThanOrEqual(120);
    expect(shown.endsWith("….pdf")).toBe(true);
  });
});

describe("references", () => {
  it("formats and parses SF-2026-000042", () => {
    expect(formatReference("SF", 2026, 42)).toBe("SF-2026-000042");
    expect(parseReference("SF-2026-000042")).toEqual({ prefix: "SF", year: 2026, sequence: 42 });
    expect(parseReference("sf-2026-42")).toBeNull();
    expect(() => formatReference("SF", 2026, 0)).toThrow();
  });
});

describe("the browser's check before uploading", () => {
  it("refuses empty, oversized and other kinds of file, by type or name", () => {
    expect(checkFileBeforeUpload({ size: 0, name: "a.pdf", type: "application/pdf" })).toBe("empty");
    expect(checkFileBeforeUpload({ size: MAX_DOCUMENT_BYTES + 1, name: "a.pdf", type: "application/pdf" })).toBe("too_large");
    expect(checkFileBeforeUpload({ size: 10, name: "a.docx", type: "application/msword" })).toBe("wrong_type");
    expect(checkFileBeforeUpload({ size: MAX_DOCUMENT_BYTES, name: "scan.JPG", type: "" })).toBeNull();
    expect(checkFileBeforeUpload({ size: 10, name: "photo", type: "image/png" })).toBeNull();
  });
});
