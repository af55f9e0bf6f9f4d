import type { AppLoadContext } from "@remix-run/node";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { currentPath, requireOwner, requireStaff, requireUser, settleDenialAudits } from "../../app/modules/accounts/guards.server";
import type { Auth } from "../../app/modules/accounts/session.server";
import type { Role } from "../../app/modules/accounts/roles";

const as = (role: Role | null): AppLoadContext =>
  ({
    cspNonce: "",
    clientIp: "127.0.0.1",
    auth: role ? ({ user: { id: 1, email: "x@test.example", role }, session: { id: "s", createdAt: "", lastSeenAt: "" } } satisfies Auth) : null,
  }) as AppLoadContext;
const request = new Request("http://portal.test/account/businesses/3?tab=x");

async function thrown(fn: () => unknown): Promise<Response> {
  try {
    fn();
  } catch (error) {
    return error as Response;
  }
  throw new Error("expected the guard to throw");
}

// Refusals are audited in the background; let each test's writes finish before the next.
afterEach(() => settleDenialAudits());

describe("guards", () => {
  it("requireUser sends a visitor to sign in, coming back to the same page", async () => {
    const res = await thrown(() => requireUser({ request, context: as(null) }));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Faccount%2Fbusinesses%2F3%3Ftab%3Dx");
    expect(requireUser({ request, context: as("owner") }).user.role).toBe("owner");
  });

  it("strips Remix's .data suffix from the way back", () => {
    expect(currentPath(new Request("http://portal.test/account.data?_data=x"))).toBe("/account");
  });

  it("requireOwner refuses staff with 403", async () => {
    expect((await thrown(() => requireOwner({ request, context: as("admin") }))).status).toBe(403);
  });

  it("requireStaff ranks roles, and can answer 404 instead of 403", async () => {
    expect(requireStaff({ request, context: as("admin") }, "supervisor").user.role).toBe("admin");
    expect((await thrown(() => requireStaff({ request, context: as("caseworker") }, "supervisor"))).status).toBe(403);
    expect((await thrown(() => requireStaff({ request, context: as("owner") }, "caseworker", { asNotFound: true }))).status).toBe(404);
    expect((await thrown(() => requireStaff({ request, context: as(null) }, "caseworker"))).status).toBe(302);
  });

  it("audits each refusal of a signed-in person (auth.denied, with the path), but not a visitor's redirect", async () => {
    const before = await getDb().selectFrom("audit_log").select("id").where("action", "=", "auth.denied").execute();
    await thrown(() =>
      requireStaff({ request: new Request("http://portal.test/admin/staff"), context: as("caseworker") }, "admin", { asNotFound: true }),
    );
    await thrown(() => requireOwner({ request, context: as("supervisor") }));
    await thrown(() => requireStaff({ request, context: as(null) }, "caseworker"));
    await settleDenialAudits();
    const rows = await getDb()
      .selectFrom("audit_log")
      .select(["action", "target_type", "target_id", "details"])
      .where("action", "=", "auth.denied")
      .orderBy("id")
      .execute();
    expect(rows.length - before.length).toBe(2);
    // The two denials are audited off the request path, so they may land in either order.
    const added = rows.slice(-2);
    expect(added.map((r) => [r.target_type, r.target_id]).sort()).toEqual([
      ["path", "/account/businesses/3"],
      ["path", "/admin/staff"],
    ]);
    const staffDenial = added.find((r) => r.target_id === "/admin/staff")!;
    expect(JSON.parse(staffDenial.details)).toMatchObject({ role: "caseworker", required: "admin", status: 404, method: "GET" });
  });
});
