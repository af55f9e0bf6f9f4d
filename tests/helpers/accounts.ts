import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { sessionRowId } from "../../app/modules/accounts/session.server";
import type { Database, Role } from "../../db/schema";
import type { RunningServer } from "./server";

/**
 * Helpers for HTTP tests of the accounts area: the server's own database (SQLite in WAL mode lets the
 * test write while the server runs), users and sessions made directly in it, and form posts.
 */
export function serverDb(server: RunningServer): Kysely<Database> {
  return server.openDb();
}

export async function addUser(db: Kysely<Database>, email: string, role: Role, passwordHash = "$argon2id$v=19$m=19456,t=2,p=1$not-a-real-hash") {
  const stamp = new Date().toISOString();
  return (
    db
      .insertInto("users")
      // Verified, as if the owner had opened the link: only the verification tests make unverified ones.
      .values({
        email,
        password_hash: passwordHash,
        role,
        created_at: stamp,
        updated_at: stamp,
        password_changed_at: stamp,
        email_verified_at: stamp,
      })
      .returning(["id", "email", "role"])
      .executeTakeFirstOrThrow()
  );
}

/** A session row and the cookie that carries it, as STYLE.md's fixtures do: no password typed. */
export async function addSession(
  db: Kysely<Database>,
  userId: number,
  { createdAt = new Date(), lastSeenAt = createdAt }: { createdAt?: Date; lastSeenAt?: Date } = {},
) {
  const id = crypto.randomBytes(25).toString("hex");
  await db
    .insertInto("auth_session")
    .values({
      id: sessionRowId(id),
      user_id: userId,
      expires_at: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
      created_at: createdAt.toISOString(),
      last_seen_at: lastSeenAt.toISOString(),
    })
    .execute();
  return { id, rowId: sessionRowId(id), cookie: `portal_session=${id}` };
}

export function cookieFrom(res: Response): string | undefined {
  const header = res.headers.getSetCookie().find((c) => /^(__Host-)?portal_session=/.test(c));
  return header?.split(";")[0];
}

export function client(server: RunningServer) {
  const get = (path: string, { cookie, headers = {} }: { cookie?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${server.url}${path}`, {
      redirect: "manual",
      headers: { "Accept-Language": "en", ...(cookie ? { Cookie: cookie } : {}), ...headers },
    });
  const post = (
    path: string,
    form: Record<string, string>,
    { cookie, origin = server.url, headers = {} }: { cookie?: string; origin?: string | null; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "Accept-Language": "en",
        "Content-Type": "application/x-www-form-urlencoded",
        ...(origin ? { Origin: origin } : {}),
        ...(cookie ? { Cookie: cookie } : {}),
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    });
  return { get, post };
}
