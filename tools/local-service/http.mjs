/**
 * What the local outside services (tools/business-register, tools/fake-bank; the identity provider
 * only its stop) share: a real `node:http` server on <PREFIX>_PORT / <PREFIX>_HOST that says "<name> listening on URL", JSON
 * answers, faults on demand (<PREFIX>_DELAY_MS, <PREFIX>_FAIL=1, or at run time POST /_control
 * { "delayMs", "fail" }), and a clean stop on SIGINT and SIGTERM. None of it is for production.
 */
import http from "node:http";

/** Ends the process before anything starts when PORTAL_ENV is production. */
export function refuseInProduction(name, why) {
  if (process.env.PORTAL_ENV !== "production") return;
  console.error(`${name}: ${why}`);
  process.exit(1);
}

export function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** The request body as JSON, or null when it is not JSON; a body past `limit` characters drops the connection. */
export function readJson(req, limit) {
  return new Promise((resolve) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c) => {
      raw += c;
      if (raw.length > limit) req.destroy();
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

export function closeOnSignals(server) {
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
}

/**
 * Starts a local service. `handle(req, res, url)` answers everything but POST /_control; before it
 * answers it calls `service.faulted(res, body)`, which waits the delay and is true when the answer
 * is already given (a 503 with `body` while failing, or nobody left to answer). `onControl(body)`
 * takes what else a /_control body carries.
 */
export function startLocalService({ name, envPrefix, defaultPort, bodyLimit, handle, onControl = () => {} }) {
  const faults = { delayMs: Number(process.env[`${envPrefix}_DELAY_MS`] ?? 0), fail: process.env[`${envPrefix}_FAIL`] === "1" };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://local.service");
    if (req.method === "POST" && url.pathname === "/_control") {
      const body = (await readJson(req, bodyLimit)) ?? {};
      if (typeof body.delayMs === "number") faults.delayMs = body.delayMs;
      if (typeof body.fail === "boolean") faults.fail = body.fail;
      onControl(body);
      return send(res, 200, faults);
    }
    return handle(req, res, url);
  });
  const port = Number(process.env[`${envPrefix}_PORT`] ?? defaultPort);
  const host = process.env[`${envPrefix}_HOST`] ?? "127.0.0.1";
  server.listen(port, host, () => console.log(`${name} listening on http://${host}:${port}`));
  closeOnSignals(server);
  return {
    server,
    readJson: (req) => readJson(req, bodyLimit),
    async faulted(res, body) {
      if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
      if (res.destroyed) return true;
      if (!faults.fail) return false;
      send(res, 503, body);
      return true;
    },
  };
}
