import type { Kysely } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { statusName } from "~/modules/applications";
import { csvRow, UTF8_BOM } from "~/shared/csv";
import type { QueueFilters } from "./queue";
import { recordAudit } from "~/modules/audit/index.server";
import { queueRowsInBatches, type QueueRow } from "./queue.server";

type Locale = "en" | "ko";

const HEADERS: Record<Locale, string[]> = {
  en: [
    "Reference",
    "Programme",
    "Business",
    "Registration number",
    "Region",
    "Sector",
    "Status",
    "Requested (KRW)",
    "Awarded (KRW)",
    "Submitted at",
    "Age (days)",
    "Over SLA",
    "Assignee",
  ],
  ko: [
    "접수번호",
    "지원사업",
    "사업체",
    "사업자등록번호",
    "지역",
    "업종",
    "상태",
    "신청 금액(원)",
    "지원 금액(원)",
    "제출 일시",
    "경과 일수",
    "처리 기한 초과",
    "담당자",
  ],
};

function line(row: QueueRow, locale: Locale): string {
  const n = row.registrationNumber;
  return csvRow([
    row.reference,
    locale === "ko" ? row.programmeNameKo : row.programmeNameEn,
    row.tradeName,
    /^\d{10}$/.test(n) ? `${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}` : n,
    row.region,
    row.sector,
    statusName(row.status)[locale],
    row.requestedAmountKrw,
    row.awardAmountKrw,
    row.submittedAt,
    row.ageDays,
    row.overdue ? (locale === "ko" ? "예" : "yes") : locale === "ko" ? "아니요" : "no",
    row.assigneeEmail,
  ]);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Filters as the audit trail keeps them: what was asked for, without the page cursor. */
export function filtersForAudit(filters: QueueFilters): Record<string, unknown> {
  const { cursor: _cursor, ...rest } = filters;
  return rest;
}

/**
 * The current queue filters as CSV: a byte-order mark (so Excel reads the Korean), a header row,
 * then one keyset batch of rows (200) per pull, so 100,000 rows never sit in memory at once. The export
 * is written to the audit trail before the first byte goes out.
 */
export async function exportQueueCsv(
  filters: QueueFilters,
  staff: { id: number; email: string },
  { locale = "en", now = new Date(), db = getDb(), batchSize = 200 }: { locale?: Locale; now?: Date; db?: Kysely<Database>; batchSize?: number } = {},
): Promise<ReadableStream<Uint8Array>> {
  await recordAudit(db, {
    actor: { id: staff.id, label: staff.email },
    action: "queue.export",
    target: { type: "applications", id: "queue" },
    details: { filters: filtersForAudit(filters), format: "csv" },
    at: now,
  });
  const encoder = new TextEncoder();
  const batches = queueRowsInBatches(filters, staff, { batchSize, now, db });
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(UTF8_BOM + csvRow(HEADERS[locale])));
        return;
      }
      try {
        // better-sqlite3 reads synchronously: give other requests a turn of the event loop between
        // batches (a macrotask, not just a microtask), so a 100,000-row export never holds the thread.
        await yieldToEventLoop();
        const next = await batches.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value.map((row) => line(row, locale)).join("")));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
