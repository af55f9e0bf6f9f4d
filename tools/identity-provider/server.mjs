/**
 * A local OpenID Connect provider for development and tests: it stands in for a real 본인인증
 * service (docs/identity.md). One registered client (the portal), a plain HTML interaction page
 * (no JavaScript) where a tester picks a test person or types a name and birth date, ID tokens with
 * name, birthdate, phone_number and a stable sub. Never for production: the portal refuses a local
 * issuer there.
 *
 * Environment (all optional):
 *   IDP_PORT (3100)                  port to listen on (0: a free one; the line "identity provider listening on URL" names it)
 *   IDP_ISSUER (http://localhost:PORT) the issuer URL it announces
 *   IDP_CLIENT_ID, IDP_CLIENT_SECRET the portal's client (defaults: the portal's development client)
 *   IDP_REDIRECT_URIS                comma-separated (default http://localhost:3000/account/identity/callback)
 *   IDP_JWKS                         {"keys":[…private JWKs…]} to sign with (default: a new RSA key per start)
 *   IDP_PUBLISHED_JWKS               tests only: the key set /jwks publishes instead (to prove the portal refuses
 *                                    tokens signed by a key the issuer does not publish)
 *   PORTAL_CLOCK_OFFSET_MS           with PORTAL_ENV=test: the tests' pinned clock, as in app/shared/clock.ts
 */
import crypto from "node:crypto";
import http from "node:http";
import Provider from "oidc-provider";
import { closeOnSignals } from "../local-service/http.mjs";

installTestClock();

const port = Number(process.env.IDP_PORT ?? 3100);
const clientId = process.env.IDP_CLIENT_ID || "sme-portal-dev";
const clientSecret = process.env.IDP_CLIENT_SECRET || "sme-portal-dev-secret-not-for-production";
const redirectUris = (process.env.IDP_REDIRECT_URIS || "http://localhost:3000/account/identity/callback").split(",").map((s) => s.trim());

/** The test people. Their sub is stable across restarts (the portal keeps only its HMAC). */
const PEOPLE = [
  { sub: "test-person-0001", name: "김민수", birthdate: "1980-03-15", phone_number: "+82 10-1234-5678" },
  { sub: "test-person-0002", name: "박똠", birthdate: "1975-07-01", phone_number: "+82 10-2345-6789" },
  { sub: "test-person-0003", name: "이몽룡", birthdate: "1990-01-20", phone_number: "+82 10-3456-7890" },
];
const accounts = new Map(PEOPLE.map((p) => [p.sub, p]));

/** A typed person: the same name and birth date give the same sub. A blank birth date leaves the claim out. */
function typedPerson(name, birthdate) {
  const sub = `typed-${crypto.createHash("sha256").update(`${name}\n${birthdate}`).digest("hex").slice(0, 24)}`;
  const person = { sub, name, phone_number: "+82 10-0000-0000", ...(birthdate ? { birthdate } : {}) };
  if (!name) delete person.name;
  accounts.set(sub, person);
  return person;
}

function signingKeys() {
  if (process.env.IDP_JWKS) return JSON.parse(process.env.IDP_JWKS);
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { keys: [{ ...privateKey.export({ format: "jwk" }), kid: `dev-${Date.now()}`, use: "sig", alg: "RS256" }] };
}

function installTestClock() {
  const raw = process.env.PORTAL_CLOCK_OFFSET_MS;
  if (!raw) return;
  if (process.env.PORTAL_ENV !== "test") throw new Error("PORTAL_CLOCK_OFFSET_MS is for tests only (PORTAL_ENV=test)");
  const offset = Number(raw);
  const SystemDate = Date;
  class OffsetDate extends SystemDate {
    constructor(...args) {
      if (args.length === 0) super(SystemDate.now() + offset);
      else super(...args);
    }
    static now() {
      return SystemDate.now() + offset;
    }
  }
  globalThis.Date = OffsetDate;
}

const server = http.createServer();
await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
const actualPort = server.address().port;
const issuer = process.env.IDP_ISSUER || `http://localhost:${actualPort}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  jwks: signingKeys(),
  cookies: { keys: [crypto.randomBytes(32).toString("hex")] },
  claims: { openid: ["sub"], profile: ["name", "birthdate"], phone: ["phone_number"] },
  scopes: ["openid", "profile", "phone"],
  // Put the profile claims in the ID token itself, as 본인인증 services do.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // One first-party client: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid profile phone");
    grant.addOIDCClaims(["name", "birthdate", "phone_number"]);
    await grant.save();
    return grant;
  },
  async findAccount(_ctx, id) {
    const person = accounts.get(id);
    if (!person) return undefined;
    return { accountId: id, claims: async () => ({ ...person }) };
  },
});
const callback = provider.callback();

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(uid, message = "") {
  const people = PEOPLE.map(
    (p, i) =>
      `<div class="option"><input type="radio" id="p${i}" name="person" value="${p.sub}"${i === 0 ? " checked" : ""}><label for="p${i}">${escape(p.name)} (${p.birthdate})</label></div>`,
  ).join("\n");
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>테스트 본인인증 (Test identity provider)</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}fieldset{margin:1rem 0}.option{margin:.25rem 0}label{margin-left:.25rem}input[type=text],input[type=date]{display:block;margin:.25rem 0 .75rem;font-size:1rem;padding:.25rem}button{font-size:1rem;padding:.5rem 1rem;margin-right:.5rem}</style></head>
<body><h1>테스트 본인인증</h1><p>This is the local test provider, not a real identity check. Choose a test person, or type a name and date of birth.</p>
${message ? `<p role="alert"><strong>${escape(message)}</strong></p>` : ""}
<form method="post" action="/interaction/${uid}/login">
<fieldset><legend>Test people</legend>
${people}
<div class="option"><input type="radio" id="typed" name="person" value="typed"><label for="typed">Someone else (below)</label></div>
</fieldset>
<label for="name">Name (이름)</label><input type="text" id="name" name="name" autocomplete="off">
<label for="birthdate">Date of birth (생년월일, YYYY-MM-DD; leave blank to leave it out of the token)</label><input type="text" id="birthdate" name="birthdate" inputmode="numeric" autocomplete="off">
<button type="submit">인증 (Verify)</button>
</form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">취소 (Cancel)</button></form>
</body></html>`;
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

server.on("request", async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (process.env.IDP_PUBLISHED_JWKS && url.pathname === "/jwks") {
      res.writeHead(200, { "Content-Type": "application/jwk-set+json" });
      return res.end(process.env.IDP_PUBLISHED_JWKS);
    }
    const match = url.pathname.match(/^\/interaction\/([\w-]+)(?:\/(login|abort))?$/);
    if (!match) return callback(req, res);
    const [, uid, step] = match;
    if (req.method === "GET" && !step) {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new Error("interaction mismatch");
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
      return res.end(page(uid));
    }
    if (req.method === "POST" && step === "abort") {
      return provider.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "The person cancelled" },
        { mergeWithLastSubmission: false },
      );
    }
    if (req.method === "POST" && step === "login") {
      const form = await readForm(req);
      const choice = form.get("person");
      let person = choice && choice !== "typed" ? accounts.get(choice) : null;
      if (!person) {
        const name = (form.get("name") ?? "").trim();
        const birthdate = (form.get("birthdate") ?? "").trim();
        if (birthdate && !/^\d{4}-\d{2}-\d{2}$/.test(birthdate)) {
          res.writeHead(400, { "Content-Type": "text/html; charset=utf-8" });
          return res.end(page(uid, "Date of birth must look like 1980-03-15."));
        }
        person = typedPerson(name, birthdate);
      }
      return provider.interactionFinished(req, res, { login: { accountId: person.sub } }, { mergeWithLastSubmission: false });
    }
    res.writeHead(405).end();
  } catch (error) {
    res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(`identity provider: ${error.message}`);
  }
});

console.log(`identity provider listening on http://localhost:${actualPort} (issuer ${issuer})`);
closeOnSignals(server);
