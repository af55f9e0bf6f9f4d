/**
 * The local business register: a stand-in for the National Tax Service's "business registration
 * authenticity and status" service (사업자등록정보 진위확인 및 상태조회), for development and tests.
 * A real HTTP server answering like the real one:
 *
 *   POST /api/nts-businessman/v1/validate
 *   { "businesses": [{ "b_no": "2208123455", "start_dt": "20180402", "p_nm": "김민수" }] }
 *   → { "status_code": "OK", "request_cnt": 1, "valid_cnt": 1, "data": [{ "b_no": "…", "valid": "01",
 *       "request_param": {…}, "status": { "b_no": "…", "b_stt": "계속사업자", "b_stt_cd": "01" } }] }
 *
 * valid "01" when the number, the opening date and the representative (any of joint ones) belong
 * together, "02" otherwise (and then no status, as the real service does); b_stt_cd 01 operating,
 * 02 suspended (휴업), 03 closed (폐업).
 *
 * Records: tools/business-register/businesses.json, or BR_DATA (a JSON file of the same shape).
 * Faults on demand: BR_DELAY_MS (every answer waits), BR_FAIL=1 (every answer is a 503), or at run
 * time POST /_control { "delayMs": 0, "fail": false } (development and tests only, like the rest).
 * BR_PORT (default 3200), BR_HOST (default 127.0.0.1).
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

if (process.env.PORTAL_ENV === "production") {
  console.error("business register: the local register is for development and tests; production connects to the real one (docs/identity.md)");
  process.exit(1);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const data = JSON.parse(fs.readFileSync(process.env.BR_DATA ?? path.join(here, "businesses.json"), "utf8"));
const normalise = (name) =>
  String(name ?? "")
    .normalize("NFC")
    .replace(/[\s\u3000]+/g, "")
    .toLowerCase();
const records = new Map(data.businesses.map((b) => [b.number, b]));
const STATE = { operating: ["01", "계속사업자"], suspended: ["02", "휴업자"], closed: ["03", "폐업자"] };

const faults = { delayMs: Number(process.env.BR_DELAY_MS ?? 0), fail: process.env.BR_FAIL === "1" };

function answer(item) {
  const request_param = { b_no: item.b_no, start_dt: item.start_dt, p_nm: item.p_nm };
  const record = records.get(String(item.b_no ?? "").replace(/-/g, ""));
  const matches =
    record &&
    record.openedOn.replace(/-/g, "") === String(item.start_dt ?? "") &&
    record.representatives.some((r) => normalise(r) === normalise(item.p_nm) && normalise(r) !== "");
  if (!matches) return { b_no: item.b_no, valid: "02", valid_msg: "확인할 수 없습니다.", request_param };
  const [code, label] = STATE[record.state];
  return { b_no: item.b_no, valid: "01", request_param, status: { b_no: item.b_no, b_stt: label, b_stt_cd: code } };
}

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
      if (raw.length > 100_000) req.destroy();
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
  const url = new URL(req.url ?? "/", "http://register.local");
  if (req.method === "POST" && url.pathname === "/_control") {
    const body = (await readJson(req)) ?? {};
    if (typeof body.delayMs === "number") faults.delayMs = body.delayMs;
    if (typeof body.fail === "boolean") faults.fail = body.fail;
    return send(res, 200, faults);
  }
  if (req.method !== "POST" || url.pathname !== "/api/nts-businessman/v1/validate") return send(res, 404, { status_code: "NOT_FOUND" });
  const body = await readJson(req);
  if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
  if (res.destroyed) return;
  if (faults.fail) return send(res, 503, { status_code: "SERVICE_UNAVAILABLE" });
  const items = Array.isArray(body?.businesses) ? body.businesses : null;
  if (!items || items.length === 0 || items.length > 100) return send(res, 400, { status_code: "BAD_JSON_REQUEST" });
  const out = items.map(answer);
  send(res, 200, { status_code: "OK", request_cnt: out.length, valid_cnt: out.filter((d) => d.valid === "01").length, data: out });
});

const port = Number(process.env.BR_PORT ?? 3200);
const host = process.env.BR_HOST ?? "127.0.0.1";
server.listen(port, host, () => console.log(`business register listening on http://${host}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
