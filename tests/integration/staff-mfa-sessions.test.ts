import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { completeMfaSession, createSession, MFA_PENDING_MS, sessionRowId, validateSession } from "../../app/modules/accounts/session.server";
import { createUser } from "../helpers/fixtures";

describe("half-way sessions (password given, second factor not yet)", () => {
  it("are no Auth anywhere, expire after 10 minutes, and give way to a new full session", async () => {
    const user = await createUser(getDb(), "supervisor");
    const now = new Date();
    const { sessionId } = await createSession(user, { now, mfaPending: true });
    const during = await validateSession(sessionId, { now: new Date(now.getTime() + 60_000) });
    expect(during.auth).toBeNull();
    expect(during.pendingMfa).toEqual({ user: { id: user.id, email: user.email, role: "supervisor" }, sessionId });

    const full = await completeMfaSession(during.pendingMfa!, { now });
    expect(full.sessionId).not.toBe(sessionId);
    expect((await validateSession(sessionId)).auth).toBeNull();
    expect((await validateSession(full.sessionId)).auth?.user.id).toBe(user.id);

    const late = await createSession(user, { now, mfaPending: true });
    const after = await validateSession(late.sessionId, { now: new Date(now.getTime() + MFA_PENDING_MS + 1000) });
    expect(after.auth).toBeNull();
    expect(after.pendingMfa).toBeUndefined();
    expect(await getDb().selectFrom("auth_session").select("id").where("id", "=", sessionRowId(late.sessionId)).execute()).toEqual([]);
  });

  it("a session row written without the column (as fixtures do) is a full session", async () => {
    const user = await createUser(getDb(), "admin");
    const { sessionId } = await createSession(user);
    expect((await validateSession(sessionId)).auth?.user.role).toBe("admin");
  });
});
