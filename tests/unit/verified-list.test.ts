import iconv from "iconv-lite";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { checkHeader, checkRow, createEncodingSniffer, duplicateReason, rowHash, VERIFIED_LIST_COLUMNS } from "../../app/modules/rapid/verified-list";
import { importErrorText } from "../../app/modules/rapid/list-upload-messages";
import { HEADER, listCsv, listedNumber, listRow, type ListRow } from "../helpers/verified-list";

const order = VERIFIED_LIST_COLUMNS.map((_, i) => i);
const ctx = { rowNumber: 7, capKrw: 3_000_000, today: "2026-11-29" };
const fields = (r: ListRow) => VERIFIED_LIST_COLUMNS.map((c) => r[c]);

function refusal(overrides: Partial<ListRow>) {
  const r = checkRow(fields(listRow(overrides)), order, ctx);
  expect(r.ok).toBe(false);
  return r.ok ? null! : r.reason;
}

describe("an import's stored failure", () => {
  it("is shown in the reader's language, and an older English-only one as it is", () => {
    const stored = JSON.stringify({ en: "The file is not valid CSV near line 3.", ko: "3행 근처가 올바른 CSV가 아닙니다." });
    expect(importErrorText(stored, "ko")).toBe("3행 근처가 올바른 CSV가 아닙니다.");
    expect(importErrorText(stored, "en")).toBe("The file is not valid CSV near line 3.");
    expect(importErrorText("The file is not valid CSV near line 3: x.", "ko")).toBe("The file is not valid CSV near line 3: x.");
    expect(importErrorText("{not json", "en")).toBe("{not json");
    expect(importErrorText('{"en":"only"}', "ko")).toBe('{"en":"only"}');
  });
});

describe("verified list header", () => {
  it("accepts the columns in any order, with a BOM and spaces", () => {
    const shuffled = [...VERIFIED_LIST_COLUMNS].reverse();
    const h = checkHeader([`\uFEFF ${shuffled[0]}`, ...shuffled.slice(1).map((c) => c.toUpperCase())]);
    expect(h.ok).toBe(true);
    if (h.ok) expect(h.order[0]).toBe(VERIFIED_LIST_COLUMNS.length - 1);
  });

  it("names missing, extra and repeated columns, on row 1", () => {
    const h = checkHeader([...VERIFIED_LIST_COLUMNS.filter((c) => c !== "amount_krw"), "phone", "source"]);
    expect(h.ok).toBe(false);
    if (!h.ok) {
      expect(h.message.en).toMatch(/^Row 1 \(the header\)/);
      expect(h.message.en).toContain("missing column: amount_krw");
      expect(h.message.en).toContain("unknown column: phone");
      expect(h.message.en).toContain("repeated column: source");
      expect(h.message.ko).toContain("빠진 열: amount_krw");
    }
  });

  it("names at most ten of a huge header's columns, each shortened, and counts the rest, at once", () => {
    const junk = Array.from({ length: 200_000 }, (_, i) => `junk_${i}_${"z".repeat(i % 3 ? 5 : 500)}`);
    const started = performance.now();
    const h = checkHeader([...junk, ...junk.slice(0, 50)]);
    // Linear: a fraction of a second (finding the repeats by indexOf took minutes).
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(h.ok).toBe(false);
    if (!h.ok) {
      for (const text of [h.message.en, h.message.ko]) expect(text.length).toBeLessThan(1_500);
      expect(h.message.en).toMatch(/unknown columns: junk_0_z{72}…, junk_1_zzzzz, /);
      expect(h.message.en).toMatch(/ and 200,04\d more; repeated columns: junk_0_z{72}…, .* and \d\d more\. Nothing was imported\.$/);
      expect(h.message.ko).toMatch(/알 수 없는 열: junk_0_z{72}…, .* 외 200,04\d개; /);
      expect(h.message.en).toContain("missing columns: registration_number, trade_name,");
    }
  });
});

describe("verified list rows", () => {
  it("quotes a long cell shortened", () => {
    const reason = refusal({ registration_number: "1".repeat(10_000) });
    expect(reason.en).toBe(`Row 7: registration_number "${"1".repeat(79)}…" is not ten digits (NNN-NN-NNNNN).`);
    expect(refusal({ sector: `${"x".repeat(5_000)}` }).ko).toContain(`업종 "${"x".repeat(79)}…"는 알 수 없는 코드입니다`);
    expect(refusal({ opened_on: "2".repeat(5_000) }).en.length).toBeLessThan(200);
    expect(refusal({ amount_krw: "a".repeat(5_000) }).en.length).toBeLessThan(200);
    expect(refusal({ employees: "e".repeat(5_000) }).en.length).toBeLessThan(200);
    const r = checkRow(fields(listRow({ registration_number: "1".repeat(10_000) })), order, ctx);
    expect(r.ok ? "" : r.registrationNumber).toBe(`${"1".repeat(39)}…`);
  });

  it("turns a good row into facts and an amount", () => {
    const r = checkRow(fields(listRow({ sales_2019: "150,000,000" })), order, ctx);
    expect(r).toMatchObject({
      ok: true,
      row: {
        registrationNumber: listedNumber(1),
        tradeName: "김밥천국 종로점",
        amountKrw: 2_000_000,
        facts: {
          sector: "food_service",
          covidMeasure: "restriction",
          sales2019: 150_000_000,
          employees: 3,
          openedOn: "2018-03-01",
          businessState: "operating",
        },
      },
    });
  });

  it("refuses a bad check digit, naming the row", () => {
    const good = listedNumber(1);
    const bad = good.slice(0, 9) + String((Number(good[9]) + 1) % 10);
    expect(refusal({ registration_number: bad }).en).toBe(`Row 7: registration_number ${bad} fails the check digit.`);
    expect(refusal({ registration_number: "12345" }).en).toMatch(/^Row 7: registration_number "12345" is not ten digits/);
  });

  it("refuses a formula in a name", () => {
    expect(refusal({ trade_name: '=HYPERLINK("http://x","y")' }).en).toBe(
      'Row 7: trade_name starts with "=", which spreadsheets run as a formula; remove it.',
    );
    expect(refusal({ representative: "@SUM(A1)" }).ko).toMatch(/^7행: 대표자/);
  });

  it("refuses negative, zero, oversized and non-numeric amounts", () => {
    expect(refusal({ amount_krw: "-1000" }).en).toBe("Row 7: amount_krw -1000 must be more than 0.");
    expect(refusal({ amount_krw: "0" }).en).toMatch(/more than 0/);
    expect(refusal({ amount_krw: "3000001" }).en).toBe("Row 7: amount_krw 3000001 is above the programme's maximum of 3000000.");
    expect(refusal({ amount_krw: "2e6" }).en).toMatch(/not a whole number/);
    expect(checkRow(fields(listRow({ amount_krw: "3000000" })), order, ctx).ok).toBe(true);
  });

  it("refuses unknown codes, bad dates, negative sales and empty names", () => {
    expect(refusal({ sector: "bakery" }).en).toMatch(/sector "bakery" is not a known code/);
    expect(refusal({ region: "tokyo" }).en).toMatch(/region/);
    expect(refusal({ covid_measure: "lockdown" }).en).toMatch(/covid_measure/);
    expect(refusal({ business_state: "open" }).en).toMatch(/business_state/);
    expect(refusal({ opened_on: "2021-02-30" }).en).toMatch(/opened_on "2021-02-30" is not a date/);
    expect(refusal({ opened_on: "2027-01-01" }).en).toMatch(/in the future/);
    expect(refusal({ sales_2020: "-5" }).en).toMatch(/sales_2020 is negative/);
    expect(refusal({ trade_name: "  " }).en).toMatch(/trade_name is empty/);
  });

  it("refuses a row with missing or extra fields", () => {
    const f = fields(listRow());
    expect(checkRow(f.slice(0, 12), order, ctx)).toMatchObject({
      ok: false,
      reason: { en: expect.stringMatching(/^Row 7: has 12 fields; the header has 13/) },
    });
    expect(checkRow([...f, "x"], order, ctx)).toMatchObject({ ok: false, reason: { en: expect.stringMatching(/has 14 fields/) } });
  });

  it("words a duplicate with both rows", () => {
    expect(duplicateReason(9, listedNumber(1), 3).en).toMatch(/^Row 9: registration_number \d{3}-\d{2}-\d{5} is already on row 3 of this file\.$/);
  });

  it("hashes content, not formatting", () => {
    const a = checkRow(fields(listRow({ registration_number: listedNumber(1) })), order, ctx);
    const n = listedNumber(1);
    const b = checkRow(
      fields(listRow({ registration_number: `${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`, sales_2019: "150,000,000" })),
      order,
      ctx,
    );
    const c = checkRow(fields(listRow({ amount_krw: "1000000" })), order, ctx);
    if (!a.ok || !b.ok || !c.ok) throw new Error("expected valid rows");
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
    expect(rowHash(a.row)).toBe(a.hash);
  });
});

describe("CSV files (csv-parse, iconv-lite)", () => {
  it("reads quoted newlines and commas inside a field as one row", () => {
    const text = listCsv([listRow({ trade_name: '식당 "한울", 2호점\n별관' })]);
    const records = parse(text, { bom: true, relax_column_count: true }) as string[][];
    expect(records).toHaveLength(2);
    const r = checkRow(records[1]!, order, { ...ctx, rowNumber: 2 });
    expect(r).toMatchObject({ ok: true, row: { tradeName: '식당 "한울", 2호점\n별관' } });
  });

  it("detects UTF-8 with and without BOM, and CP949, and decodes CP949 Korean", () => {
    const text = listCsv([listRow()]);
    const detect = (bytes: Buffer) => {
      const s = createEncodingSniffer();
      // Split inside a multi-byte character to prove the streaming check.
      s.push(bytes.subarray(0, 101));
      s.push(bytes.subarray(101));
      return s.finish();
    };
    expect(detect(Buffer.from(text, "utf8"))).toBe("utf-8");
    expect(detect(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]))).toBe("utf-8");
    const cp949 = iconv.encode(text, "cp949");
    expect(detect(cp949)).toBe("cp949");
    const records = parse(iconv.decode(cp949, "cp949"), { bom: true }) as string[][];
    expect(records[0]!.join(",")).toBe(HEADER);
    expect(records[1]![1]).toBe("김밥천국 종로점");
  });
});
