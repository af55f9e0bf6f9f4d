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
import path from "node:path";
import { fileURLToPath } from "node:url";
import { refuseInProduction, send, startLocalService } from "../local-service/http.mjs";

refuseInProduction("business register", "the local register is for development and tests; production connects to the real one (docs/identity.md)");

const here = path.dirname(fileURLToPath(import.meta.url));
const data = JSON.parse(fs.readFileSync(process.env.BR_DATA ?? path.join(here, "businesses.json"), "utf8"));
const normalise = (name) =>
  String(name ?? "")
    .normalize("NFC")
    .replace(/[\s\u3000]+/g, "")
    .toLowerCase();
const records = new Map(data.businesses.map((b) => [b.number, b]));
const STATE = { operating: ["01", "계속사업자"], suspended: ["02", "휴업자"], closed: ["03", "폐업자"] };

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

const register = startLocalService({
  name: "business register",
  envPrefix: "BR",
  defaultPort: 3200,
  bodyLimit: 100_000,
  async handle(req, res, url) {
    if (req.method !== "POST" || url.pathname !== "/api/nts-businessman/v1/validate") return send(res, 404, { status_code: "NOT_FOUND" });
    const body = await register.readJson(req);
    if (await register.faulted(res, { status_code: "SERVICE_UNAVAILABLE" })) return;
    const items = Array.isArray(body?.businesses) ? body.businesses : null;
    if (!items || items.length === 0 || items.length > 100) return send(res, 400, { status_code: "BAD_JSON_REQUEST" });
    const out = items.map(answer);
    send(res, 200, { status_code: "OK", request_cnt: out.length, valid_cnt: out.filter((d) => d.valid === "01").length, data: out });
  },
});
