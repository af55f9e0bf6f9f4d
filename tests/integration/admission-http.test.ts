import http from "node:http";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { addSession, addUser, serverDb } from "../helpers/accounts";
import { restrictedRestaurantForm } from "../helpers/facts";
import { startServer, type RunningServer } from "../helpers/server";

/**
 * The waiting room through the built server. One request in flight saturates the node
 * (ADMISSION_MAX_INFLIGHT=1); a POST whose body we send slowly holds that slot for as long as we
 * like, so saturation is deterministic.
 */
let server: RunningServer;
let db: Kysely<Database>;
const results = `/eligibility?${restrictedRestaurantForm().toString()}`;

beforeAll(async () => {
  server = await startServer({ ADMISSION_MAX_INFLIGHT: "1", ADMISSION_SECRET: "x".repeat(40) });
  db = serverDb(server);
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

/** Starts a POST to /language and sends half its body: the request stays in flight until `finish()`. */
function holdASlot(): Promise<{ finish: () => Promise<number> }> {
  const url = new URL(server.url);
  const body = "lng=en&redirectTo=%2F";
  return new Promise((resolve) => {
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: "/language",
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": body.length, Origin: server.url },
    });
    const done = new Promise<number>((r) => req.on("response", (res) => (res.resume(), r(res.statusCode ?? 0))));
    req.write(body.slice(0, 5));
    // Give the server a moment to accept it and pass it to the app.
    setTimeout(() => resolve({ finish: () => (req.end(body.slice(5)), done) }), 300);
  });
}

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { redirect: "manual", headers: { "Accept-Language": "en", ...headers } });
const ticketOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith("portal_admission="))
    ?.split(";")[0];

describe("admission control over HTTP", () => {
  it("answers a new visitor on a saturated node with a fast, honest waiting page, and lets the rest through", async () => {
    const owner = await addUser(db, "waiting-owner@test.example", "owner");
    const { cookie: ownerCookie } = await addSession(db, owner.id);
    const staff = await addUser(db, "waiting-staff@test.example", "caseworker");
    const { cookie: staffCookie } = await addSession(db, staff.id);

    expect((await get(results)).status).toBe(200); // room: straight in

    const slot = await holdASlot();
    const started = performance.now();
    const first = await get(results);
    const elapsed = performance.now() - started;
    expect(first.status).toBe(503);
    expect(elapsed).toBeLessThan(100);
    expect(first.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(first.headers.get("cache-control")).toBe("no-store, no-transform");
    const html = await first.text();
    expect(html).toContain('<meta http-equiv="refresh"');
    expect(html).toContain("Your place in line: <strong>1</strong>");
    expect(html).not.toContain("<script");
    const ticket = ticketOf(first)!;
    expect(ticket).toBeTruthy();
    expect(first.headers.getSetCookie().join()).toMatch(/HttpOnly; SameSite=Lax/);

    // Korean by default.
    const ko = await fetch(`${server.url}/programmes`, { headers: { "Accept-Language": "ko-KR,ko;q=0.9" } });
    expect(ko.status).toBe(503);
    const koHtml = await ko.text();
    expect(koHtml).toContain('<html lang="ko">');
    expect(koHtml).toContain("<strong>2</strong>번째");

    // A refresh keeps the place; a forged ticket is a new visitor at the back.
    const refresh = await get(results, { Cookie: ticket });
    expect(await refresh.text()).toContain("<strong>1</strong>");
    expect(ticketOf(refresh)).toBeUndefined();
    const forged = await get(results, { Cookie: ticket.slice(0, -4) + "AAAA" });
    expect(await forged.text()).toContain("<strong>3</strong>");

    // Signed-in owners, staff, the health check, static files and signing in pass.
    expect((await get(results, { Cookie: ownerCookie })).status).toBe(200);
    expect((await get("/admin", { Cookie: staffCookie })).status).toBe(200);
    expect((await get("/healthz")).status).toBe(200);
    expect((await get("/favicon.svg")).status).toBe(200);
    expect((await get("/login")).status).toBe(200);
    // Client-side navigations of a page already loaded (Remix single fetch) are not turned into waiting pages.
    expect((await get(`/eligibility.data?${restrictedRestaurantForm().toString()}`)).status).toBe(200);
    // A form sent from a page already shown is answered, not turned into a waiting page: nothing typed is lost.
    const sent = await fetch(`${server.url}/register`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "not an email", password: "short" }),
    });
    expect(sent.status).toBe(400);
    expect(await sent.text()).toContain('value="not an email"');

    // Room again: the ticket comes up within a few release ticks, and brings a pass.
    expect(await slot.finish()).toBe(302);
    let admitted: Response | undefined;
    for (let i = 0; i < 40 && !admitted; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const res = await get(results, { Cookie: ticket });
      if (res.status === 200) admitted = res;
      else await res.text();
    }
    expect(admitted?.status).toBe(200);
    const pass = ticketOf(admitted!)!;
    expect(pass).toBeTruthy();
    await admitted!.text();

    // The pass holds while the node is saturated again; the spent ticket does not (replay).
    const again = await holdASlot();
    expect((await get(results, { Cookie: pass })).status).toBe(200);
    const replay = await get(results, { Cookie: ticket });
    expect(replay.status).toBe(503);
    expect(ticketOf(replay)).not.toBe(ticket);
    await again.finish();
  });
});
