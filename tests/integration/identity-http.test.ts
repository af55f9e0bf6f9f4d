import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { addSession, addUser, serverDb } from "../helpers/accounts";
import { CookieJar, newJwks, startIdentityProvider, type RunningProvider } from "../helpers/identity-provider";
import { freePort } from "../helpers/local-service";
import { startServer, type RunningServer } from "../helpers/server";

const CALLBACK = /\/account\/identity\/callback\?/;

/** A portal on a known port and a local identity provider that sends people back to it. */
async function portalWithProvider(providerOptions: { jwks?: object; publishedJwks?: object } = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const provider = await startIdentityProvider({ redirectUri: `${origin}/account/identity/callback`, ...providerOptions });
  const server = await startServer({ PORT: String(port), PUBLIC_ORIGIN: origin, ...provider.portalEnv });
  return { provider, server };
}

async function owner(db: Kysely<Database>, email: string) {
  const user = await addUser(db, email, "owner");
  const { cookie } = await addSession(db, user.id);
  const jar = new CookieJar();
  const [name, value] = cookie.split("=");
  jar.set(new URL(server.url).origin, `${name}=${value}`);
  return { user, jar };
}

let server: RunningServer;
let provider: RunningProvider;
let db: Kysely<Database>;

/** The owner presses "Verify my identity"; returns the provider's interaction page and its form's address. */
async function startAtPortal(jar: CookieJar, returnTo = "/account") {
  const { response, url } = await jar.browse(`${server.url}/account/identity`, {
    method: "POST",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ returnTo }).toString(),
  });
  expect(response!.status).toBe(200);
  expect(url.startsWith(provider.issuer)).toBe(true);
  const html = await response!.text();
  expect(html).toContain('<form method="post"');
  const action = html.match(/action="(\/interaction\/[\w-]+\/login)"/)![1]!;
  const abort = html.match(/action="(\/interaction\/[\w-]+\/abort)"/)![1]!;
  return { login: `${provider.issuer}${action}`, abort: `${provider.issuer}${abort}` };
}

/** Submits the provider's form like a browser and stops before the portal's callback; returns its address. */
async function choose(jar: CookieJar, formUrl: string, fields: Record<string, string>) {
  const { url, response } = await jar.browse(
    formUrl,
    { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() },
    CALLBACK,
  );
  expect(response, `the provider should send the browser back, got ${response?.status}`).toBeNull();
  return url;
}

beforeAll(async () => {
  ({ provider, server } = await portalWithProvider());
  db = serverDb(server);
}, 40_000);
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
  await provider?.stop();
});

describe("identity verification through the local provider", () => {
  it("verifies a signed-in owner end to end and stores only the hash of the identifier", async () => {
    const { user, jar } = await owner(db, "kim@example.com");
    const before = await jar.browse(`${server.url}/account/identity`);
    expect(await before.response!.text()).toContain("Your identity is not verified yet.");

    const form = await startAtPortal(jar, "/account");
    const callback = await choose(jar, form.login, { person: "test-person-0001" });
    const back = await jar.browse(callback, {}, /\/account$/);
    expect(back.url).toBe(`${server.url}/account`);

    const row = await db.selectFrom("identity_verifications").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "김민수", birth_date: "1980-03-15", issuer: provider.issuer });
    expect(row.subject_hash).toMatch(/^[0-9a-f]{64}$/);

    const page = await (await jar.browse(`${server.url}/account/identity`)).response!.text();
    expect(page).toContain("Your identity is verified");
    expect(page).toContain("김민수");

    const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("action", "like", "identity.%").execute();
    expect(audit.map((a) => a.action)).toContain("identity.verified");

    // The identifier itself is nowhere: not in any identity table, the audit trail or the server log.
    const everything = JSON.stringify([
      await db.selectFrom("identity_verifications").selectAll().execute(),
      await db.selectFrom("identity_attempts").selectAll().execute(),
      await db.selectFrom("audit_log").selectAll().execute(),
    ]);
    expect(everything).not.toContain("test-person-0001");
    expect(server.output()).not.toContain("test-person-0001");

    // The same callback again (a replayed code): refused, nothing changes.
    const replay = await jar.browse(callback);
    expect(replay.response!.status).toBe(400);
    expect(await replay.response!.text()).toContain("not valid or has already been used");
  });

  it("refuses a wrong or missing state with a page that offers to try again", async () => {
    const { jar } = await owner(db, "wrong-state@example.com");
    for (const query of ["?code=abc&state=not-our-state", "?code=abc", ""]) {
      const { response } = await jar.browse(`${server.url}/account/identity/callback${query}`);
      expect(response!.status).toBe(400);
      const html = await response!.text();
      expect(html).toContain("Your identity could not be verified");
      expect(html).toContain("Try again");
    }
  });

  it("refuses an expired attempt and stores nothing", async () => {
    const { user, jar } = await owner(db, "slow@example.com");
    const form = await startAtPortal(jar);
    const callback = await choose(jar, form.login, { person: "test-person-0002" });
    await db.updateTable("identity_attempts").set({ expires_at: "2000-01-01T00:00:00.000Z" }).where("user_id", "=", user.id).execute();
    const { response } = await jar.browse(callback);
    expect(response!.status).toBe(400);
    expect(await response!.text()).toContain("took too long and has expired");
    expect(await db.selectFrom("identity_verifications").select("user_id").where("user_id", "=", user.id).executeTakeFirst()).toBeUndefined();
  });

  it("says so when the person cancels at the provider", async () => {
    const { user, jar } = await owner(db, "cancel@example.com");
    const form = await startAtPortal(jar);
    const callback = await choose(jar, form.abort, {});
    expect(callback).toContain("error=access_denied");
    const { response } = await jar.browse(callback);
    expect(response!.status).toBe(400);
    expect(await response!.text()).toContain("stopped or refused the verification");
    expect(await db.selectFrom("identity_verifications").select("user_id").where("user_id", "=", user.id).executeTakeFirst()).toBeUndefined();
  });

  it("refuses a token without a birth date, storing nothing", async () => {
    const { user, jar } = await owner(db, "no-birthdate@example.com");
    const form = await startAtPortal(jar);
    const callback = await choose(jar, form.login, { person: "typed", name: "홍길동", birthdate: "" });
    const { response } = await jar.browse(callback);
    expect(response!.status).toBe(422);
    expect(await response!.text()).toContain("did not give your date of birth");
    expect(await db.selectFrom("identity_verifications").select("user_id").where("user_id", "=", user.id).executeTakeFirst()).toBeUndefined();
  });

  it("normalises a typed full-width name", async () => {
    const { user, jar } = await owner(db, "typed@example.com");
    const form = await startAtPortal(jar);
    const callback = await choose(jar, form.login, { person: "typed", name: "  성춘향\u3000\u3000Ｋｉｍ ", birthdate: "1992-05-05" });
    await jar.browse(callback);
    const row = await db.selectFrom("identity_verifications").select(["name", "birth_date"]).where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "성춘향 Kim", birth_date: "1992-05-05" });
  });

  it("refuses the same person on a second account", async () => {
    const { user, jar } = await owner(db, "kim-again@example.com");
    const form = await startAtPortal(jar);
    const callback = await choose(jar, form.login, { person: "test-person-0001" });
    const { response } = await jar.browse(callback);
    expect(response!.status).toBe(409);
    expect(await response!.text()).toContain("already verified on another account");
    expect(await db.selectFrom("identity_verifications").select("user_id").where("user_id", "=", user.id).executeTakeFirst()).toBeUndefined();
  });
});

describe("a provider the portal must not trust", () => {
  it("refuses an ID token signed by a key the issuer does not publish", async () => {
    const signing = newJwks("signing");
    const other = newJwks("published");
    const pair = await portalWithProvider({ jwks: signing.private, publishedJwks: other.public });
    const pairDb = serverDb(pair.server);
    try {
      server = pair.server;
      provider = pair.provider;
      const { user, jar } = await owner(pairDb, "forged@example.com");
      const form = await startAtPortal(jar);
      const callback = await choose(jar, form.login, { person: "test-person-0003" });
      const { response } = await jar.browse(callback);
      expect(response!.status).toBe(400);
      expect(await response!.text()).toContain("could not be checked");
      expect(await pairDb.selectFrom("identity_verifications").select("user_id").where("user_id", "=", user.id).executeTakeFirst()).toBeUndefined();
    } finally {
      await pairDb.destroy();
      await pair.server.stop();
      await pair.provider.stop();
    }
  }, 40_000);

  it("says the service is unreachable when the provider does not answer, and never answers 500", async () => {
    const port = await freePort();
    const dead = await freePort();
    const lone = await startServer({
      PORT: String(port),
      PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
      IDENTITY_ISSUER: `http://127.0.0.1:${dead}`,
      IDENTITY_CLIENT_ID: "x",
      IDENTITY_CLIENT_SECRET: "a-secret-of-16-characters",
      IDENTITY_HASH_KEY: "k".repeat(32),
    });
    const loneDb = serverDb(lone);
    try {
      server = lone;
      const { user, jar } = await owner(loneDb, "offline@example.com");
      const { response } = await jar.browse(`${lone.url}/account/identity`, {
        method: "POST",
        headers: { Origin: lone.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: "returnTo=%2Faccount",
      });
      expect(response!.status).toBe(503);
      const html = await response!.text();
      expect(html).toContain("is not answering");
      expect(html).toContain("Try again");
      expect(await loneDb.selectFrom("identity_attempts").select("id").where("user_id", "=", user.id).executeTakeFirst()).toBeUndefined();
    } finally {
      await loneDb.destroy();
      await lone.stop();
    }
  }, 40_000);
});
