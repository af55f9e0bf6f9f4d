#!/usr/bin/env node
// `npm run demo:cluster`: nginx (Debian's) in front of two app nodes on one PostgreSQL database, and
// an owner's journey whose requests alternate between the nodes. It proves the nodes are stateless:
// sessions, CSRF checks, rate limits and notices all work whichever node a request reaches.
//
// Needs: a build (`npm run build`), nginx on PATH, and a PostgreSQL role that may create databases:
// DEMO_DATABASE_URL or TEST_DATABASE_URL (e.g. postgres://portal_test:portal_test@127.0.0.1/postgres,
// which `bash scripts/pg-test-server.sh` sets up). Exits 0 when every check passed.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const adminUrl = process.env.DEMO_DATABASE_URL || process.env.TEST_DATABASE_URL;
if (!adminUrl) {
  console.error("demo:cluster needs DEMO_DATABASE_URL or TEST_DATABASE_URL (a PostgreSQL role that may create databases).");
  process.exit(2);
}
if (!fs.existsSync(path.join(ROOT, "build/index.js"))) {
  console.error("demo:cluster needs a build: run `npm run build` first.");
  process.exit(2);
}
const nginxBin = ["nginx", "/usr/sbin/nginx"].find((b) => spawnSync(b, ["-v"]).status === 0);
if (!nginxBin) {
  console.error("demo:cluster needs nginx (apt-get install -y nginx-light).");
  process.exit(2);
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const dbName = `portal_cluster_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const admin = async (sql) => {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-cluster-"));
const children = [];
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
};

async function startNode(port, publicOrigin) {
  const child = spawn(process.execPath, [path.join(ROOT, "build/index.js")], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: dbUrl,
      DATABASE_PATH: "",
      TRUST_PROXY: "1",
      PUBLIC_ORIGIN: publicOrigin,
      PORTAL_ENV: "test",
      LOG_REQUESTS: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (out += c));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node on ${port} did not start:\n${out}`)), 30_000);
    child.stdout.on("data", () => out.includes("listening on") && (clearTimeout(timer), resolve()));
    child.on("exit", (code) => reject(new Error(`node on ${port} exited with ${code}:\n${out}`)));
  });
}

async function main() {
  await admin(`CREATE DATABASE "${dbName}"`);
  const [p1, p2, front] = [await freePort(), await freePort(), await freePort()];
  const origin = `http://127.0.0.1:${front}`;
  // One node first, so it migrates and seeds; the second finds the database ready.
  await startNode(p1, origin);
  await startNode(p2, origin);

  fs.mkdirSync(path.join(dir, "logs"));
  const conf = path.join(dir, "nginx.conf");
  fs.writeFileSync(
    conf,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 12m;
  upstream portal { server 127.0.0.1:${p1}; server 127.0.0.1:${p2}; keepalive 16; }
  server {
    listen 127.0.0.1:${front};
    location / {
      proxy_pass http://portal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`,
  );
  const nginx = spawn(nginxBin, ["-p", dir, "-c", conf, "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(nginx);
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }

  const seen = new Set();
  let cookie = "";
  const request = async (method, pathname, form) => {
    const res = await fetch(`${origin}${pathname}`, {
      method,
      redirect: "manual",
      headers: {
        "Accept-Language": "en",
        ...(cookie ? { Cookie: cookie } : {}),
        ...(form ? { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    seen.add(res.headers.get("x-upstream"));
    const set = res.headers.getSetCookie().find((c) => c.startsWith("portal_session="));
    if (set) cookie = set.split(";")[0];
    return res;
  };

  console.log(`nginx on ${origin} → nodes on ${p1} and ${p2}, one PostgreSQL database`);
  const email = `cluster-${process.pid}@example.kr`;
  const password = "a long enough cluster passphrase";
  const registered = await request("POST", "/register", { email, password, confirmPassword: password, consent: "yes" });
  check(registered.status === 302 && cookie, "registers and gets a session cookie");
  for (let i = 0; i < 4; i++) check((await request("GET", "/account")).status === 200, `the session is known on the next request (${i + 1} of 4)`);

  const digits9 = String(100_000_000 + crypto.randomInt(800_000_000));
  const weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  const sum = weights.reduce((s, w, i) => s + w * Number(digits9[i]), 0) + Math.floor((Number(digits9[8]) * 5) / 10);
  const number = `${digits9}${(10 - (sum % 10)) % 10}`;
  const created = await request("POST", "/account/businesses/new", {
    tradeName: "Cluster Kimchi House",
    registrationNumber: number,
    representativeName: "Kim Cluster",
    phone: "010-1234-5678",
    address: "1 Sejong-daero, Jongno-gu",
    region: "seoul",
    sector: "food_service",
    employees: "3",
    openedOn: "2019-05-01",
  });
  check(created.status === 302, "adds a business (a CSRF-checked POST through the proxy)");
  if (created.status !== 302)
    console.log(
      (await created.text())
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .slice(0, 600),
    );
  const notice = await request("GET", created.headers.get("location") ?? "/account/businesses");
  check(
    notice.status === 200 && (await notice.text()).includes("Cluster Kimchi House"),
    "the notice and the new business show on the following page",
  );

  const crossSite = await fetch(`${origin}/account/businesses/new`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
    body: "tradeName=x",
  });
  check(crossSite.status === 403, "a cross-site POST is refused (403)");

  await request("POST", "/logout", {});
  cookie = "";
  const statuses = [];
  for (let i = 0; i < 11; i++) statuses.push((await request("POST", "/login", { email, password: "wrong password here" })).status);
  check(
    statuses.slice(0, 10).every((s) => s === 400) && statuses[10] === 429,
    `rate limit holds across nodes (10 tries, then 429): ${statuses.join(",")}`,
  );
  check(seen.size === 2, `requests were served by both nodes: ${[...seen].join(", ")}`);
}

try {
  await main();
} catch (error) {
  console.error(error);
  failures++;
} finally {
  for (const child of children.reverse()) child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(failures ? `demo:cluster: ${failures} check(s) failed` : "demo:cluster: every check passed");
process.exit(failures ? 1 : 0);
