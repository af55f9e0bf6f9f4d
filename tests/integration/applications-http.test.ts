import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { addSession, addUser, client, serverDb } from "../helpers/accounts";
import { restrictedRestaurantForm } from "../helpers/facts";
import { createBusiness, pdfBytes } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../helpers/server";

let server: RunningServer;
let db: Kysely<Database>;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  server = await startServer();
  db = serverDb(server);
  http = client(server);
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

async function owner(email: string) {
  const user = await addUser(db, email, "owner");
  const { cookie } = await addSession(db, user.id);
  return { user, cookie };
}

function upload(path: string, cookie: string, file: { name: string; bytes: Uint8Array; type?: string }, requirementCode = "business-registration") {
  const form = new FormData();
  form.set("requirementCode", requirementCode);
  form.set("file", new Blob([Buffer.from(file.bytes)], { type: file.type ?? "application/pdf" }), file.name);
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, Cookie: cookie, "Accept-Language": "en" },
    body: form,
  });
}

const facts = Object.fromEntries(restrictedRestaurantForm());

describe("applying over HTTP", () => {
  let me: { user: { id: number }; cookie: string };
  let draft: string;

  it("starts a draft for the owner's own business only", async () => {
    me = await owner("http-owner@test.example");
    const businessId = await createBusiness(db, me.user.id);
    const stranger = await owner("http-stranger@test.example");
    const refused = await http.post(
      "/applications/new?programme=support-fund",
      { programme: "support-fund", businessId: String(businessId) },
      { cookie: stranger.cookie },
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Choose one of your businesses");

    const res = await http.post(
      "/applications/new?programme=support-fund",
      { programme: "support-fund", businessId: String(businessId) },
      { cookie: me.cookie },
    );
    expect(res.status).toBe(302);
    draft = res.headers.get("location")!.split("/").pop()!.split("?")[0]!;
    expect(draft).toMatch(/^d[a-z0-9]{12}$/);
    expect((await http.get(`/applications/${draft}`, { cookie: stranger.cookie })).status).toBe(404);
  });

  it("answers bad input with 400 and the input kept, never a 500", async () => {
    const bad = await http.post(`/applications/${draft}/facts`, { ...facts, employees: "-3" }, { cookie: me.cookie });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain('value="-3"');
    expect((await http.post(`/applications/${draft}/facts`, facts, { cookie: me.cookie })).status).toBe(302);

    // The payout account step: a wrong shape is answered at its field with the input kept.
    const account = { intent: "save", bankCode: "004", accountNumber: "12-34", holderName: "Kim Minji" };
    const short = await http.post(`/applications/${draft}/account`, account, { cookie: me.cookie });
    expect(short.status).toBe(400);
    const shortHtml = await short.text();
    expect(shortHtml).toContain("There is a problem");
    expect(shortHtml).toContain("An account number has 10 to 14 digits; you entered 4.");
    expect(shortHtml).toContain('value="12-34"');
    expect((await http.post(`/applications/${draft}/account`, { intent: "nonsense" }, { cookie: me.cookie })).status).toBe(400);
    const saved = await http.post(`/applications/${draft}/account`, { ...account, accountNumber: "123-456-789012" }, { cookie: me.cookie });
    expect(saved.status).toBe(302);
    // No bank answers in these tests: saved, unchecked, and the owner is told so.
    expect(saved.headers.get("location")).toBe(`/applications/${draft}/account?saved=unchecked`);
  });

  it("refuses a renamed executable, an empty file and an 11 MB file with clear messages", async () => {
    const exe = await upload(`/applications/${draft}/documents`, me.cookie, {
      name: "lease.pdf",
      bytes: new TextEncoder().encode("MZ\u0090\u0000 program"),
    });
    expect(exe.status).toBe(400);
    expect(await exe.text()).toContain("The file must be a PDF, PNG or JPEG");
    const empty = await upload(`/applications/${draft}/documents`, me.cookie, { name: "empty.pdf", bytes: new Uint8Array(0) });
    expect(empty.status).toBe(400);
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(pdfBytes());
    const tooBig = await upload(`/applications/${draft}/documents`, me.cookie, { name: "big.pdf", bytes: big });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toContain("The file must be 10 MB or smaller");
    const count = await db.selectFrom("application_documents").select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("stores a PDF and gives the same bytes back as an attachment, to its owner only", async () => {
    const bytes = pdfBytes("registration certificate");
    const res = await upload(`/applications/${draft}/documents`, me.cookie, { name: "../../../etc/등록증.pdf", bytes });
    expect(res.status).toBe(302);
    const doc = await db.selectFrom("application_documents").select(["id", "display_name"]).executeTakeFirstOrThrow();
    expect(doc.display_name).toBe("등록증.pdf");
    const download = await http.get(`/applications/${draft}/documents/${doc.id}`, { cookie: me.cookie });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-disposition")).toMatch(
      /^attachment; filename="___?\.pdf"; filename\*=UTF-8''%EB%93%B1%EB%A1%9D%EC%A6%9D\.pdf$/,
    );
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    const stranger = await owner("http-stranger2@test.example");
    expect((await http.get(`/applications/${draft}/documents/${doc.id}`, { cookie: stranger.cookie })).status).toBe(404);
  });

  it("names each uploaded file on the check page by the document it is", async () => {
    const html = await (await http.get(`/applications/${draft}/check`, { cookie: me.cookie })).text();
    expect(html).toMatch(/Business registration certificate<\/dt>\s*<dd[^>]*>등록증\.pdf/);
  });

  it("submits once, then the draft address forwards to the reference and editing is over", async () => {
    const missing = await http.post(`/applications/${draft}/check`, {}, { cookie: me.cookie });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Tick the box to confirm the declaration");
    const res = await http.post(`/applications/${draft}/check`, { declaration: "yes" }, { cookie: me.cookie });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/applications\/SF-\d{4}-\d{6}\/confirmation$/);
    const reference = location.split("/")[2]!;
    const again = await http.post(`/applications/${draft}/check`, { declaration: "yes" }, { cookie: me.cookie });
    expect(again.headers.get("location")).toBe(location);
    const forward = await http.get(`/applications/${draft}`, { cookie: me.cookie });
    expect(forward.status).toBe(302);
    expect(forward.headers.get("location")).toBe(`/applications/${reference}`);
    // Editing after submission changes nothing; the owner is sent to the tracking page.
    const edit = await http.post(`/applications/${reference}/questions`, { anything: "changed" }, { cookie: me.cookie });
    expect(edit.status).toBe(302);
    expect(edit.headers.get("location")).toBe(`/applications/${reference}`);
    const stored = await db.selectFrom("applications").select("answers").where("reference", "=", reference).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.answers)).toEqual({});
    const page = await (await http.get(`/applications/${reference}`, { cookie: me.cookie })).text();
    expect(page).toContain(`Application ${reference}`);
    expect(page).toContain("Submitted");
  });

  it("refuses a cross-site POST and sends visitors to sign in", async () => {
    expect(
      (await http.post(`/applications/${draft}/check`, { declaration: "yes" }, { cookie: me.cookie, origin: "https://evil.example" })).status,
    ).toBe(403);
    const visitor = await http.get(`/applications/${draft}`);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });
});
