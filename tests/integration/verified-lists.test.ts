import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { createUser, seedCatalogue } from "../helpers/fixtures";
import { listCsv, listedNumber, listRow, HEADER } from "../helpers/verified-list";
import { createImport, refusedRows, runImport, runImports } from "../../app/modules/rapid/verified-lists.server";
import { verifyAuditChain } from "../../app/modules/audit/audit.server";

const db = () => getDb();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vl-upload-"));
let actor: { id: number; label: string };
let round = 0;

function upload(content: string | Buffer): string {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, content);
  return file;
}

async function importFile(content: string | Buffer, opts: { round: number; encoding?: "auto" | "utf-8" | "cp949"; batchSize?: number }) {
  const created = await createImport({
    programmeSlug: "support-fund",
    round: opts.round,
    fileName: "list.csv",
    uploadedPath: upload(content),
    encoding: opts.encoding ?? "auto",
    actor,
  });
  if (!created.ok) return created;
  await runImports({ batchSize: opts.batchSize ?? 3 });
  const row = await db().selectFrom("verified_imports").selectAll().where("id", "=", created.importId).executeTakeFirstOrThrow();
  return { ...created, row };
}

async function entries(r: number) {
  return db()
    .selectFrom("verified_entries")
    .innerJoin("verified_lists", "verified_lists.id", "verified_entries.list_id")
    .select(["registration_number", "trade_name", "amount_krw", "updated_at", "facts"])
    .where("verified_lists.round", "=", r)
    .orderBy("registration_number")
    .execute();
}

beforeAll(async () => {
  await seedCatalogue(db());
  const u = await createUser(db(), "supervisor");
  actor = { id: u.id, label: u.email };
  process.env.VERIFIED_LIST_DIR = path.join(tmp, "stored");
});

describe("verified list import", () => {
  it("imports valid rows, reports refused ones with row and reason, and re-importing the same file changes nothing", async () => {
    round++;
    const rows = [
      listRow({ registration_number: listedNumber(11) }),
      listRow({ registration_number: listedNumber(12), covid_measure: "closure", amount_krw: "3000000" }),
      listRow({ registration_number: listedNumber(13), amount_krw: "-5" }),
      listRow({ registration_number: listedNumber(14), trade_name: "=cmd|'/c calc'!A1" }),
      listRow({ registration_number: listedNumber(11), trade_name: "second copy" }), // duplicate of row 2, in a later batch
      listRow({ registration_number: listedNumber(15), trade_name: "줄바꿈\n식당" }),
    ];
    const first = await importFile(listCsv(rows), { round });
    if (!first.ok) throw new Error(first.message.en);
    expect(first.row).toMatchObject({ status: "done", rows_done: 6, rows_inserted: 3, rows_refused: 3, rows_updated: 0 });
    const refused = [];
    for await (const r of refusedRows(first.importId)) refused.push(r);
    expect(refused.map((r) => [r.row_number, r.reason.en])).toEqual([
      [4, expect.stringMatching(/^Row 4: amount_krw -5 must be more than 0/)],
      [5, expect.stringMatching(/^Row 5: trade_name starts with "="/)],
      [6, expect.stringMatching(/^Row 6: registration_number .* is already on row 2 of this file/)],
    ]);
    const before = await entries(round);
    expect(before.map((e) => e.trade_name)).toContain("줄바꿈\n식당");

    const again = await importFile(listCsv(rows), { round });
    if (!again.ok) throw new Error("refused");
    expect(again.row).toMatchObject({ status: "done", rows_inserted: 0, rows_updated: 0, rows_unchanged: 3, rows_refused: 3 });
    expect(await entries(round)).toEqual(before);

    // A corrected file: one amount changes, one row is fixed.
    const corrected = [...rows];
    corrected[0] = listRow({ registration_number: listedNumber(11), amount_krw: "1000000", covid_measure: "none" });
    corrected[2] = listRow({ registration_number: listedNumber(13), amount_krw: "1000000", covid_measure: "none" });
    const third = await importFile(listCsv(corrected), { round });
    if (!third.ok) throw new Error("refused");
    expect(third.row).toMatchObject({ rows_inserted: 1, rows_updated: 1, rows_unchanged: 2, rows_refused: 2 });
    const after = await entries(round);
    expect(after.find((e) => e.registration_number === listedNumber(11))!.amount_krw).toBe(1_000_000);
    expect(after).toHaveLength(4);
    expect((await verifyAuditChain(db())).ok).toBe(true);
    const audit = await db().selectFrom("audit_log").select("action").where("action", "like", "verified_list.%").execute();
    expect(audit.filter((a) => a.action === "verified_list.import_finished")).toHaveLength(3);
  });

  it("reads CP949 files (detected, or chosen) and refuses a CP949 file declared UTF-8", async () => {
    round++;
    const bytes = iconv.encode(listCsv([listRow({ registration_number: listedNumber(21), trade_name: "한글상회" })]), "cp949");
    const declared = await importFile(bytes, { round, encoding: "utf-8" });
    expect(declared).toMatchObject({ ok: false, field: "encoding", message: { en: expect.stringMatching(/not valid UTF-8/) } });
    const auto = await importFile(bytes, { round });
    if (!auto.ok) throw new Error(auto.message.en);
    expect(auto.row).toMatchObject({ encoding: "cp949", rows_inserted: 1 });
    expect((await entries(round))[0]!.trade_name).toBe("한글상회");
    // A UTF-8 file whose BOM starts it is read as UTF-8.
    const bom = await importFile("\uFEFF" + listCsv([listRow({ registration_number: listedNumber(22) })]), { round });
    expect(bom).toMatchObject({ ok: true, row: { encoding: "utf-8", rows_inserted: 1 } });
  });

  it("refuses a file with missing or extra columns whole, and a broken quote with nothing imported", async () => {
    round++;
    const missing = await importFile(listCsv([listRow()], HEADER.replace(",source", "")), { round });
    expect(missing).toMatchObject({ ok: false, field: "file", message: { en: expect.stringMatching(/missing column: source/) } });
    const extra = await importFile(listCsv([listRow()], HEADER + ",phone"), { round });
    expect(extra).toMatchObject({ ok: false, message: { en: expect.stringMatching(/unknown column: phone/) } });
    const broken = listCsv([listRow({ registration_number: listedNumber(31) })]) + `${listedNumber(32)},"unclosed,x\r\n`;
    const result = await importFile(broken, { round });
    if (!result.ok) throw new Error("should be queued");
    expect(result.row.status).toBe("failed");
    // Stored in both languages.
    expect(JSON.parse(result.row.error!)).toEqual({
      en: expect.stringMatching(/^The file is not valid CSV near line \d+: .*\. Nothing was imported\.$/),
      ko: expect.stringMatching(/^\d+행 근처가 올바른 CSV가 아닙니다\(.*\)\. 아무것도 가져오지 않았습니다\.$/),
    });
    expect(await entries(round)).toHaveLength(0);
  });

  it("keeps every refusal short, whatever the file holds, and reads a header no further than it must", async () => {
    round++;
    // csv-parse quotes the field it stopped in: here 100,000 characters.
    const stray = listCsv([listRow({ registration_number: listedNumber(33) })]) + `${listedNumber(34)},${"z".repeat(100_000)}"x\r\n`;
    const failed = await importFile(stray, { round });
    if (!failed.ok) throw new Error("should be queued");
    expect(failed.row.status).toBe("failed");
    const error = JSON.parse(failed.row.error!) as { en: string; ko: string };
    expect(error.en).toMatch(/^The file is not valid CSV near line 3: Invalid Opening Quote: .*…\. Nothing was imported\.$/);
    expect(error.en.length + error.ko.length).toBeLessThan(700);

    // An unclosed quote on row 1 would make the whole file one header field.
    const unclosed = await importFile(`"registration_number,${"x,".repeat(1_000_000)}\r\n`, { round });
    expect(unclosed).toMatchObject({
      ok: false,
      field: "file",
      message: { en: expect.stringMatching(/^Row 1 \(the header\) is longer than 4,096 characters/) },
    });
    const binary = await importFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00]), { round });
    expect(binary).toMatchObject({ ok: false, field: "file", message: { ko: expect.stringMatching(/^파일이 CSV 텍스트 파일이 아닙니다/) } });
    expect(await importFile("\uFEFF\r\n", { round, encoding: "utf-8" })).toMatchObject({
      ok: false,
      message: { en: "The file is empty. Nothing was imported." },
    });
    expect(await entries(round)).toHaveLength(0);
  });

  it("resumes after a restart from the last committed batch", async () => {
    round++;
    const rows = Array.from({ length: 10 }, (_, i) => listRow({ registration_number: listedNumber(100 + i) }));
    const created = await createImport({
      programmeSlug: "support-fund",
      round,
      fileName: "big.csv",
      uploadedPath: upload(listCsv(rows)),
      encoding: "auto",
      actor,
    });
    if (!created.ok) throw new Error("refused");
    // Simulate a node that committed two batches of 3 and died: run those rows, then mark it abandoned.
    await db()
      .updateTable("verified_imports")
      .set({ status: "running", heartbeat_at: "2000-01-01T00:00:00.000Z" })
      .where("id", "=", created.importId)
      .execute();
    const partial = listCsv(rows.slice(0, 6));
    const { stored_path } = await db()
      .selectFrom("verified_imports")
      .select("stored_path")
      .where("id", "=", created.importId)
      .executeTakeFirstOrThrow();
    const full = fs.readFileSync(stored_path);
    fs.writeFileSync(stored_path, partial);
    await runImport(created.importId, { batchSize: 3 });
    await db()
      .updateTable("verified_imports")
      .set({ status: "running", heartbeat_at: "2000-01-01T00:00:00.000Z" })
      .where("id", "=", created.importId)
      .execute();
    fs.writeFileSync(stored_path, full);
    await runImports({ batchSize: 3 });
    const row = await db().selectFrom("verified_imports").selectAll().where("id", "=", created.importId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "done", rows_done: 10, rows_inserted: 10, rows_refused: 0 });
    expect(await entries(round)).toHaveLength(10);
    expect(fs.existsSync(stored_path)).toBe(false);
  });
});
