import crypto from "node:crypto";
import SQLite from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { addSession, addUser, serverDb } from "../helpers/accounts";
import { createBusiness, pdfBytes } from "../helpers/fixtures";
import { builtRoutes, ROUTES, type Body, type Intent, type ReviewIntentName, type RouteSpec, type World } from "../helpers/route-matrix";
import { startServer, type RunningServer } from "../helpers/server";
import { giveAccount } from "../helpers/payments";
import { PROGRAMME_JSON_FIELDS, PROGRAMME_TEXT_FIELDS } from "../../app/modules/administration/programme-fields";
import { addDocument, saveAnswers, saveFacts, startApplication, submitApplication } from "../../app/modules/applications/applications.server";
import { decide, type Staff } from "../../app/modules/review/review.server";

/**
 * Every route of the built app against every kind of person who should be refused, over real HTTP
 * against the built server, with the database compared before and after each refused request.
 * The table lives in tests/helpers/route-matrix.ts.
 */

let server: RunningServer;
let db: Kysely<Database>;
/** The server's SQLite file, read-only (null on PostgreSQL). */
let file: SQLite.Database | null = null;
let world: World;
const cookies = {} as Record<"victim" | "attacker" | "caseworker" | "supervisor" | "admin", string>;

const STAFF_ORDER = ["caseworker", "supervisor", "admin"] as const;
/**
 * Columns compared per table when not all of them: a staff session's last_seen_at moves on every
 * request, so sessions are compared by which exist; checkpoints move with the auth.denied audit rows
 * a refusal may add (those rows are checked on their own).
 */
const COMPARED: Record<string, string | null> = { auth_session: "id, user_id", audit_checkpoints: null };

const digest = (rows: unknown[]) => {
  // Rows are hashed one by one and the hashes sorted, so the order a database returns them in does not matter.
  const hashes = rows.map((r) =>
    crypto
      .createHash("sha256")
      .update(JSON.stringify(r, (_k, v) => (Buffer.isBuffer(v) ? v.toString("base64") : typeof v === "bigint" ? String(v) : v)))
      .digest("hex"),
  );
  return `${rows.length}:${crypto.createHash("sha256").update(hashes.sort().join()).digest("hex")}`;
};

/**
 * Row count and checksum of every table. On SQLite through a separate read-only connection to the
 * server's file (better-sqlite3); on PostgreSQL through our own connection to the server's database.
 */
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (file) {
    const tables = file.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{
      name: string;
    }>;
    for (const { name } of tables)
      if (COMPARED[name] !== null) out[name] = digest(file.prepare(`SELECT ${COMPARED[name] ?? "*"} FROM "${name}"`).all());
    return out;
  }
  const tables = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(
    db,
  );
  for (const { name } of tables.rows)
    if (COMPARED[name] !== null) out[name] = digest((await sql.raw(`select ${COMPARED[name] ?? "*"} from "${name}"`).execute(db)).rows);
  return out;
}

/** A refused request may only add its own refusal to the audit trail (auth.denied). */
async function expectUnchanged(before: Record<string, string>, beforeAuditId: number, what: string) {
  const after = await snapshot();
  const audit = await db.selectFrom("audit_log").select("action").where("id", ">", beforeAuditId).execute();
  expect(
    audit.filter((a) => a.action !== "auth.denied"),
    `${what}: audit rows`,
  ).toEqual([]);
  const changed = Object.keys(after).filter((t) => t !== "audit_log" && after[t] !== before[t]);
  expect(changed, `${what}: tables changed`).toEqual([]);
}

const lastAuditId = async () =>
  Number(
    (
      await db
        .selectFrom("audit_log")
        .select((eb) => eb.fn.max("id").as("id"))
        .executeTakeFirst()
    )?.id ?? 0,
  );

function send(path: string, { cookie, body, origin = server.url }: { cookie?: string; body?: Body; origin?: string | null } = {}) {
  const headers: Record<string, string> = { "Accept-Language": "en" };
  if (cookie) headers.Cookie = cookie;
  if (body === undefined) return fetch(`${server.url}${path}`, { redirect: "manual", headers });
  if (origin) headers.Origin = origin;
  let payload: FormData | string;
  if (typeof body === "function") payload = body();
  else {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    payload = new URLSearchParams(body).toString();
  }
  return fetch(`${server.url}${path}`, { method: "POST", redirect: "manual", headers, body: payload });
}

/** Sends a request that must be refused with `status` and must change nothing. */
async function refused(what: string, status: number, path: string, opts: Parameters<typeof send>[1]) {
  await refreshVersions();
  const before = await snapshot();
  const auditId = await lastAuditId();
  const res = await send(path, opts);
  await res.arrayBuffer();
  expect(res.status, `${what}: ${opts?.body ? "POST" : "GET"} ${path}`).toBe(status);
  if (status === 302) expect(res.headers.get("location"), what).toMatch(/^\/login\?redirectTo=/);
  await expectUnchanged(before, auditId, what);
}

async function refreshVersions() {
  const rows = await db.selectFrom("applications").select(["reference", "version"]).where("reference", "is not", null).execute();
  for (const r of rows) world.versions[r.reference!] = r.version;
}

const now = () => new Date();
const facts = {
  sector: "food_service",
  region: "seoul",
  employees: "3",
  openedOn: "2018-03-01",
  businessState: "operating",
  premises: "rented",
  monthlyRent: "1,500,000",
  covidMeasure: "restriction",
  sales2019: "200000000",
  sales2020: "150000000",
  taxArrears: "no",
  loanDefault: "no",
};

/** A complete draft of `programme` for a new business of `ownerId`; submitted unless `draft`. */
async function application(
  ownerId: number,
  programme: "support-fund" | "rent-loan" = "support-fund",
  { draft = false, loan = 8_000_000, businessId }: { draft?: boolean; loan?: number; businessId?: number } = {},
) {
  const opts = { now: now(), db };
  const business = businessId ?? (await createBusiness(db, ownerId));
  const started = await startApplication({ ownerId, businessId: business, programmeSlug: programme }, opts);
  if (!started.ok) throw new Error(started.reason);
  const key = started.key;
  expect(await saveFacts({ key, ownerId, form: new URLSearchParams(facts) }, opts)).toEqual({ ok: true });
  if (programme === "rent-loan") expect(await saveAnswers({ key, ownerId, form: { requestedAmount: String(loan) } }, opts)).toEqual({ ok: true });
  await giveAccount(key, ownerId, { db: opts.db });
  const docs = programme === "support-fund" ? ["business-registration"] : ["business-registration", "lease-contract"];
  for (const code of docs)
    expect(await addDocument({ key, ownerId, requirementCode: code, fileName: `${code}.pdf`, bytes: pdfBytes(code) }, opts)).toMatchObject({
      ok: true,
    });
  const documentId = (
    await db
      .selectFrom("application_documents")
      .innerJoin("applications", "applications.id", "application_documents.application_id")
      .select("application_documents.id")
      .where("applications.public_id", "=", key)
      .executeTakeFirstOrThrow()
  ).id;
  if (draft) return { key, documentId, businessId: business };
  const submitted = await submitApplication({ key, ownerId, declared: true }, opts);
  if (!submitted.ok) throw new Error(submitted.reason);
  return { key: submitted.reference, documentId, businessId: business };
}

beforeAll(async () => {
  server = await startServer();
  db = serverDb(server);
  if (server.databasePath) file = new SQLite(server.databasePath, { readonly: true });
  const user = async (name: string, role: Staff["role"] | "owner") => {
    const row = await addUser(db, `matrix-${name}@test.example`, role);
    if (name in { victim: 1, attacker: 1, caseworker: 1, supervisor: 1, admin: 1 })
      cookies[name as keyof typeof cookies] = (await addSession(db, row.id)).cookie;
    return { id: row.id, email: row.email, role } as Staff;
  };
  const victim = await user("victim", "owner");
  // A second device, so that "sign out other sessions" sent cross-site would have something to delete.
  await addSession(db, victim.id);
  await user("attacker", "owner");
  const caseworker = await user("caseworker", "caseworker");
  await user("supervisor", "supervisor");
  await user("admin", "admin");
  const colleague = await user("colleague", "caseworker");
  const bystander = await user("bystander", "owner");

  const draft = await application(victim.id, "support-fund", { draft: true });
  const draftToSubmit = await application(victim.id, "support-fund", { draft: true });
  const submitted = await application(victim.id);
  const infoRequested = await application(victim.id);
  const act = async (ref: string, staff: Staff, intent: ReviewIntentName, extra: Record<string, unknown> = {}) => {
    const version = (await db.selectFrom("applications").select("version").where("reference", "=", ref).executeTakeFirstOrThrow()).version;
    const result = await decide({ ref, version, intent, staff, ...extra } as Parameters<typeof decide>[0], { now: now(), db });
    if (!result.ok) throw new Error(`${intent}: ${JSON.stringify(result)}`);
  };
  for (const intent of ["claim", "start_review", "request_info"] as const)
    await act(infoRequested.key, caseworker, intent, { message: "Send the lease" });

  // One application per review intent, left in the state where that intent succeeds.
  const applicant = await user("applicant", "owner");
  const review = {} as Record<ReviewIntentName, string>;
  let reviewDocumentId = 0;
  const order: ReviewIntentName[] = [
    "claim",
    "reassign",
    "start_review",
    "add_note",
    "request_info",
    "approve",
    "reject",
    "confirm_approval",
    "decline_approval",
    "mark_paid",
  ];
  for (const intent of order) {
    const loan = intent === "confirm_approval" || intent === "decline_approval";
    const made = await application(applicant.id, loan ? "rent-loan" : "support-fund");
    review[intent] = made.key;
    if (intent === "claim") {
      reviewDocumentId = made.documentId;
      continue;
    }
    await act(made.key, caseworker, "claim");
    if (["reassign", "start_review", "add_note"].includes(intent)) continue;
    await act(made.key, caseworker, "start_review");
    if (loan) await act(made.key, caseworker, "approve", { awardKrw: 8_000_000 });
    if (intent === "mark_paid") await act(made.key, caseworker, "approve", { awardKrw: 2_000_000 });
  }

  const token = crypto.randomBytes(32).toString("base64url");
  const stamp = new Date().toISOString();
  await db
    .insertInto("password_reset_tokens")
    .values({
      token_hash: crypto.createHash("sha256").update(token).digest("hex"),
      user_id: bystander.id,
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
      used_at: null,
      created_at: stamp,
    })
    .execute();

  const programme = await db.selectFrom("programmes").selectAll().where("slug", "=", "support-fund").executeTakeFirstOrThrow();
  const programmeForm: Record<string, string> = { version: String(programme.version) };
  const row = programme as unknown as Record<string, unknown>;
  for (const f of [
    ...PROGRAMME_TEXT_FIELDS,
    "opens_on",
    "closes_on",
    "status",
    "capacity",
    "target_count",
    "budget_krw",
    "four_eyes_threshold_krw",
    ...PROGRAMME_JSON_FIELDS,
  ]) {
    programmeForm[f] = row[f] === null || row[f] === undefined ? "" : String(row[f]);
  }
  const business = await db.selectFrom("businesses").select("registration_number").where("id", "=", draft.businessId).executeTakeFirstOrThrow();

  world = {
    draft: draft.key,
    draftDocumentId: draft.documentId,
    draftToSubmit: draftToSubmit.key,
    submitted: submitted.key,
    submittedDocumentId: submitted.documentId,
    infoRequested: infoRequested.key,
    businessId: draft.businessId,
    businessNumber: business.registration_number,
    review,
    versions: {},
    reviewDocumentId,
    colleagueId: colleague.id,
    programmeForm,
    resetToken: token,
  };
  await refreshVersions();
}, 120_000);

afterAll(async () => {
  file?.close();
  await db?.destroy();
  await server?.stop();
});

const entries = Object.entries(ROUTES);
const intentsOf = (spec: RouteSpec) => Object.entries(spec.posts ?? {});
const intentPath = (spec: RouteSpec, intent: Intent) => (intent.path ?? spec.path)(world);

/** The person the route is for: their GET succeeds and their POSTs are not refused by a guard. */
function allowedCookie(spec: RouteSpec): string | undefined {
  const a = spec.access;
  if (a === "public") return undefined;
  if (typeof a === "object") return cookies[a.staff];
  return cookies.victim;
}

describe("the matrix covers the built app", () => {
  it("every route of the build has a row, and every row is a route of the build", () => {
    const built = builtRoutes();
    expect(Object.keys(built).length).toBeGreaterThan(30);
    const missing = Object.keys(built).filter((id) => !(id in ROUTES));
    expect(missing, "routes without a row in tests/helpers/route-matrix.ts: say who may use them").toEqual([]);
    const stale = Object.keys(ROUTES).filter((id) => !(id in built));
    expect(stale, "rows for routes the build does not have").toEqual([]);
  });

  it("every route with an action declares its intents, and only those do", () => {
    const built = builtRoutes();
    const undeclared = Object.entries(built)
      .filter(([id, r]) => r.hasAction && !intentsOf(ROUTES[id]!).length)
      .map(([id]) => id);
    expect(undeclared, "routes with an action but no intents in the matrix").toEqual([]);
    const phantom = Object.entries(built)
      .filter(([id, r]) => !r.hasAction && intentsOf(ROUTES[id]!).length)
      .map(([id]) => id);
    expect(phantom).toEqual([]);
  });

  it("each row's address is an address of its route", () => {
    const built = builtRoutes();
    for (const [id, spec] of entries) {
      if (id === "root" || id === "routes/$") continue;
      const pattern = new RegExp(`^${built[id]!.fullPath.replace(/[.[\]]/g, "\\$&").replace(/:[a-z]+/gi, "[^/]+")}/?$`);
      expect(spec.path(world).split("?")[0], id).toMatch(pattern);
    }
  });
});

describe("the people a route is for get it", () => {
  it.each(entries)("%s", async (id, spec) => {
    const res = await send(spec.path(world), { cookie: allowedCookie(spec) });
    await res.arrayBuffer();
    expect(res.status, `${id} GET ${spec.path(world)}`).toBe(spec.getStatus ?? 200);
  });

  it.each(entries.filter(([, s]) => s.access === "user" || s.access === "ownerRecordOrStaff"))("%s: staff too", async (id, spec) => {
    const res = await send(spec.path(world), { cookie: cookies.caseworker });
    await res.arrayBuffer();
    expect(res.status, `${id} GET ${spec.path(world)} as a caseworker`).toBe(spec.getStatus ?? 200);
  });
});

describe("visitors are sent to sign in, and their POSTs change nothing", () => {
  it.each(entries.filter(([, s]) => s.access !== "public"))("%s", async (id, spec) => {
    await refused(`${id} visitor`, 302, spec.path(world), {});
    for (const [name, intent] of intentsOf(spec)) await refused(`${id} ${name} visitor`, 302, intentPath(spec, intent), { body: intent.body(world) });
  });
});

describe("another owner gets 404 for an owner's records, and nothing changes", () => {
  it.each(entries.filter(([, s]) => s.access === "ownerRecord" || s.access === "ownerRecordOrStaff"))("%s", async (id, spec) => {
    await refused(`${id} other owner`, 404, spec.path(world), { cookie: cookies.attacker });
    for (const [name, intent] of intentsOf(spec)) {
      await refused(`${id} ${name} other owner`, intent.otherOwnerStatus ?? 404, intentPath(spec, intent), {
        cookie: cookies.attacker,
        body: intent.body(world),
      });
    }
  });

  it.each(entries.filter(([, s]) => s.access === "owner"))("%s: another owner's data in the form is refused too", async (id, spec) => {
    for (const [name, intent] of intentsOf(spec).filter(([, i]) => i.otherOwnerStatus)) {
      await refused(`${id} ${name} other owner`, intent.otherOwnerStatus!, intentPath(spec, intent), {
        cookie: cookies.attacker,
        body: intent.body(world),
      });
    }
  });
});

describe("staff get 403 on owners' pages, and nothing changes", () => {
  it.each(entries.filter(([, s]) => s.access === "owner" || s.access === "ownerRecord"))("%s", async (id, spec) => {
    await refused(`${id} caseworker`, 403, spec.path(world), { cookie: cookies.caseworker });
    for (const [name, intent] of intentsOf(spec))
      await refused(`${id} ${name} caseworker`, 403, intentPath(spec, intent), { cookie: cookies.caseworker, body: intent.body(world) });
  });
});

describe("owners and lower staff roles get 404 in the staff area (403 where the role decides an action), and nothing changes", () => {
  it.each(entries.filter(([, s]) => typeof s.access === "object"))("%s", async (id, spec) => {
    const min = (spec.access as { staff: (typeof STAFF_ORDER)[number] }).staff;
    const lower = STAFF_ORDER.slice(0, STAFF_ORDER.indexOf(min));
    for (const who of ["victim", ...lower] as const) {
      await refused(`${id} ${who}`, 404, spec.path(world), { cookie: cookies[who] });
      for (const [name, intent] of intentsOf(spec))
        await refused(`${id} ${name} ${who}`, 404, intentPath(spec, intent), { cookie: cookies[who], body: intent.body(world) });
    }
    for (const [name, intent] of intentsOf(spec).filter(([, i]) => i.roleMatters)) {
      const below = STAFF_ORDER.slice(STAFF_ORDER.indexOf(min), STAFF_ORDER.indexOf(intent.roleMatters!));
      for (const who of below)
        await refused(`${id} ${name} ${who}`, 403, intentPath(spec, intent), { cookie: cookies[who], body: intent.body(world) });
    }
  });
});

describe("every POST from another site, or with no origin at all, gets 403 and changes nothing", () => {
  it.each(entries.filter(([, s]) => intentsOf(s).length))("%s", async (id, spec) => {
    for (const [name, intent] of intentsOf(spec)) {
      const cookie = allowedCookie(spec);
      await refused(`${id} ${name} cross-site`, 403, intentPath(spec, intent), { cookie, body: intent.body(world), origin: "https://evil.example" });
      await refused(`${id} ${name} no origin`, 403, intentPath(spec, intent), { cookie, body: intent.body(world), origin: null });
    }
  });
});

describe("the same POSTs from the person allowed do change the database (so the refusals above are real)", () => {
  it.each(entries.filter(([, s]) => s.access !== "public" && s.access !== "owner" && s.access !== "user" && intentsOf(s).length))(
    "%s",
    async (id, spec) => {
      for (const [name, intent] of intentsOf(spec)) {
        await refreshVersions();
        const before = await snapshot();
        const cookie = typeof spec.access === "object" ? cookies.admin : cookies.victim;
        const res = await send(intentPath(spec, intent), { cookie, body: intent.body(world) });
        const text = await res.text();
        if (intent.allowedStatus) expect(res.status, `${id} ${name}: ${text.slice(0, 300)}`).toBe(intent.allowedStatus);
        else expect(res.status, `${id} ${name}: ${text.slice(0, 300)}`).toBeLessThan(400);
        const after = await snapshot();
        const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
        if (intent.writes === false) expect(changed, `${id} ${name}`).toEqual([]);
        else expect(changed.length, `${id} ${name} changed nothing`).toBeGreaterThan(0);
      }
    },
  );
});
