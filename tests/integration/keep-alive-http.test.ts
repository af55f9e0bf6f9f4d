import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSession, addUser } from "../helpers/accounts";
import { startServer, type RunningServer } from "../helpers/server";

// A pooled client (a crawler, a proxy's upstream pool) sends request after request on one socket.
// Every one of them must get an answer: none may meet a socket the server is closing.
describe("many POSTs back to back on one keep-alive connection", () => {
  let server: RunningServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer({ LOG_REQUESTS: "0" });
    const db = server.openDb();
    try {
      const user = await addUser(db, "keepalive-caseworker@test.example", "caseworker");
      cookie = (await addSession(db, user.id)).cookie;
    } finally {
      await db.destroy();
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  const hostile = ["%00", '{"$ne":null}', "", "0".repeat(5000), "' OR 1=1 --", "<script>", "１２３４５６", "\u0000\u0001", "123456"];

  function post(agent: http.Agent, path: string, body: string, headers: Record<string, string> = {}) {
    return new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
      const url = new URL(path, server.url);
      const req = http.request(
        url,
        {
          method: "POST",
          agent,
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": Buffer.byteLength(body),
            Origin: server.url,
            "Accept-Language": "ko",
            ...headers,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, socket: req.socket }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  it("answers every one, on the same socket, as every role's forms are sent hostile values", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const sockets = new Set<unknown>();
      const statuses: number[] = [];
      for (let i = 0; i < 240; i++) {
        const code = hostile[i % hostile.length]!;
        const target = i % 3 === 0 ? "/login" : "/two-factor/setup";
        const body = target === "/login" ? new URLSearchParams({ email: code, password: code }).toString() : new URLSearchParams({ code }).toString();
        const answer = await post(agent, target, body, target === "/login" ? {} : { Cookie: cookie });
        statuses.push(answer.status);
        sockets.add(answer.socket);
      }
      expect(statuses.every((s) => s >= 200 && s < 500)).toBe(true);
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it("keeps an idle connection open longer than a proxy's or a pooled client's idle time", async () => {
    // A raw socket, so no client library quietly replaces a socket the server closed.
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), "127.0.0.1");
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    let received = "";
    let closed = false;
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("close", () => (closed = true));
    const body = "email=a&password=b";
    const request = `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nOrigin: ${server.url}\r\nConnection: keep-alive\r\n\r\n${body}`;
    const answers = async (count: number) => {
      const until = Date.now() + 10_000;
      while ((received.match(/^HTTP\/1\.1 \d{3}/gm) ?? []).length < count && !closed && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
      return (received.match(/^HTTP\/1\.1 (\d{3})/gm) ?? []).map((line) => Number(line.slice(9)));
    };
    try {
      socket.write(request);
      expect(await answers(1)).toHaveLength(1);
      // Node's default (5 s, plus its 1 s grace) closes sockets that clients still hold as reusable; ours outlasts them.
      await new Promise((r) => setTimeout(r, 7_000));
      expect(closed).toBe(false);
      socket.write(request);
      const statuses = await answers(2);
      expect(statuses).toHaveLength(2);
      expect(statuses.every((status) => status < 500)).toBe(true);
    } finally {
      socket.destroy();
    }
  });
});
