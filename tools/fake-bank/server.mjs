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
import path from "node:path";
import { fileURLToPath } from "node:url";
import { refuseInProduction, send, startLocalService } from "../local-service/http.mjs";

refuseInProduction("fake bank", "the local bank is for development and tests; production connects to the real inquiry (docs/payments.md)");

const here = path.dirname(fileURLToPath(import.meta.url));
const data = JSON.parse(fs.readFileSync(process.env.BANK_DATA ?? path.join(here, "accounts.json"), "utf8"));
const key = (bank, number) => `${bank}:${number}`;
const accounts = new Map();
const put = (a) => accounts.set(key(String(a.bank), String(a.number)), { holder: String(a.holder), state: a.state === "closed" ? "closed" : "open" });
data.accounts.forEach(put);

let inquiries = 0;

const bank = startLocalService({
  name: "fake bank",
  envPrefix: "BANK",
  defaultPort: 3300,
  bodyLimit: 1_000_000,
  onControl: (body) => Array.isArray(body.accounts) && body.accounts.forEach(put),
  async handle(req, res, url) {
    if (req.method === "GET" && url.pathname === "/_stats") return send(res, 200, { inquiries });
    if (req.method !== "POST" || url.pathname !== "/api/v1/account-holder") return send(res, 404, { result: "not_found_path" });
    const body = await bank.readJson(req);
    inquiries += 1;
    if (await bank.faulted(res, { result: "unavailable" })) return;
    const bankCode = String(body?.bank_code ?? "");
    const number = String(body?.account_number ?? "");
    if (!/^\d{3}$/.test(bankCode) || !/^\d{10,14}$/.test(number)) return send(res, 400, { result: "bad_request" });
    const account = accounts.get(key(bankCode, number));
    if (!account) return send(res, 200, { result: "not_found" });
    if (account.state === "closed") return send(res, 200, { result: "closed" });
    send(res, 200, { result: "found", holder_name: account.holder });
  },
});
bank.server.keepAliveTimeout = 65_000;
