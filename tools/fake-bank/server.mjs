/**
 * The local bank: a stand-in for the banks' account-holder inquiry (예금주 확인) that the portal's
 * payee check uses, for development and tests. A real HTTP server:
 *
 *   POST /api/v1/account-holder   { "bank_code": "004", "account_number": "123456789012" }
 *   → 200 { "result": "found", "holder_name": "김민수" }
 *   → 200 { "result": "not_found" }   (no such account at that bank)
 *   → 200 { "result": "closed" }      (the account exists but is closed)
 *   → 400 { "result": "bad_request" } (a body that is not a bank code and 10–14 digits)
 *
 * Accounts: tools/fake-bank/accounts.json, or BANK_DATA (a JSON file of the same shape).
 * Faults on demand: BANK_DELAY_MS (every answer waits), BANK_FAIL=1 (every answer is a 503), or at
 * run time POST /_control { "delayMs": 20, "fail": false, "accounts": [{ "bank", "number", "holder",
 * "state" }] } — accounts given there are added or replace the one with the same bank and number
 * (a holder that changes between two answers). GET /_stats { "inquiries": n }.
 * BANK_PORT (default 3300), BANK_HOST (default 127.0.0.1).
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

if (process.env.PORTAL_ENV === "production") {
  console.error("fake bank: the local bank is for development and tests; production connects to the real inquiry (docs/payments.md)");
  process.exit(1);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const data = JSON.parse(fs.readFileSync(process.env.BANK_DATA ?? path.join(here, "accounts.json"), "utf8"));
const key = (bank, number) => `${bank}:${number}`;
const accounts = new Map();
const put = (a) => accounts.set(key(String(a.bank), String(a.number)), { holder: String(a.holder), state: a.state === "closed" ? "closed" : "open" });
data.accounts.forEach(put);

const faults = { delayMs: Number(process.env.BANK_DELAY_MS ?? 0), fail: process.env.BANK_FAIL === "1" };
let inquiries = 0;

function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function readJson(req) {
  return new Promise((resolve) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c) => {
      raw += c;
      if (raw.length > 1_000_000) req.destroy();
    });
    req.on("end", () => {
      try {
        resolve(JSON.parse(raw));
      } catch {
        resolve(null);
      }
    });
  });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://bank.local");
  if (req.method === "POST" && url.pathname === "/_control") {
    const body = (await readJson(req)) ?? {};
    if (typeof body.delayMs === "number") faults.delayMs = body.delayMs;
    if (typeof body.fail === "boolean") faults.fail = body.fail;
    if (Array.isArray(body.accounts)) body.accounts.forEach(put);
    return send(res, 200, faults);
  }
  if (req.method === "GET" && url.pathname === "/_stats") return send(res, 200, { inquiries });
  if (req.method !== "POST" || url.pathname !== "/api/v1/account-holder") return send(res, 404, { result: "not_found_path" });
  const body = await readJson(req);
  inquiries += 1;
  if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
  if (res.destroyed) return;
  if (faults.fail) return send(res, 503, { result: "unavailable" });
  const bank = String(body?.bank_code ?? "");
  const number = String(body?.account_number ?? "");
  if (!/^\d{3}$/.test(bank) || !/^\d{10,14}$/.test(number)) return send(res, 400, { result: "bad_request" });
  const account = accounts.get(key(bank, number));
  if (!account) return send(res, 200, { result: "not_found" });
  if (account.state === "closed") return send(res, 200, { result: "closed" });
  send(res, 200, { result: "found", holder_name: account.holder });
});

const port = Number(process.env.BANK_PORT ?? 3300);
const host = process.env.BANK_HOST ?? "127.0.0.1";
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => console.log(`fake bank listening on http://${host}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
