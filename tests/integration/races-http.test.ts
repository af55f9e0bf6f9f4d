import crypto from "node:crypto";
import net from "node:net";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { addSession, addUser, client, serverDb } from "../helpers/accounts";
import { startServer, type RunningServer } from "../helpers/server";
import { hashPassword } from "../../app/modules/accounts/password.server";

/**
 * Races over real HTTP between two instances of the built server sharing one database file, as two
 * app servers behind a load balancer would.
 */
let a: RunningServer;
let b: RunningServer;
let db: Kysely<Database>;

beforeAll(async () => {
  a = await startServer();
  b = await startServer({}, { shareWith: a });
  db = serverDb(a);
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await b?.stop();
  await a?.stop();
});

async function resetToken(userId: number): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  const stamp = new Date().toISOString();
  await db
    .insertInto("password_reset_tokens")
    .values({
      token_hash: crypto.createHash("sha256").update(token).digest("hex"),
      user_id: userId,
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
      used_at: null,
      created_at: stamp,
    })
    .execute();
  return token;
}

/**
 * Sends form POSTs to several servers so that they arrive together: every request is written but
 * its last byte, and once every socket has flushed, the last bytes go out in one loop (a barrier;
 * no server can start an action before its body is complete).
 */
async function simultaneousPosts(requests: Array<{ server: RunningServer; path: string; form: Record<string, string> }>) {
  const sockets = await Promise.all(
    requests.map(
      ({ server, path, form }) =>
        new Promise<{ socket: net.Socket; last: string; response: Promise<{ status: number; location: string | null }> }>((resolve, reject) => {
          const url = new URL(server.url);
          const body = new URLSearchParams(form).toString();
          const head =
            `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nOrigin: ${server.url}\r\nAccept-Language: en\r\n` +
            `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
          const raw = head + body;
          const socket = net.connect(Number(url.port), url.hostname);
          let data = "";
          const response = new Promise<{ status: number; location: string | null }>((done) => {
            socket.on("data", (chunk) => (data += chunk.toString("latin1")));
            socket.on("end", () =>
              done({ status: Number(data.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0), location: data.match(/\r\nlocation: ([^\r]+)/i)?.[1] ?? null }),
            );
          });
          socket.once("error", reject);
          socket.once("connect", () => socket.write(raw.slice(0, -1), () => resolve({ socket, last: raw.slice(-1), response })));
        }),
    ),
  );
  for (const s of sockets) s.socket.write(s.last);
  return Promise.all(sockets.map((s) => s.response));
}

describe("password reset link used twice at once", () => {
  it("exactly one of two simultaneous uses (on two server processes) sets the password; the account's other links are spent", async () => {
    const user = await addUser(db, "race-reset@test.example", "owner", await hashPassword("the original passphrase"));
    const session = await addSession(db, user.id);
    const [token, other1, other2] = [await resetToken(user.id), await resetToken(user.id), await resetToken(user.id)];
    const passwords = ["first racer passphrase", "second racer passphrase"];

    const results = await simultaneousPosts([
      { server: a, path: `/reset-password/${token}`, form: { password: passwords[0]! } },
      { server: b, path: `/reset-password/${token}`, form: { password: passwords[1]! } },
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 400]);
    const winner = results.findIndex((r) => r.status === 302);
    expect(results[winner]!.location).toBe("/login?notice=passwordReset");

    // The winner's password works, the loser's does not, the old one neither.
    const http = client(a);
    expect((await http.post("/login", { email: user.email, password: passwords[winner]! })).status).toBe(302);
    for (const wrong of [passwords[1 - winner]!, "the original passphrase"])
      expect((await http.post("/login", { email: user.email, password: wrong })).status).toBe(400);

    // Every other link of the account was spent by the reset, on both instances.
    for (const [server, t] of [
      [a, other1],
      [b, other2],
    ] as const) {
      expect((await client(server).get(`/reset-password/${t}`)).status).toBe(400);
      const used = await client(server).post(`/reset-password/${t}`, { password: "a late attacker passphrase" });
      expect(used.status).toBe(400);
    }
    const unspent = await db
      .selectFrom("password_reset_tokens")
      .select("token_hash")
      .where("user_id", "=", user.id)
      .where("used_at", "is", null)
      .execute();
    expect(unspent).toEqual([]);
    // And the session that existed before the reset is gone.
    expect((await http.get("/account", { cookie: session.cookie })).status).toBe(302);
    const mails = await db.selectFrom("outbox").select("subject").where("to_address", "=", user.email).execute();
    expect(mails).toHaveLength(1);
  }, 60_000);
});
