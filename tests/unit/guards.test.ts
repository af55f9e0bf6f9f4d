import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { currentPath, requireOwner, requireStaff, requireUser } from "~/auth/guards.server";
import type { Auth } from "~/auth/session.server";
import type { Role } from "~/domain/roles";

const as = (role: Role | null): AppLoadContext =>
  ({
    cspNonce: "",
    clientIp: "127.0.0.1",
    auth: role
      ? ({ user: { id: 1, email: "x@test.example", role }, session: { id: "s", createdAt: "", lastSeenAt: "" } } satisfies Auth)
      : null,
  } as AppLoadContext);
const request = new Request("http://portal.test/account/businesses/3?tab=x");

async function thrown(fn: () => unknown): Promise<Response> {
  try {
    fn();
  } catch (error) {
    return error as Response;
  }
  throw new Error("expected the guard to throw");
}

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
});
