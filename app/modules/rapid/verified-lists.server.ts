/**
 * Verified lists: a supervisor uploads the CSV of businesses identified in advance for a
 * programme and round; it is imported in the background, streamed (file → CP949/UTF-8 decoder →
 * csv-parse) in batches of a few thousand rows, each batch one transaction that also moves the
 * progress counters, so memory stays flat, the event loop is free between batches, any node can show
 * the progress, and a restart resumes after the last committed batch. The file is kept on disk until
 * the import ends. See docs/verified-list-csv.md.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import { sql, type Insertable, type Kysely, type Transaction } from "kysely";
import { getDb } from "../../../db/client";
import type { Database, VerifiedEntriesTable } from "../../../db/schema";
import { withTransaction } from "../../../db/transaction";
import { getEnv } from "~/shared/env.server";
import { seoulToday } from "~/modules/catalogue";
import { awardCap } from "~/modules/review";
import { RulesSchema, type LocalisedText } from "~/modules/eligibility";
import {
  checkHeader,
  checkRow,
  createEncodingSniffer,
  duplicateReason,
  VERIFIED_LIST_COLUMNS,
  type Encoding,
  type VerifiedRow,
} from "./verified-list";
import { MAX_HEADER_CHARS } from "./list-upload-limits";
import { LIST_FILE_REFUSALS } from "./list-upload-messages";
import { createContentSniffer } from "~/shared/upload-content";
import { echo } from "~/shared/echo";
import { recordAudit, type AuditActor } from "~/modules/audit/index.server";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

/** Rows per transaction: large enough to amortise the commit, small enough to keep the lock short. */
export const IMPORT_BATCH_SIZE = 2_000;
/** An import whose worker has not been heard from for this long is taken over by another. */
const STALE_MS = 2 * 60 * 1000;
/** Largest upload accepted (a million rows is about 120 MB). */
export { MAX_UPLOAD_BYTES } from "./list-upload-limits";

export function verifiedListDir(): string {
  const env = getEnv();
  return env.VERIFIED_LIST_DIR ?? path.join(path.dirname(path.resolve(env.DATABASE_PATH)), "verified-lists");
}

export type EncodingChoice = "auto" | Encoding;

export type CreateImportResult =
  { ok: true; importId: number } | { ok: false; field: "programme" | "round" | "file" | "encoding"; message: LocalisedText };

type HeaderRead = { ok: true; header: string[] } | { ok: false; problem: "too_long" | "unreadable" };

/**
 * Reads the header line of a stored file in the given encoding. The parser stops after
 * MAX_HEADER_CHARS characters: a first line longer than that is no header of ours, and reading a
 * 12 MB one whole (or, with an unclosed quote, the whole file) only to refuse it took seconds.
 */
async function readHeader(file: string, encoding: Encoding): Promise<HeaderRead> {
  const parser = createReadStream(file)
    .pipe(iconv.decodeStream(encoding))
    .pipe(parse({ bom: true, relax_column_count: true, to_line: 1, max_record_size: MAX_HEADER_CHARS }));
  try {
    for await (const record of parser) return { ok: true, header: record as string[] };
  } catch (error) {
    return { ok: false, problem: (error as { code?: string }).code === "CSV_MAX_RECORD_SIZE" ? "too_long" : "unreadable" };
  } finally {
    parser.destroy();
  }
  return { ok: false, problem: "unreadable" };
}

/**
 * Takes an uploaded file (already on disk, written by the multipart handler), checks its encoding and
 * header at once — a file with missing or unknown columns is refused whole, with nothing imported —
 * keeps it, and queues its import. `runImports` does the rest.
 */
export async function createImport(
  input: { programmeSlug: string; round: number; fileName: string; uploadedPath: string; encoding: EncodingChoice; actor: AuditActor },
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<CreateImportResult> {
  const programme = await db.selectFrom("programmes").select(["id", "slug", "rules"]).where("slug", "=", input.programmeSlug).executeTakeFirst();
  if (!programme) return { ok: false, field: "programme", message: { en: "Choose a programme.", ko: "사업을 선택하세요." } };
  const size = (await stat(input.uploadedPath)).size;
  if (size === 0) return { ok: false, field: "file", message: LIST_FILE_REFUSALS.empty };

  // One pass over the bytes: digest, UTF-8 validity, and whether it is text at all.
  const sniffer = createEncodingSniffer();
  const content = createContentSniffer();
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(input.uploadedPath)) {
    sniffer.push(chunk as Buffer);
    content.push(chunk as Buffer);
    hash.update(chunk as Buffer);
  }
  const detected = sniffer.finish();
  // Before the encoding: a spreadsheet is not "not UTF-8", it is not CSV.
  const holds = content.finish();
  if (holds === "empty") return { ok: false, field: "file", message: LIST_FILE_REFUSALS.empty };
  if (holds === "binary") return { ok: false, field: "file", message: LIST_FILE_REFUSALS.notCsv };
  if (input.encoding === "utf-8" && detected !== "utf-8") return { ok: false, field: "encoding", message: LIST_FILE_REFUSALS.notUtf8 };
  const encoding: Encoding = input.encoding === "auto" ? detected : input.encoding;
  const read = await readHeader(input.uploadedPath, encoding);
  if (!read.ok) {
    return {
      ok: false,
      field: "file",
      message: read.problem === "too_long" ? LIST_FILE_REFUSALS.headerTooLong : LIST_FILE_REFUSALS.headerUnreadable,
    };
  }
  const headerCheck = checkHeader(read.header);
  if (!headerCheck.ok) {
    // A CP949 file read as UTF-8 (or the reverse) shows up here as unknown columns.
    return { ok: false, field: "file", message: headerCheck.message };
  }

  const dir = verifiedListDir();
  await mkdir(dir, { recursive: true });
  const stored = path.join(dir, `${randomBytes(12).toString("hex")}.csv`);
  await copyFile(input.uploadedPath, stored);
  const stamp = now.toISOString();
  try {
    const importId = await withTransaction(db, async (trx) => {
      await trx
        .insertInto("verified_lists")
        .values({ programme_id: programme.id, round: input.round, created_at: stamp })
        .onConflict((oc) => oc.columns(["programme_id", "round"]).doNothing())
        .execute();
      const list = await trx
        .selectFrom("verified_lists")
        .select("id")
        .where("programme_id", "=", programme.id)
        .where("round", "=", input.round)
        .executeTakeFirstOrThrow();
      const row = await trx
        .insertInto("verified_imports")
        .values({
          list_id: list.id,
          file_name: input.fileName.slice(0, 200) || "list.csv",
          stored_path: stored,
          size_bytes: size,
          sha256: hash.digest("hex"),
          encoding,
          status: "queued",
          error: null,
          created_by: input.actor.id,
          created_at: stamp,
          started_at: null,
          finished_at: null,
          heartbeat_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor: input.actor,
        action: "verified_list.import_queued",
        target: { type: "verified_import", id: row.id },
        details: { programme: programme.slug, round: input.round, file: input.fileName, size, encoding },
        at: now,
      });
      return row.id;
    });
    return { ok: true, importId };
  } catch (error) {
    await rm(stored, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Running

/** Claims an import this node may work: queued, or running with a stale heartbeat (its node died). */
async function claimNext(db: Db, now: Date): Promise<number | null> {
  const stale = new Date(now.getTime() - STALE_MS).toISOString();
  const candidates = await db
    .selectFrom("verified_imports")
    .select(["id", "status", "heartbeat_at"])
    .where((eb) =>
      eb.or([
        eb("status", "=", "queued"),
        eb.and([eb("status", "=", "running"), eb.or([eb("heartbeat_at", "is", null), eb("heartbeat_at", "<", stale)])]),
      ]),
    )
    .orderBy("id")
    .limit(5)
    .execute();
  for (const c of candidates) {
    const claimed = await db
      .updateTable("verified_imports")
      .set({ status: "running", heartbeat_at: now.toISOString() })
      .where("id", "=", c.id)
      .where("status", "=", c.status)
      .where((eb) => (c.heartbeat_at === null ? eb("heartbeat_at", "is", null) : eb("heartbeat_at", "=", c.heartbeat_at)))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 1) return c.id;
  }
  return null;
}

let draining: Promise<void> | null = null;

/**
 * Works every import waiting (or abandoned by a dead node), one after another, in the background.
 * Calling it while it already runs returns the same promise; call it after an upload and at start-up.
 */
export function runImports(
  options: { db?: Db; batchSize?: number; log?: (line: string) => void; afterImport?: (listId: number) => Promise<void> } = {},
): Promise<void> {
  draining ??= (async () => {
    const db = options.db ?? getDb();
    try {
      for (;;) {
        const id = await claimNext(db, new Date());
        if (id === null) break;
        const listId = await runImport(id, { db, batchSize: options.batchSize, log: options.log });
        if (listId !== null && options.afterImport)
          await options.afterImport(listId).catch((e: Error) => options.log?.(`after import ${id}: ${e.message}`));
      }
    } finally {
      draining = null;
    }
  })();
  return draining;
}

interface Counts {
  done: number;
  inserted: number;
  updated: number;
  unchanged: number;
  refused: number;
}

/**
 * Imports one claimed file from where it stopped (its committed row count). A file that breaks CSV
 * structure (an unclosed quote) is found by a first, read-only pass, so it fails whole, naming the
 * line, with nothing imported. Returns the list id when it finished.
 */
export async function runImport(
  importId: number,
  { db = getDb(), batchSize = IMPORT_BATCH_SIZE, log = () => {} }: { db?: Db; batchSize?: number; log?: (line: string) => void } = {},
): Promise<number | null> {
  const job = await db
    .selectFrom("verified_imports")
    .innerJoin("verified_lists", "verified_lists.id", "verified_imports.list_id")
    .innerJoin("programmes", "programmes.id", "verified_lists.programme_id")
    .select([
      "verified_imports.id",
      "verified_imports.list_id",
      "verified_imports.stored_path",
      "verified_imports.encoding",
      "verified_imports.rows_done",
      "verified_imports.file_name",
      "verified_lists.round",
      "programmes.slug",
      "programmes.rules",
    ])
    .where("verified_imports.id", "=", importId)
    .executeTakeFirst();
  if (!job) return null;
  const encoding = job.encoding as Encoding;
  const capKrw = awardCap(RulesSchema.parse(JSON.parse(job.rules)).support);
  const started = Date.now();
  const resumedFrom = job.rows_done;
  if (resumedFrom > 0) log(`verified list import ${importId}: resuming after row ${resumedFrom + 1}`);
  await db
    .updateTable("verified_imports")
    .set({ started_at: new Date().toISOString() })
    .where("id", "=", importId)
    .where("started_at", "is", null)
    .execute();

  // Stored in both languages (importErrorText shows it); an unexpected error has only its own words.
  const fail = async (message: LocalisedText | string) => {
    const text = typeof message === "string" ? { en: echo(message, 300), ko: echo(message, 300) } : message;
    await db
      .updateTable("verified_imports")
      .set({ status: "failed", error: JSON.stringify(text), finished_at: new Date().toISOString() })
      .where("id", "=", importId)
      .execute();
    await recordAudit(db, {
      actor: { id: null, label: "system" },
      action: "verified_list.import_failed",
      target: { type: "verified_import", id: importId },
      details: { error: text.en },
    });
    log(`verified list import ${importId} failed: ${text.en}`);
    return null;
  };

  const open = () =>
    createReadStream(job.stored_path)
      .pipe(iconv.decodeStream(encoding))
      .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));

  // Pass 1 (only before the first row is written): CSV structure, read-only and fast.
  if (resumedFrom === 0) {
    try {
      let n = 0;
      for await (const _ of open()) {
        if (++n % 50_000 === 0) await yieldToEventLoop();
      }
    } catch (error) {
      const e = error as { lines?: number; message: string };
      // csv-parse quotes the field it stopped in ("value is …"), which may be the rest of the file.
      const near = e.lines ?? "?";
      const why = echo(e.message, 200);
      return fail({
        en: `The file is not valid CSV near line ${near}: ${why}. Nothing was imported.`,
        ko: `${near}행 근처가 올바른 CSV가 아닙니다(${why}). 아무것도 가져오지 않았습니다.`,
      });
    }
  }

  const counts: Counts = { done: 0, inserted: 0, updated: 0, unchanged: 0, refused: 0 };
  let order: number[] | null = null;
  let batch: Array<{ record: string[]; rowNumber: number }> = [];
  const today = seoulToday();
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    const c = await withTransaction(db, (trx) => importBatch(trx, { importId, listId: job.list_id, rows, order: order!, capKrw, today }));
    counts.done += rows.length;
    counts.inserted += c.inserted;
    counts.updated += c.updated;
    counts.unchanged += c.unchanged;
    counts.refused += c.refused;
    const perSecond = Math.round(counts.done / Math.max(0.001, (Date.now() - started) / 1000));
    await db.updateTable("verified_imports").set({ rows_per_second: perSecond }).where("id", "=", importId).execute();
    // Let requests in between batches.
    await yieldToEventLoop();
  };

  try {
    for await (const { record, info } of open() as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      const rowNumber = info.records;
      if (rowNumber === 1) {
        const h = checkHeader(record);
        if (!h.ok) return fail(h.message);
        order = h.order;
        continue;
      }
      // Rows 2 … rows_done + 1 were committed before a restart.
      if (rowNumber - 1 <= resumedFrom) continue;
      batch.push({ record, rowNumber });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } catch (error) {
    return fail((error as Error).message);
  }

  const final = await db.selectFrom("verified_imports").selectAll().where("id", "=", importId).executeTakeFirstOrThrow();
  await withTransaction(db, async (trx) => {
    await trx.updateTable("verified_imports").set({ status: "done", finished_at: new Date().toISOString() }).where("id", "=", importId).execute();
    await recordAudit(trx, {
      actor: { id: null, label: "system" },
      action: "verified_list.import_finished",
      target: { type: "verified_import", id: importId },
      details: {
        programme: job.slug,
        round: job.round,
        file: job.file_name,
        rows: final.rows_done,
        inserted: final.rows_inserted,
        updated: final.rows_updated,
        unchanged: final.rows_unchanged,
        refused: final.rows_refused,
      },
    });
  });
  await rm(job.stored_path, { force: true });
  log(
    `verified list import ${importId}: ${final.rows_done} rows (${final.rows_inserted} new, ${final.rows_updated} updated, ${final.rows_refused} refused)`,
  );
  return job.list_id;
}

/** One batch in one transaction: validate, find duplicates, upsert, record refusals, move the counters. */
async function importBatch(
  trx: Trx,
  {
    importId,
    listId,
    rows,
    order,
    capKrw,
    today,
  }: {
    importId: number;
    listId: number;
    rows: Array<{ record: string[]; rowNumber: number }>;
    order: number[];
    capKrw: number | null;
    today: string;
  },
): Promise<Omit<Counts, "done">> {
  const refusals: Array<{ row_number: number; registration_number: string | null; reason: string }> = [];
  const good: Array<{ row: VerifiedRow; hash: string; rowNumber: number }> = [];
  const firstInBatch = new Map<string, number>();
  for (const { record, rowNumber } of rows) {
    const check = checkRow(record, order, { rowNumber, capKrw, today });
    if (!check.ok) {
      refusals.push({ row_number: rowNumber, registration_number: check.registrationNumber, reason: JSON.stringify(check.reason) });
      continue;
    }
    const seen = firstInBatch.get(check.row.registrationNumber);
    if (seen !== undefined) {
      refusals.push({
        row_number: rowNumber,
        registration_number: check.row.registrationNumber,
        reason: JSON.stringify(duplicateReason(rowNumber, check.row.registrationNumber, seen)),
      });
      continue;
    }
    firstInBatch.set(check.row.registrationNumber, rowNumber);
    good.push({ row: check.row, hash: check.hash, rowNumber });
  }

  const existing = new Map<string, { id: number; row_hash: string; last_import_id: number; last_row: number }>();
  const numbers = good.map((g) => g.row.registrationNumber);
  for (let i = 0; i < numbers.length; i += 900) {
    const found = await trx
      .selectFrom("verified_entries")
      .select(["id", "registration_number", "row_hash", "last_import_id", "last_row"])
      .where("list_id", "=", listId)
      .where("registration_number", "in", numbers.slice(i, i + 900))
      .execute();
    for (const f of found) existing.set(f.registration_number, f);
  }

  const stamp = new Date().toISOString();
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  const inserts: Array<Insertable<VerifiedEntriesTable>> = [];
  for (const g of good) {
    const e = existing.get(g.row.registrationNumber);
    if (e && e.last_import_id === importId && e.last_row !== g.rowNumber) {
      // Seen earlier in this same file (an earlier batch).
      refusals.push({
        row_number: g.rowNumber,
        registration_number: g.row.registrationNumber,
        reason: JSON.stringify(duplicateReason(g.rowNumber, g.row.registrationNumber, e.last_row)),
      });
      continue;
    }
    if (!e) {
      inserts.push({
        list_id: listId,
        registration_number: g.row.registrationNumber,
        trade_name: g.row.tradeName,
        representative: g.row.representative,
        facts: JSON.stringify(g.row.facts),
        amount_krw: g.row.amountKrw,
        source: g.row.source,
        row_hash: g.hash,
        last_import_id: importId,
        last_row: g.rowNumber,
        created_at: stamp,
        updated_at: stamp,
      });
      inserted++;
    } else if (e.row_hash === g.hash) {
      // Same content: only remember that this file confirmed it (for duplicate detection).
      await trx.updateTable("verified_entries").set({ last_import_id: importId, last_row: g.rowNumber }).where("id", "=", e.id).execute();
      unchanged++;
    } else {
      await trx
        .updateTable("verified_entries")
        .set({
          trade_name: g.row.tradeName,
          representative: g.row.representative,
          facts: JSON.stringify(g.row.facts),
          amount_krw: g.row.amountKrw,
          source: g.row.source,
          row_hash: g.hash,
          last_import_id: importId,
          last_row: g.rowNumber,
          updated_at: stamp,
        })
        .where("id", "=", e.id)
        .execute();
      updated++;
    }
  }
  // 12 columns a row: 500 rows stay far below either database's bound-parameter limit.
  for (let i = 0; i < inserts.length; i += 500)
    await trx
      .insertInto("verified_entries")
      .values(inserts.slice(i, i + 500))
      .execute();
  for (let i = 0; i < refusals.length; i += 500) {
    await trx
      .insertInto("verified_import_refusals")
      .values(refusals.slice(i, i + 500).map((r) => ({ ...r, import_id: importId })))
      .onConflict((oc) => oc.columns(["import_id", "row_number"]).doNothing())
      .execute();
  }
  await trx
    .updateTable("verified_imports")
    .set({
      rows_done: sql<number>`rows_done + ${rows.length}`,
      rows_inserted: sql<number>`rows_inserted + ${inserted}`,
      rows_updated: sql<number>`rows_updated + ${updated}`,
      rows_unchanged: sql<number>`rows_unchanged + ${unchanged}`,
      rows_refused: sql<number>`rows_refused + ${refusals.length}`,
      heartbeat_at: stamp,
    })
    .where("id", "=", importId)
    .execute();
  return { inserted, updated, unchanged, refused: refusals.length };
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listImports(db: Db = getDb()) {
  return db
    .selectFrom("verified_imports")
    .innerJoin("verified_lists", "verified_lists.id", "verified_imports.list_id")
    .innerJoin("programmes", "programmes.id", "verified_lists.programme_id")
    .select([
      "verified_imports.id",
      "verified_imports.file_name",
      "verified_imports.encoding",
      "verified_imports.status",
      "verified_imports.size_bytes",
      "verified_imports.rows_done",
      "verified_imports.rows_inserted",
      "verified_imports.rows_updated",
      "verified_imports.rows_unchanged",
      "verified_imports.rows_refused",
      "verified_imports.rows_per_second",
      "verified_imports.error",
      "verified_imports.created_at",
      "verified_imports.finished_at",
      "verified_lists.round",
      "verified_lists.id as list_id",
      "programmes.name_en",
      "programmes.name_ko",
      "programmes.slug",
    ])
    .orderBy("verified_imports.id", "desc")
    .limit(50)
    .execute();
}

export async function listSummaries(db: Db = getDb()) {
  return db
    .selectFrom("verified_lists")
    .innerJoin("programmes", "programmes.id", "verified_lists.programme_id")
    .select((eb) => [
      "verified_lists.id",
      "verified_lists.round",
      "programmes.name_en",
      "programmes.name_ko",
      eb
        .selectFrom("verified_entries")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("verified_entries.list_id", "=", "verified_lists.id")
        .as("entries"),
      eb
        .selectFrom("entitlement_notices")
        .innerJoin("verified_entries", "verified_entries.id", "entitlement_notices.entry_id")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("verified_entries.list_id", "=", "verified_lists.id")
        .as("notified"),
    ])
    .orderBy("verified_lists.id", "desc")
    .execute();
}

/** The refused rows of an import, in row order, streamed in pages (for the CSV report). */
export async function* refusedRows(
  importId: number,
  db: Db = getDb(),
): AsyncGenerator<{ row_number: number; registration_number: string | null; reason: LocalisedText }> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("verified_import_refusals")
      .select(["row_number", "registration_number", "reason"])
      .where("import_id", "=", importId)
      .where("row_number", ">", after)
      .orderBy("row_number")
      .limit(2_000)
      .execute();
    for (const r of rows) yield { ...r, reason: JSON.parse(r.reason) as LocalisedText };
    if (rows.length < 2_000) return;
    after = rows[rows.length - 1]!.row_number;
  }
}

export async function importExists(importId: number, db: Db = getDb()): Promise<boolean> {
  return !!(await db.selectFrom("verified_imports").select("id").where("id", "=", importId).executeTakeFirst());
}

export async function auditRefusalsDownload(importId: number, actor: AuditActor, db: Db = getDb()): Promise<void> {
  await recordAudit(db, { actor, action: "verified_list.refusals_download", target: { type: "verified_import", id: importId } });
}

export { VERIFIED_LIST_COLUMNS };
