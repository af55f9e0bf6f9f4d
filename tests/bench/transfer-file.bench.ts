import { bench, describe } from "vitest";
import { getDb } from "../../db/client";
import { seedProgrammes } from "../../db/seed";
import { openTransferFile } from "../../app/modules/payments/payments.server";

/**
 * The bank transfer file of a released batch of 100,000 payments, streamed from the database
 * (`npm run bench -- tests/bench/transfer-file.bench.ts`; the figure is in the README). The batch
 * is written straight into this file's own database first.
 */
const LINES = 100_000;
const db = getDb();
await seedProgrammes(db, { now: new Date("2026-11-26T03:00:00Z") });
const stamp = new Date().toISOString();
const programme = await db.selectFrom("programmes").select(["id", "ref_prefix"]).where("slug", "=", "support-fund").executeTakeFirstOrThrow();
const user = await db
  .insertInto("users")
  .values({
    email: "bench-supervisor@test.example",
    password_hash: "x",
    role: "supervisor",
    created_at: stamp,
    updated_at: stamp,
    password_changed_at: stamp,
  })
  .returning(["id", "email", "role"])
  .executeTakeFirstOrThrow();
const owner = await db
  .insertInto("users")
  .values({ email: "bench-owner@test.example", password_hash: "x", role: "owner", created_at: stamp, updated_at: stamp, password_changed_at: stamp })
  .returning("id")
  .executeTakeFirstOrThrow();
const batch = await db
  .insertInto("payment_batches")
  .values({
    programme_id: programme.id,
    state: "released",
    built_by: user.id,
    built_at: stamp,
    released_by: user.id,
    released_at: stamp,
    payment_count: LINES,
    total_krw: LINES * 1_000_000,
  })
  .returning("id")
  .executeTakeFirstOrThrow();
await db.transaction().execute(async (trx) => {
  for (let start = 0; start < LINES; start += 500) {
    const businesses = await trx
      .insertInto("businesses")
      .values(
        Array.from({ length: 500 }, (_, i) => ({
          owner_id: owner.id,
          trade_name: `Bench ${start + i}`,
          registration_number: String(1_000_000_000 + start + i),
          representative_name: "Kim",
          phone: "010",
          address: "Seoul",
          region: "seoul",
          sector: "retail",
          employees: 1,
          opened_on: "2019-01-01",
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .returning("id")
      .execute();
    const apps = await trx
      .insertInto("applications")
      .values(
        businesses.map((b, i) => ({
          public_id: `d${String(start + i).padStart(12, "0")}`,
          reference: `SF-2026-${String(start + i + 1).padStart(6, "0")}`,
          programme_id: programme.id,
          business_id: b.id,
          owner_id: owner.id,
          status: "approved" as const,
          requested_amount_krw: null,
          rules_version: 1,
          snapshot: "{}",
          submitted_at: stamp,
          decided_at: stamp,
          created_at: stamp,
          updated_at: stamp,
          award_amount_krw: 1_000_000,
        })),
      )
      .returning(["id", "reference"])
      .execute();
    await trx
      .insertInto("payments")
      .values(
        apps.map((a, i) => ({
          batch_id: batch.id,
          application_id: a.id,
          programme_id: programme.id,
          sequence: start + i + 1,
          amount_krw: 1_000_000,
          bank_code: "088",
          account_number: String(110_000_000_000 + start + i),
          holder_name: "김민지",
          reference: a.reference!,
          state: "released" as const,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .execute();
  }
});

describe(`transfer file of ${LINES.toLocaleString("en")} payments`, () => {
  bench(
    "stream it to the end",
    async () => {
      const file = await openTransferFile({ batchId: batch.id, staff: user });
      if (!file.ok) throw new Error(file.reason);
      const reader = file.stream.getReader();
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
      }
      if (bytes < LINES * 40) throw new Error(`only ${bytes} bytes`);
    },
    { iterations: 3, time: 0, warmupIterations: 0 },
  );
});
