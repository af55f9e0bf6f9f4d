import { describe, expect, it } from "vitest";
import { csvField, csvRow, UTF8_BOM } from "../../app/shared/csv";

describe("CSV", () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ["+82 10 1234", "'+82 10 1234"],
    ["-1+1", "'-1+1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["맛있는 분식, 본점", '"맛있는 분식, 본점"'],
    ['He said "hi"', '"He said ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["\rcmd", `"'\rcmd"`],
    [" =1+1", "' =1+1"],
    ["   +82", "'   +82"],
    ["\t=cmd", "'\t=cmd"],
    [" \t @SUM(A1)", "' \t @SUM(A1)"],
    ["＝HYPERLINK(1)", "'＝HYPERLINK(1)"],
    ["＋82", "'＋82"],
    ["－1", "'－1"],
    ["＠SUM(A1)", "'＠SUM(A1)"],
    ["  ＝1", "'  ＝1"],
    ["plain", "plain"],
    [" leading space", " leading space"],
    ["a=b", "a=b"],
    ["e-mail", "e-mail"],
  ])("exports %j as text: %s", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("keeps numbers as numbers (a negative amount is data, not a formula)", () => {
    expect(csvField(-5)).toBe("-5");
    expect(csvField(null)).toBe("");
    expect(csvRow(["SF-2026-000001", 2_000_000, null])).toBe("SF-2026-000001,2000000,\r\n");
  });

  it("starts files with a UTF-8 byte-order mark for Excel", () => {
    expect(new TextEncoder().encode(UTF8_BOM)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});
