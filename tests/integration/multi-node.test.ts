import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { verifyAuditChain } from "../../app/modules/audit/audit.server";
import { addSession, addUser, client } from "../helpers/accounts";
import { restrictedRestaurantForm } from "../helpers/facts";
import { createBusiness, pdfBytes } from "../helpers/fixtures";
import { fakeSmtp } from "../helpers/fake-smtp";
import { ROOT, startServer, type RunningServer } from "../helpers/server";

/**
 * Two app nodes (processes) on one database, as operators scale out: everything that must happen
 * once happens once whichever node each request reaches. Runs in both halves; on PostgreSQL the
 * nodes' transactions truly overlap (on SQLite the file's one write lock serialises them).
 */
let a: RunningServer;
let b: RunningServer;
let db: Kysely<Database>;
const nodes = () => [a, b] as const;

beforeAll(async () => {
  a = await startServer({ LOG_REQUESTS: "0" });
  b = await startServer({ LOG_REQUESTS: "0" }, { shareWith: a });
  db = a.openDb();
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await b?.stop();
  await a?.stop();
});

let seq = 0;
async function ownerWithDraft() {
  seq++;
  const user = await addUser(db, `node-owner-${seq}-${process.pid}@test.example`, "owner");
  const { cookie } = await addSession(db, user.id);
  const businessId = await createBusiness(db, user.id);
  // Each step goes to the other node than the one before: nothing may depend on node memory.
  const on = (i: number) => client(nodes()[i % 2]!);
  const started = await on(seq).post(
    "/applications/new?programme=support-fund",
    { programme: "support-fund", businessId: String(businessId) },
    { cookie },
  );
  expect(started.status).toBe(302);
  const key = started.headers.get("location")!.split("/").pop()!.split("?")[0]!;
  expect((await on(seq + 1).post(`/applications/${key}/facts`, Object.fromEntries(restrictedRestaurantForm()), { cookie })).status).toBe(302);
  expect(
    (
      await on(seq).post(
        `/applications/${key}/account`,
        { intent: "save", bankCode: "004", accountNumber: "123-456-789012", holderName: "Kim Minji" },
        { cookie },
      )
    ).status,
  ).toBe(302);
  const form = new FormData();
  form.set("requirementCode", "business-registration");
  form.set("file", new Blob([Buffer.from(pdfBytes(`registration ${seq}`))], { type: "application/pdf" }), "registration.pdf");
  const node = nodes()[(seq + 1) % 2]!;
  const upload = await fetch(`${node.url}/applications/${key}/documents`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: node.url, Cookie: cookie, "Accept-Language": "en" },
    body: form,
  });
  expect(upload.status).toBe(302);
  return { user, cookie, businessId, key };
}

const submit = (i: number, key: string, cookie: string) =>
  client(nodes()[i % 2]!).post(`/applications/${key}/check`, { declaration: "yes" }, { cookie });

describe("two nodes on one database", () => {
  it("50 parallel submits of one business's application across both nodes make exactly one application", async () => {
    const { key, cookie, businessId } = await ownerWithDraft();
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => submit(i, key, cookie)));
    expect(responses.map((r) => r.status).filter((s) => s !== 302)).toEqual([]);
    const locations = new Set(responses.map((r) => r.headers.get("location")));
    expect(locations.size).toBe(1);
    expect([...locations][0]).toMatch(/^\/applications\/SF-\d{4}-\d{6}\/confirmation$/);
    const apps = await db.selectFrom("applications").select(["status", "reference"]).where("business_id", "=", businessId).execute();
    expect(apps).toHaveLength(1);
    expect(apps[0]!.status).toBe("submitted");
    const submits = await db
      .selectFrom("status_events")
      .innerJoin("applications", "applications.id", "status_events.application_id")
      .select("status_events.id")
      .where("applications.business_id", "=", businessId)
      .where("status_events.action", "=", "submit")
      .execute();
    expect(submits).toHaveLength(1);
  }, 60_000);

  it("references stay unique and gapless per programme and year under parallel submits from both nodes", async () => {
    const drafts = [];
    for (let i = 0; i < 16; i++) drafts.push(await ownerWithDraft());
    const responses = await Promise.all(drafts.map((d, i) => submit(i, d.key, d.cookie)));
    expect(responses.map((r) => r.status)).toEqual(drafts.map(() => 302));
    const refs = await db.selectFrom("applications").select("reference").where("reference", "is not", null).execute();
    const numbers = refs.map((r) => Number(r.reference!.split("-")[2])).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(numbers.length);
    // Gapless: 1, 2, …, n (the first test's application included).
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const seqRow = await db.selectFrom("reference_sequences").select("last_value").where("prefix", "=", "SF").executeTakeFirstOrThrow();
    expect(seqRow.last_value).toBe(numbers.length);
  }, 120_000);

  it("two caseworkers on different nodes claiming one application: exactly one wins", async () => {
    const app = await db.selectFrom("applications").select("reference").where("status", "=", "submitted").orderBy("id").executeTakeFirstOrThrow();
    const staff = await Promise.all([1, 2].map((i) => addUser(db, `node-cw-${i}-${process.pid}@test.example`, "caseworker")));
    const cookies = await Promise.all(staff.map(async (s) => (await addSession(db, s.id)).cookie));
    const responses = await Promise.all(
      cookies.map((cookie, i) => client(nodes()[i]!).post(`/admin/applications/${app.reference}`, { intent: "claim" }, { cookie })),
    );
    const statuses = responses.map((r) => r.status).sort();
    // The winner is redirected; the loser is told someone else has it (409).
    expect(statuses).toEqual([302, 409]);
    const row = await db.selectFrom("applications").select("assigned_to").where("reference", "=", app.reference).executeTakeFirstOrThrow();
    expect(staff.map((s) => s.id)).toContain(row.assigned_to);
    const claims = await db
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "application.claim")
      .where("target_id", "=", app.reference)
      .execute();
    expect(claims).toHaveLength(1);
  }, 30_000);

  it("rate limits hold across nodes: of 16 parallel wrong passwords for one account, exactly 10 are tried", async () => {
    await addUser(db, `node-target-${process.pid}@test.example`, "owner");
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        client(nodes()[i % 2]!).post("/login", { email: `node-target-${process.pid}@test.example`, password: "definitely-not-it-123" }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
  }, 60_000);

  it("the audit trail is still one valid chain after writers on both nodes", async () => {
    const check = await verifyAuditChain(db);
    expect(check.ok).toBe(true);
    // Sign-in failures and the claim above were written by both processes.
    const rows = await db.selectFrom("audit_log").select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBeGreaterThanOrEqual(11);
  });

  it("the outbox is delivered exactly once with a deliverer in each of two processes", async () => {
    const smtp = fakeSmtp({ greetingDelayMs: 15 });
    await new Promise<void>((resolve) => smtp.server.listen(0, "127.0.0.1", resolve));
    const { port } = smtp.server.address() as net.AddressInfo;
    try {
      const stamp = new Date().toISOString();
      const waiting = await db.selectFrom("outbox").select("id").where("sent_at", "is", null).execute();
      const extra = Array.from({ length: 120 }, (_, i) => ({
        to_address: `mass-${i}@test.example`,
        subject: `mass ${i}`,
        body_text: "hello",
        created_at: stamp,
      }));
      await db.insertInto("outbox").values(extra).execute();
      const expected = waiting.length + extra.length;
      const tsx = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
      const workers = [0, 1].map(() => {
        const child = spawn(process.execPath, [tsx, "--tsconfig", "tsconfig.json", "tests/helpers/outbox-worker.ts"], {
          cwd: ROOT,
          env: { ...process.env, ...a.databaseEnv, SMTP_URL: `smtp://127.0.0.1:${port}`, PORTAL_ENV: "test" },
        });
        let out = "";
        const ready = new Promise<void>((resolve) => child.stdout.on("data", (c) => ((out += c), out.includes("ready") && resolve())));
        child.stderr.on("data", (c) => (out += c));
        const done = new Promise<string>((resolve) => child.on("exit", () => resolve(out)));
        return { child, ready, done };
      });
      // Both deliverers start together once both are loaded (a barrier, not a guessed start time).
      await Promise.all(workers.map((w) => w.ready));
      for (const w of workers) w.child.stdin.end("go\n");
      const outputs = await Promise.all(workers.map((w) => w.done));
      const sentBy = outputs.map((o) => JSON.parse(o.trim().split("\n").at(-1)!) as { sent: number });
      expect(sentBy.reduce((n, r) => n + r.sent, 0)).toBe(expected);
      // Both processes took part, and the mail server saw each message once.
      expect(
        sentBy.every((r) => r.sent > 0),
        outputs.join("\n---\n"),
      ).toBe(true);
      const mass = smtp.messages.map((m) => m.match(/^Subject: (mass \d+)\r?$/m)?.[1]).filter(Boolean);
      expect(mass).toHaveLength(extra.length);
      expect(new Set(mass).size).toBe(extra.length);
      // Each message was attempted once, and none is left waiting.
      const rows = await db.selectFrom("outbox").select(["sent_at", "attempts"]).execute();
      expect(rows.filter((r) => r.sent_at === null || r.attempts !== 1)).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    }
  }, 60_000);
});
