import { describe, expect, it } from "vitest";
import {
  parseResultFile,
  resultCodeText,
  resultFile,
  splitCsvLine,
  transferHeader,
  transferLine,
  transferTrailer,
  type TransferPayment,
} from "../../app/modules/payments/payment-files";

const payments: TransferPayment[] = [
  { sequence: 1, bankCode: "004", accountNumber: "12345678901", holderName: "김민지", amountKrw: 3_000_000, reference: "SF-2026-000001" },
  { sequence: 2, bankCode: "088", accountNumber: "110123456789", holderName: 'Lee, "Jay"', amountKrw: 2_000_000, reference: "SF-2026-000002" },
];
const batch = { id: 7, count: 2, totalKrw: 5_000_000, payments: new Map(payments.map((p) => [p.sequence, p])) };
const withCodes = (codes: string[]) => payments.map((p, i) => ({ ...p, resultCode: codes[i]! }));

describe("transfer file", () => {
  it("has a header, one quoted-when-needed line per payment and a trailer, CRLF", () => {
    expect(transferHeader({ id: 7, programmeSlug: "support-fund", releasedAt: "2026-12-01T05:00:00.000Z" })).toBe(
      "H,SMEPORTAL-TRANSFER,1,7,support-fund,2026-12-01T05:00:00.000Z\r\n",
    );
    expect(transferLine(payments[0]!)).toBe("D,1,004,12345678901,김민지,3000000,SF-2026-000001\r\n");
    expect(transferLine(payments[1]!)).toBe('D,2,088,110123456789,"Lee, ""Jay""",2000000,SF-2026-000002\r\n');
    expect(transferTrailer(2, 5_000_000)).toBe("T,2,5000000\r\n");
  });

  it("splits what it writes back into the same fields", () => {
    expect(splitCsvLine(transferLine(payments[1]!).trimEnd())).toEqual(["D", "2", "088", "110123456789", 'Lee, "Jay"', "2000000", "SF-2026-000002"]);
    expect(splitCsvLine('a,"b')).toBeNull();
    expect(splitCsvLine('"a"b,c')).toBeNull();
    expect(splitCsvLine("")).toEqual([""]);
  });
});

describe("result file", () => {
  it("accepts a file that answers every payment and counts paid and failed", () => {
    const r = parseResultFile(resultFile(7, withCodes(["0000", "E101"])), batch);
    expect(r).toEqual({
      ok: true,
      outcomes: [
        { sequence: 1, resultCode: "0000", paid: true },
        { sequence: 2, resultCode: "E101", paid: false },
      ],
      paidCount: 1,
      paidKrw: 3_000_000,
      failedCount: 1,
      failedKrw: 2_000_000,
    });
    // LF line ends and a byte-order mark are tolerated.
    expect(parseResultFile("\uFEFF" + resultFile(7, withCodes(["0000", "0000"])).replace(/\r\n/g, "\n"), batch).ok).toBe(true);
  });

  const problems = (text: string) => {
    const r = parseResultFile(text, batch);
    return r.ok ? [] : r.problems.map((p) => `${p.line}:${p.code}`);
  };
  const good = resultFile(7, withCodes(["0000", "0000"]));

  it.each([
    ["an empty file", "", ["0:empty"]],
    ["a transfer file instead of a result", good.replace("SMEPORTAL-RESULT", "SMEPORTAL-TRANSFER"), ["1:header"]],
    ["another batch", good.replace("H,SMEPORTAL-RESULT,1,7", "H,SMEPORTAL-RESULT,1,8"), ["1:wrong_batch"]],
    ["a changed amount", good.replace("3000000,SF-2026-000001", "3000001,SF-2026-000001"), ["2:mismatch"]],
    ["a changed account", good.replace("12345678901", "12345678900"), ["2:mismatch"]],
    ["a duplicated line", good.replace(/(D,2,[^\r]*\r\n)/, "$1$1"), ["4:duplicate", "5:trailer_count"]],
    ["an unknown sequence", good.replace("D,2,", "D,9,"), ["3:unknown_sequence"]],
    ["a bad result code", good.replace(/,0000\r\nT/, ",ok\r\nT"), ["3:result_code"]],
    ["a missing column", good.replace(",SF-2026-000002,0000", ",0000"), ["3:columns"]],
    ["an unknown record type", good.replace("D,2,", "X,2,"), ["3:record_type"]],
    ["an unclosed quote", good.replace('"Lee, ""Jay"""', '"Lee'), ["3:quote"]],
    ["no trailer", good.replace(/\r\nT,[^\r]*\r\n$/, "\r\n"), ["3:trailer_missing"]],
    ["a trailer whose total lies", good.replace("T,2,5000000", "T,2,5000001"), ["4:trailer_total", "4:batch_total"]],
    ["a line after the trailer", good + "D,3,004,1,x,1,SF-2026-000003,0000\r\n", ["5:after_trailer"]],
  ])("refuses %s, naming the line", (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it("refuses a file that leaves a payment out, by count and total", () => {
    const short = resultFile(7, withCodes(["0000"]).slice(0, 1));
    expect(problems(short)).toEqual(["3:batch_count", "3:batch_total"]);
  });

  it("quotes what a line holds shortened, however long it is", () => {
    const huge = "9".repeat(1_000_000);
    const lines = good.split("\r\n");
    const messages = (text: string) => {
      const r = parseResultFile(text, batch);
      return r.ok ? [] : r.problems.map((p) => p.message);
    };
    const refused = messages([lines[0], `D,${huge}x,004,1,x,1,${huge},0000`, lines[2]!.replace(/0000$/, huge), ...lines.slice(3)].join("\r\n"));
    expect(refused[0]!.en).toBe(`Line 2: sequence "${"9".repeat(79)}…" is not a number.`);
    expect(refused[1]!.ko).toBe(`3행(순번 2): 결과 코드 "${"9".repeat(79)}…"은(는) 영문 대문자 또는 숫자 4자리여야 합니다.`);
    const [version, wrongBatch] = messages(`H,SMEPORTAL-RESULT,${huge},${huge}\r\nT,0,0\r\n`);
    expect(version!.en).toBe(`Line 1: format version ${"9".repeat(79)}… is not supported (expected 1).`);
    expect(wrongBatch!.en).toBe(`Line 1: this file answers batch ${"9".repeat(79)}…, not batch 7.`);
    for (const m of [...refused, version!, wrongBatch!]) expect(m.en.length + m.ko.length).toBeLessThan(400);
  });

  it("words result codes in both languages", () => {
    expect(resultCodeText("E101").en).toMatch(/does not exist/);
    expect(resultCodeText("Z123")).toEqual({ en: "The bank reported code Z123", ko: "은행 결과 코드 Z123" });
  });
});
