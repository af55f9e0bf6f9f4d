import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { resultFile, type TransferPayment } from "../../app/modules/payments/payment-files";
import { addSession, addUser, client, serverDb } from "../helpers/accounts";
import { approvedWithAccount } from "../helpers/payments";
import { startServer, type RunningServer } from "../helpers/server";
import { HEADER, listCsv, listRow } from "../helpers/verified-list";

/**
 * Upload refusals over HTTP: each names the real problem in the reader's language, and none hands
 * back more than a few hundred characters of what was sent (a 2 MB header once came back whole).
 */
let server: RunningServer;
let db: Kysely<Database>;
let http: ReturnType<typeof client>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer({ LOG_REQUESTS: "0" });
  db = serverDb(server);
  http = client(server);
  for (const role of ["supervisor", "admin"] as const) {
    const u = await addUser(db, `refusals-${role}-${process.pid}@test.example`, role);
    cookies[role] = (await addSession(db, u.id)).cookie;
  }
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

type Lang = "en" | "ko";

function post(path: string, file: { bytes: Uint8Array; name: string } | null, fields: Record<string, string>, lang: Lang) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set("file", new Blob([new Uint8Array(file.bytes)], { type: "text/csv" }), file.name);
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, Cookie: cookies.supervisor!, "Accept-Language": lang },
    body: form,
  });
}

const bytes = (content: string | Uint8Array) => (typeof content === "string" ? new Uint8Array(Buffer.from(content)) : content);
const uploadList = (content: string | Uint8Array, lang: Lang = "en", name = "list.csv") =>
  post("/admin/verified-lists", { bytes: bytes(content), name }, { programme: "support-fund", round: "7", encoding: "auto" }, lang);

/** The text of the page's error summary items (what the reader is told). */
function summary(html: string): string[] {
  const block = /<div class="portal-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "";
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  return [...block.matchAll(/<a href="#[^"]*">([\s\S]*?)<\/a>/g)].map((m) => unescape(m[1]!));
}

describe("verified-list upload refusals", () => {
  it("a 2 MB first line (200,000 junk columns, or one) is refused at once, in a small page that quotes none of it", async () => {
    const junk = Array.from({ length: 200_000 }, (_, i) => `junk_column_${i}`).join(",");
    expect(junk.length).toBeGreaterThan(2_000_000);
    for (const header of [junk, "x".repeat(2_100_000)]) {
      const started = Date.now();
      const res = await uploadList(`${header}\r\n${listCsv([listRow()]).split("\r\n")[1]}\r\n`);
      const html = await res.text();
      const ms = Date.now() - started;
      expect(res.status).toBe(400);
      expect(html.length).toBeLessThan(200_000);
      // Seconds before (minutes for 200,000 names); the header is now read no further than 4,096 characters.
      expect(ms).toBeLessThan(5_000);
      expect(html).toContain("Row 1 (the header)");
      expect(html).toContain("Nothing was imported.");
      expect(html).not.toContain("x".repeat(200));
      expect(html).not.toContain("junk_column_1000");
    }
    expect(await db.selectFrom("verified_imports").select("id").execute()).toEqual([]);
  });

  it("a header that is long but readable names the unknown columns, at most ten, and how many more", async () => {
    const header = `${HEADER},${Array.from({ length: 400 }, (_, i) => `e${i}`).join(",")}`;
    expect(header.length).toBeLessThan(4_096);
    const res = await uploadList(listCsv([], header));
    expect(res.status).toBe(400);
    const [message] = summary(await res.text());
    expect(message).toContain("unknown columns: e0, e1, e2, e3, e4, e5, e6, e7, e8, e9 and 390 more. Nothing was imported.");
    expect(message!.length).toBeLessThan(600);
  });

  it("an empty file (0 bytes, a BOM alone, or blank lines) says it is empty, in English and Korean", async () => {
    for (const content of ["", "\uFEFF", " \r\n\r\n\t\n"]) {
      const en = await uploadList(content, "en");
      expect(en.status).toBe(400);
      expect(summary(await en.text())).toEqual(["The file is empty. Nothing was imported."]);
      const ko = await uploadList(content, "ko");
      expect(ko.status).toBe(400);
      expect(summary(await ko.text())).toEqual(["파일이 비어 있습니다. 아무것도 가져오지 않았습니다."]);
    }
  });

  it("a spreadsheet or other binary file is not a CSV file; no file at all still asks for one", async () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]);
    const en = await uploadList(xlsx, "en", "list.xlsx");
    expect(en.status).toBe(400);
    expect(summary(await en.text())[0]).toContain("The file is not a CSV text file");
    const ko = await uploadList(xlsx, "ko", "list.xlsx");
    expect(summary(await ko.text())[0]).toContain("CSV 텍스트 파일이 아닙니다");

    const none = await post("/admin/verified-lists", { bytes: new Uint8Array(), name: "" }, { programme: "support-fund", round: "7" }, "en");
    expect(none.status).toBe(400);
    expect(summary(await none.text())).toEqual(["Choose a CSV file"]);
  });

  it("a row's long values are echoed shortened in the refused-rows report", async () => {
    const long = "9".repeat(50_000);
    const res = await uploadList(listCsv([listRow({ registration_number: long }), listRow({ sector: "s".repeat(50_000) })]));
    expect(res.status).toBe(302);
    let status = "";
    for (let i = 0; i < 100 && status !== "done" && status !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await db.selectFrom("verified_imports").select("status").orderBy("id", "desc").executeTakeFirst())?.status ?? "";
    }
    expect(status).toBe("done");
    const refusals = await db.selectFrom("verified_import_refusals").select(["registration_number", "reason"]).orderBy("row_number").execute();
    expect(refusals).toHaveLength(2);
    for (const r of refusals) {
      expect(r.reason.length).toBeLessThan(1_000);
      // The column is varchar(40): on PostgreSQL a longer value failed the whole import.
      expect((r.registration_number ?? "").length).toBeLessThanOrEqual(40);
    }
    expect(JSON.parse(refusals[0]!.reason).en).toMatch(/^Row 2: registration_number "9{79}…" is not ten digits/);
  });
});

describe("a verified-list import that fails later", () => {
  it("is worded in the reader's language on the imports page, quoting the file shortened", async () => {
    const broken = listCsv([listRow()]) + `${"z".repeat(100_000)}"x\r\n`;
    const res = await uploadList(broken);
    expect(res.status).toBe(302);
    let status = "";
    for (let i = 0; i < 100 && status !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await db.selectFrom("verified_imports").select("status").orderBy("id", "desc").executeTakeFirst())?.status ?? "";
    }
    expect(status).toBe("failed");
    const ko = await (await http.get("/admin/verified-lists", { cookie: cookies.supervisor, headers: { "Accept-Language": "ko" } })).text();
    expect(ko).toContain("3행 근처가 올바른 CSV가 아닙니다");
    expect(ko).not.toContain("z".repeat(300));
    const en = await (await http.get("/admin/verified-lists", { cookie: cookies.supervisor })).text();
    expect(en).toContain("The file is not valid CSV near line 3");
  });
});

describe("payment result-file upload refusals", () => {
  let page = "";
  let sent: Array<TransferPayment & { resultCode: string }> = [];
  let batchId = 0;

  beforeAll(async () => {
    const owner = await addUser(db, `refusals-owner-${process.pid}@test.example`, "owner");
    await approvedWithAccount(db, { owner });
    const built = await http.post("/admin/payments", { programme: "support-fund", maxCount: "10", maxAmount: "" }, { cookie: cookies.supervisor });
    expect(built.status).toBe(302);
    batchId = Number(/\/admin\/payments\/(\d+)/.exec(built.headers.get("location")!)![1]);
    page = `/admin/payments/${batchId}`;
    expect((await http.post(page, { intent: "release", confirm: "yes" }, { cookie: cookies.admin })).status).toBe(302);
    const lines = (await (await http.get(`${page}/transfer.csv`, { cookie: cookies.supervisor })).text()).trim().split("\r\n");
    sent = lines.slice(1, -1).map((l) => {
      const [, seq, bank, account, holder, amount, reference] = l.split(",");
      return {
        sequence: Number(seq),
        bankCode: bank!,
        accountNumber: account!,
        holderName: holder!,
        amountKrw: Number(amount),
        reference: reference!,
        resultCode: "0000",
      };
    });
  });

  const uploadResult = (content: string | Uint8Array, lang: Lang = "en", name = "result.csv") =>
    post(page, { bytes: bytes(content), name }, {}, lang);

  it("an empty file says it is empty; a binary one is not a text file; no file asks for one", async () => {
    for (const content of ["", "\uFEFF", "\r\n \r\n"]) {
      const en = await uploadResult(content, "en");
      expect(en.status).toBe(400);
      expect(summary(await en.text())).toEqual(["The result file is empty"]);
      const ko = await uploadResult(content, "ko");
      expect(summary(await ko.text())).toEqual(["결과 파일이 비어 있습니다"]);
    }
    const binary = await uploadResult(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41]), "en", "result.xlsx");
    expect(binary.status).toBe(400);
    expect(summary(await binary.text())[0]).toContain("not a text file");
    const none = await post(page, { bytes: new Uint8Array(), name: "" }, {}, "en");
    expect(none.status).toBe(400);
    expect(summary(await none.text())).toEqual(["Choose the bank's result file"]);
  });

  it("lines with huge values are refused naming the line, with the values shortened", async () => {
    const huge = "7".repeat(1_000_000);
    const file = resultFile(batchId, sent)
      .split("\r\n")
      .flatMap((l) => (l.startsWith("D,") ? [l.replace(/0000$/, "Z".repeat(500_000)), `D,${huge},004,1,x,1,${"R".repeat(500_000)},0000`] : [l]))
      .join("\r\n");
    const res = await uploadResult(file);
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html.length).toBeLessThan(200_000);
    const messages = summary(html);
    expect(messages).toContain(`Line 3: sequence "${"7".repeat(79)}…" is not a number.`);
    expect(messages.some((m) => m.startsWith(`Line 2 (sequence 1): result code "${"Z".repeat(79)}…"`))).toBe(true);

    const wrongHeader = await uploadResult(`H,SMEPORTAL-RESULT,1,${huge}\r\nT,0,0\r\n`);
    const wrong = summary(await wrongHeader.text());
    expect(wrong).toHaveLength(1);
    expect(wrong[0]!.length).toBeLessThan(300);
    expect(wrong[0]).toContain(`this file answers batch ${"7".repeat(79)}…, not batch ${batchId}`);
  });
});
