import { spawn } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import type { ApplicationStatusColumn } from "../../db/schema";
import { verifyAuditChain } from "../../app/modules/audit/audit.server";
import { runRetention } from "../../app/modules/administration/retention.server";
import { createBusiness, createUser, pdfBytes, seedCatalogue } from "../helpers/fixtures";
import { ROOT } from "../helpers/server";

// The harness's pinned clock (TEST_NOW and a little): the command line child reads the same one.
const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
let owner: { id: number };
let programmeId: number;
let seq = 0;

async function application(
  status: ApplicationStatusColumn,
  { updatedAt, decidedAt = null, docs = [] as string[] }: { updatedAt: string; decidedAt?: string | null; docs?: string[] },
) {
  const db = getDb();
  seq++;
  // One active application per business and programme: each fixture has its own business.
  const businessId = await createBusiness(db, owner.id);
  const row = await db
    .insertInto("applications")
    .values({
      public_id: `dret${String(seq).padStart(9, "0")}`,
      reference: status === "draft" ? null : `SF-2020-${String(seq).padStart(6, "0")}`,
      programme_id: programmeId,
      business_id: businessId,
      owner_id: owner.id,
      status,
      requested_amount_krw: null,
      rules_version: null,
      snapshot: status === "draft" ? null : "{}",
      submitted_at: status === "draft" ? null : updatedAt,
      decided_at: decidedAt,
      created_at: updatedAt,
      updated_at: updatedAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [i, createdAt] of docs.entries()) {
    const bytes = Buffer.from(pdfBytes(`doc ${seq}-${i}`));
    await db
      .insertInto("application_documents")
      .values({
        application_id: row.id,
        requirement_code: "business-registration",
        display_name: `doc-${i}.pdf`,
        media_type: "application/pdf",
        size_bytes: bytes.length,
        sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
        content: bytes,
        uploaded_by: owner.id,
        created_at: createdAt,
      })
      .execute();
  }
  if (status !== "draft") {
    await db
      .insertInto("status_events")
      .values({
        application_id: row.id,
        from_status: "submitted",
        to_status: status,
        action: status,
        actor_id: null,
        actor_role: "owner",
        reason: null,
        at: decidedAt ?? updatedAt,
      })
      .execute();
  }
  return row.id;
}

const exists = async (id: number) => Boolean(await getDb().selectFrom("applications").select("id").where("id", "=", id).executeTakeFirst());
const docCount = async (id: number) =>
  Number(
    (
      await getDb()
        .selectFrom("application_documents")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("application_id", "=", id)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("retention", () => {
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const db = getDb();
    await seedCatalogue(db, NOW);
    owner = await createUser(db, "owner");
    programmeId = (await db.selectFrom("programmes").select("id").where("slug", "=", "support-fund").executeTakeFirstOrThrow()).id;
    ids.oldDraft = await application("draft", { updatedAt: daysAgo(400), docs: [daysAgo(400), daysAgo(390)] });
    ids.oldDraftNoDocs = await application("draft", { updatedAt: daysAgo(366) });
    ids.recentDraft = await application("draft", { updatedAt: daysAgo(200), docs: [daysAgo(200)] });
    // Not edited for 400 days, but a document was uploaded 10 days ago: not idle.
    ids.draftRecentUpload = await application("draft", { updatedAt: daysAgo(400), docs: [daysAgo(10)] });
    ids.oldRejected = await application("rejected", { updatedAt: daysAgo(6 * 365), decidedAt: daysAgo(6 * 365), docs: [daysAgo(6 * 366)] });
    // Withdrawn has no decision date: the status event's time counts.
    ids.oldWithdrawn = await application("withdrawn", { updatedAt: daysAgo(6 * 365), docs: [daysAgo(6 * 366), daysAgo(6 * 366)] });
    ids.recentRejected = await application("rejected", { updatedAt: daysAgo(400), decidedAt: daysAgo(400), docs: [daysAgo(420)] });
    ids.oldApproved = await application("approved", { updatedAt: daysAgo(8 * 365), decidedAt: daysAgo(8 * 365), docs: [daysAgo(8 * 366)] });
  });

  it("reports what would go on a dry run, and deletes nothing", async () => {
    const before = await getDb()
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const report = await runRetention({ now: NOW, dryRun: true, documentYears: 5, batchSize: 1 });
    expect(report.drafts.items.map((i) => i.applicationId)).toEqual([ids.oldDraft, ids.oldDraftNoDocs]);
    expect(report.drafts).toMatchObject({ applications: 2, documents: 2 });
    expect(report.documentPurges.items.map((i) => i.applicationId)).toEqual([ids.oldRejected, ids.oldWithdrawn]);
    expect(report.documentPurges).toMatchObject({ applications: 2, documents: 3 });
    expect(await exists(ids.oldDraft!)).toBe(true);
    expect(await docCount(ids.oldRejected!)).toBe(1);
    const after = await getDb()
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("the command line dry run prints the same, changing nothing", async () => {
    const out = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "db/retention-cli.ts"), "--dry-run"], {
        cwd: ROOT,
        env: { ...process.env, RETENTION_DOCUMENT_YEARS: "5" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (c) => (output += c));
      child.stderr.on("data", (c) => (output += c));
      child.on("exit", (code) => resolve({ code, output }));
    });
    expect(out.output).toContain("retention dry run: nothing is deleted");
    // The command line runs on the harness's pinned clock (it inherits the offset), as the in-process runs do.
    expect(out.output).toMatch(/drafts idle 365 days .*: 2 application\(s\), 2 document\(s\)/);
    expect(out.output).toMatch(/rejected or withdrawn 5 year\(s\) ago .*: 2 application\(s\), 3 document\(s\)/);
    expect(out.code).toBe(0);
    expect(await exists(ids.oldDraft!)).toBe(true);
  }, 30_000);

  it("deletes idle drafts with their documents and purges old closed applications' documents, in batches, each audited", async () => {
    const report = await runRetention({ now: NOW, documentYears: 5, batchSize: 1 });
    expect(report.drafts.applications).toBe(2);
    expect(report.documentPurges.applications).toBe(2);

    expect(await exists(ids.oldDraft!)).toBe(false);
    expect(await docCount(ids.oldDraft!)).toBe(0);
    expect(await exists(ids.oldDraftNoDocs!)).toBe(false);
    expect(await exists(ids.recentDraft!)).toBe(true);
    expect(await exists(ids.draftRecentUpload!)).toBe(true);
    // Closed applications stay, without their documents.
    expect(await exists(ids.oldRejected!)).toBe(true);
    expect(await docCount(ids.oldRejected!)).toBe(0);
    expect(await docCount(ids.oldWithdrawn!)).toBe(0);
    expect(await docCount(ids.recentRejected!)).toBe(1);
    expect(await docCount(ids.oldApproved!)).toBe(1);

    const audit = await getDb()
      .selectFrom("audit_log")
      .select(["action", "target_id", "details", "actor_label"])
      .where("action", "like", "retention.%")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => [a.action, Number(a.target_id)])).toEqual([
      ["retention.draft_deleted", ids.oldDraft],
      ["retention.draft_deleted", ids.oldDraftNoDocs],
      ["retention.documents_purged", ids.oldRejected],
      ["retention.documents_purged", ids.oldWithdrawn],
    ]);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ publicId: expect.stringMatching(/^dret/), documents: 2 });
    expect(JSON.parse(audit[3]!.details)).toMatchObject({ documents: 2, years: 5 });
    expect(audit.every((a) => a.actor_label === "system:retention")).toBe(true);
    expect((await verifyAuditChain(getDb())).ok).toBe(true);

    // Nothing left to do: a second run deletes nothing and audits nothing.
    const again = await runRetention({ now: NOW, documentYears: 5 });
    expect(again.drafts.applications + again.documentPurges.applications).toBe(0);
    // A shorter retention reaches the application rejected a year ago.
    const shorter = await runRetention({ now: NOW, documentYears: 1, dryRun: true });
    expect(shorter.documentPurges.items.map((i) => i.applicationId)).toEqual([ids.recentRejected]);
  });
});
