import { describe, expect, it } from "vitest";
import { createContentSniffer, sniffUploadContent } from "../../app/shared/upload-content";

const b = (...parts: Array<string | number[]>) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p)))));

describe("what an uploaded text file holds", () => {
  it.each([
    ["nothing", b()],
    ["a byte-order mark alone", b([0xef, 0xbb, 0xbf])],
    ["blank lines and spaces", b(" \r\n\r\n\t\n")],
    ["a byte-order mark and blank lines", b([0xef, 0xbb, 0xbf], "\r\n  \r\n")],
  ])("%s is empty", (_, bytes) => {
    expect(sniffUploadContent(bytes)).toBe("empty");
  });

  it.each([
    ["a zip (.xlsx)", b([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])],
    ["an OLE file (.xls)", b([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], "xx")],
    ["a PDF", b("%PDF-1.7\n%âãÏÓ\n1 0 obj")],
    ["UTF-16 text", new Uint8Array(Buffer.from("\uFEFFregistration_number", "utf16le"))],
    ["text with a NUL byte", b("a,b\r\nc,", [0], "d\r\n")],
  ])("%s is binary", (_, bytes) => {
    expect(sniffUploadContent(bytes)).toBe("binary");
  });

  it.each([
    ["UTF-8 CSV", b("registration_number,trade_name\r\n")],
    ["UTF-8 CSV with a byte-order mark", b([0xef, 0xbb, 0xbf], "a,b\r\n")],
    ["CP949 Korean", b([0xb1, 0xe8, 0xb9, 0xe4])],
    ["one letter after blank lines", b("\r\n\r\nx")],
    ["part of a byte-order mark", b([0xef, 0xbb], " ")],
  ])("%s is text", (_, bytes) => {
    expect(sniffUploadContent(bytes)).toBe("text");
  });

  it("reads the same chunk by chunk, a byte-order mark split between chunks included", () => {
    const sniff = (...chunks: Uint8Array[]) => {
      const s = createContentSniffer();
      for (const c of chunks) s.push(c);
      return s.finish();
    };
    expect(sniff(b([0xef]), b([0xbb]), b([0xbf, 0x0d, 0x0a]))).toBe("empty");
    expect(sniff(b([0xef, 0xbb]), b([0xbf]), b("a"))).toBe("text");
    expect(sniff(b([0x50, 0x4b]), b([0x03, 0x04]))).toBe("binary");
    expect(sniff(b("a,b\r\n"), b("c,d"), b([0]))).toBe("binary");
  });
});
