import { getDb } from "../../../db/client";
import { bankName } from "./bank";
import { resultCodeText } from "./payment-files";
import { hasStaffRole } from "~/modules/accounts";
import { RulesSchema } from "~/modules/eligibility";
import { type Db, type Supervisor, type Trx, n } from "./payments-common.server";

/** Reading payment batches: paying programmes with their counters, the batch list, one batch with its lines. */
// ---------------------------------------------------------------------------------------------
// Reading

/** Programmes that pay money (grants and loans), with their budget, committed and paid counters. */
export async function listPayingProgrammes(db: Db | Trx = getDb()) {
  const rows = await db
    .selectFrom("programmes")
    .leftJoin("programme_payment_totals as t", "t.programme_id", "programmes.id")
    .select([
      "programmes.id",
      "programmes.slug",
      "programmes.name_en",
      "programmes.name_ko",
      "programmes.budget_krw",
      "programmes.rules",
      "t.committed_krw",
      "t.paid_krw",
      "t.paid_count",
    ])
    .where("programmes.status", "!=", "archived")
    .orderBy("programmes.sort_order")
    .execute();
  return rows
    .filter((r) => RulesSchema.parse(JSON.parse(r.rules)).support.kind !== "service")
    .map(({ rules: _rules, ...r }) => ({
      ...r,
      budget_krw: r.budget_krw === null ? null : n(r.budget_krw),
      committed_krw: n(r.committed_krw),
      paid_krw: n(r.paid_krw),
      paid_count: n(r.paid_count),
    }));
}

export async function listBatches(db: Db = getDb(), limit = 50) {
  const rows = await db
    .selectFrom("payment_batches as b")
    .innerJoin("programmes as p", "p.id", "b.programme_id")
    .innerJoin("users as builder", "builder.id", "b.built_by")
    .select([
      "b.id",
      "b.state",
      "b.built_at",
      "b.payment_count",
      "b.total_krw",
      "b.paid_count",
      "b.failed_count",
      "p.name_en as programme_name_en",
      "p.name_ko as programme_name_ko",
      "builder.email as built_by_email",
    ])
    .orderBy("b.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, total_krw: n(r.total_krw) }));
}

export type BatchAction = "release" | "cancel" | "download" | "import";

/** One batch: its counters, who did what, the first lines, and what `staff` may do with it now. */
export async function getBatch(id: number, staff: Supervisor, { db = getDb(), lines = 100 }: { db?: Db; lines?: number } = {}) {
  if (!hasStaffRole(staff.role, "supervisor") || !Number.isSafeInteger(id) || id < 1) return null;
  const b = await db
    .selectFrom("payment_batches as b")
    .innerJoin("programmes as p", "p.id", "b.programme_id")
    .innerJoin("users as builder", "builder.id", "b.built_by")
    .leftJoin("users as releaser", "releaser.id", "b.released_by")
    .leftJoin("users as settler", "settler.id", "b.settled_by")
    .leftJoin("users as canceller", "canceller.id", "b.cancelled_by")
    .selectAll("b")
    .select([
      "p.slug as programme_slug",
      "p.name_en as programme_name_en",
      "p.name_ko as programme_name_ko",
      "builder.email as built_by_email",
      "releaser.email as released_by_email",
      "settler.email as settled_by_email",
      "canceller.email as cancelled_by_email",
    ])
    .where("b.id", "=", id)
    .executeTakeFirst();
  if (!b) return null;
  const payments = await db
    .selectFrom("payments")
    .select(["sequence", "reference", "bank_code", "account_number", "holder_name", "amount_krw", "state", "result_code"])
    .where("batch_id", "=", id)
    .orderBy("sequence")
    .limit(lines)
    .execute();
  const actions: BatchAction[] = [];
  if (b.state === "built") {
    if (b.built_by !== staff.id) actions.push("release");
    actions.push("cancel");
  }
  if (b.state === "released" || b.state === "settled") actions.push("download");
  if (b.state === "released") actions.push("import");
  return {
    ...b,
    total_krw: n(b.total_krw),
    paid_krw: n(b.paid_krw),
    failed_krw: n(b.failed_krw),
    ownBatch: b.built_by === staff.id,
    actions,
    payments: payments.map((p) => ({
      ...p,
      amount_krw: n(p.amount_krw),
      bank_name: bankName(p.bank_code),
      result_text: p.result_code ? resultCodeText(p.result_code) : null,
    })),
  };
}
export type BatchDetail = NonNullable<Awaited<ReturnType<typeof getBatch>>>;
