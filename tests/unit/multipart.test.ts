import { describe, expect, it } from "vitest";
import { readMultipart } from "../../app/shared/multipart.server";

const boundary = "----portal-test-boundary";
function part(name: string, value: string | Buffer, filename?: string) {
  const head =
    filename === undefined
      ? `Content-Disposition: form-data; name="${name}"`
      : `Content-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/pdf`;
  return Buffer.concat([Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`), Buffer.from(value), Buffer.from("\r\n")]);
}
function request(parts: Buffer[], contentType = `multipart/form-data; boundary=${boundary}`) {
  const body = Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
  return new Request("http://portal.test/upload", { method: "POST", headers: { "Content-Type": contentType }, body });
}

describe("readMultipart", () => {
  it("keeps the text fields and the file's bytes exactly", async () => {
    const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(300_000, 7), Buffer.from("\r\n--not-the-boundary\r\n%%EOF\n")]);
    const result = await readMultipart(request([part("requirementCode", "business-registration"), part("file", pdf, "등록증.pdf")]), {
      maxFileBytes: 1_000_000,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.fields.get("requirementCode")).toBe("business-registration");
    expect(result.files).toHaveLength(1);
    expect(result.files[0]!.name).toBe("등록증.pdf");
    expect(Buffer.from(result.files[0]!.bytes).equals(pdf)).toBe(true);
  });

  it("keeps one file and skips the rest unread", async () => {
    const result = await readMultipart(request([part("file", "%PDF-1 first", "a.pdf"), part("file", "%PDF-1 second", "b.pdf")]), {
      maxFileBytes: 1000,
      maxFiles: 1,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.files.map((f) => f.name)).toEqual(["a.pdf"]);
  });

  it("refuses a file over the limit as too large, and a body that is not multipart as malformed", async () => {
    expect(await readMultipart(request([part("file", Buffer.alloc(2_001), "big.pdf")]), { maxFileBytes: 2_000 })).toEqual({
      ok: false,
      reason: "too_large",
    });
    expect(await readMultipart(request([part("file", "x", "a.pdf")], "multipart/form-data"), { maxFileBytes: 2_000 })).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(
      await readMultipart(new Request("http://portal.test/", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "hello" }), {
        maxFileBytes: 10,
      }),
    ).toEqual({ ok: false, reason: "malformed" });
    const cut = new Request("http://portal.test/", {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF`,
    });
    expect(await readMultipart(cut, { maxFileBytes: 100 })).toEqual({ ok: false, reason: "malformed" });
  });

  it("passes an empty file input (a nameless, empty part) through for the caller to refuse", async () => {
    const result = await readMultipart(request([part("requirementCode", "other"), part("file", "", "")]), { maxFileBytes: 100 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.files.every((f) => f.bytes.length === 0 && f.name === "")).toBe(true);
  });
});
