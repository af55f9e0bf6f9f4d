import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seoulToday } from "../../app/modules/catalogue/programme-window";
import { splitCsvLine } from "../../app/modules/payments/payment-files";
import { buildBatch, importResultFile, openTransferFile, releaseBatch } from "../../app/modules/payments/payments.server";
import { rapidApply } from "../../app/modules/rapid/rapid.server";
import { createImport, runImports } from "../../app/modules/rapid/verified-lists.server";
import { createBusiness, createUser, seedCatalogue } from "../helpers/fixtures";
import { listCsv, listRow } from "../helpers/verified-list";
import { askBank, startFakeBank, type RunningBank } from "../helpers/fake-bank";

/**
 * The "done means": a listed owner goes from the list to "paid" without a caseworker
 * touching the application — one-step application approved by the rules, then a batch built by one
 * supervisor, released by another, and the bank's answer imported.
 */
const db = () => getDb();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rapid-paid-"));
let bank: RunningBank;

beforeAll(async () => {
  // The representative's own account, as the bank knows it (createBusiness confirms "Kim Minji").
  bank = await startFakeBank();
  await bank.control({ accounts: [{ bank: "090", number: "3333012345678", holder: "Kim Minji" }] });
  await seedCatalogue(db());
  process.env.VERIFIED_LIST_DIR = path.join(tmp, "stored");
  await db().updateTable("programmes").set({ opening_schedule: null, opens_on: seoulToday() }).where("slug", "=", "support-fund").execute();
});

afterAll(() => bank?.stop());

describe("from the verified list to paid", () => {
  it("without a caseworker", async () => {
    const owner = await createUser(db());
    const businessId = await createBusiness(db(), owner.id);
    const { registration_number } = await db()
      .selectFrom("businesses")
      .select("registration_number")
      .where("id", "=", businessId)
      .executeTakeFirstOrThrow();
    const file = path.join(tmp, "list.csv");
    fs.writeFileSync(file, listCsv([listRow({ registration_number, covid_measure: "closure", amount_krw: "3000000" })]));
    const sup1 = await createUser(db(), "supervisor");
    const sup2 = await createUser(db(), "supervisor");
    const created = await createImport({
      programmeSlug: "support-fund",
      round: 1,
      fileName: "list.csv",
      uploadedPath: file,
      encoding: "auto",
      actor: { id: sup1.id, label: sup1.email },
    });
    if (!created.ok) throw new Error(created.message.en);
    await runImports();

    const applied = await rapidApply(
      {
        ownerId: owner.id,
        programmeSlug: "support-fund",
        businessId,
        account: { bankCode: "090", accountNumber: "3333-01-2345678", holderName: "Kim Minji" },
        declared: true,
      },
      { check: askBank(bank) },
    );
    expect(applied).toMatchObject({ ok: true, outcome: "approved" });
    if (!applied.ok) return;

    const built = await buildBatch({ staff: sup1, programmeSlug: "support-fund", maxCount: 100, maxAmountKrw: null }, { check: askBank(bank) });
    expect(built).toMatchObject({ ok: true });
    if (!built.ok) return;
    expect(await releaseBatch({ batchId: built.batchId, staff: sup2 })).toEqual({ ok: true, state: "released" });
    const transfer = await openTransferFile({ batchId: built.batchId, staff: sup2 });
    if (!transfer.ok) throw new Error(transfer.reason);
    const lines = (await new Response(transfer.stream).text()).trim().split("\r\n");
    expect(lines.some((l) => l.endsWith(`,090,3333012345678,Kim Minji,3000000,${applied.reference}`))).toBe(true);
    const answer =
      [`H,SMEPORTAL-RESULT,1,${splitCsvLine(lines[0]!)![3]}`, ...lines.slice(1, -1).map((l) => `${l},0000`), lines.at(-1)!].join("\r\n") + "\r\n";
    expect(await importResultFile({ batchId: built.batchId, staff: sup1, text: answer })).toMatchObject({ ok: true, failedCount: 0 });

    const events = await db()
      .selectFrom("status_events")
      .innerJoin("applications", "applications.id", "status_events.application_id")
      .select(["status_events.action", "status_events.actor_role"])
      .where("applications.reference", "=", applied.reference)
      .orderBy("status_events.id")
      .execute();
    expect(events.map((e) => e.action)).toEqual(["submit", "auto_approve", "mark_paid"]);
    expect(events.some((e) => e.actor_role === "caseworker")).toBe(false);
    const app = await db()
      .selectFrom("applications")
      .select(["status", "assigned_to"])
      .where("reference", "=", applied.reference)
      .executeTakeFirstOrThrow();
    expect(app).toEqual({ status: "paid", assigned_to: null });
  });
});
