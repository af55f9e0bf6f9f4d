import { describe, expect, it } from "vitest";
import {
  APPLICATION_ACTIONS,
  APPLICATION_STATUSES,
  availableActions,
  decideTransition,
  type ApplicationAction,
  type ApplicationStatus,
} from "../../app/modules/applications/application-state";
import { ROLES, type Role } from "../../app/modules/accounts/roles";

/** Every allowed (status, action) → next status, and the least role that may do it. */
const ALLOWED: Array<[ApplicationStatus, ApplicationAction, ApplicationStatus, "owner" | "caseworker"]> = [
  ["draft", "submit", "submitted", "owner"],
  ["submitted", "start_review", "under_review", "caseworker"],
  ["under_review", "request_info", "info_requested", "caseworker"],
  ["info_requested", "answer_info", "under_review", "owner"],
  ["under_review", "approve", "approved", "caseworker"],
  ["under_review", "reject", "rejected", "caseworker"],
  ["submitted", "withdraw", "withdrawn", "owner"],
  ["under_review", "withdraw", "withdrawn", "owner"],
  ["info_requested", "withdraw", "withdrawn", "owner"],
  ["approved", "mark_paid", "paid", "caseworker"],
  ["rejected", "reopen", "under_review", "caseworker"],
];

const mayAct = (role: Role, least: "owner" | "caseworker") => (least === "owner" ? role === "owner" : role !== "owner");

describe("application state machine", () => {
  it.each(ALLOWED)("%s --%s--> %s by %s and above", (from, action, to, least) => {
    for (const role of ROLES) {
      const decision = decideTransition({ status: from, action, actorRole: role, reason: "because", supportKind: "tiers" });
      if (mayAct(role, least)) expect(decision).toEqual({ ok: true, from, to });
      else expect(decision).toMatchObject({ ok: false, code: "wrong_role" });
    }
  });

  // Every (status, action) pair not listed above is refused for every role, with a message.
  const allowedPairs = new Set(ALLOWED.map(([from, action]) => `${from}:${action}`));
  const refused = APPLICATION_STATUSES.flatMap((s) => APPLICATION_ACTIONS.map((a) => [s, a] as const)).filter(
    ([s, a]) => !allowedPairs.has(`${s}:${a}`),
  );
  it.each(refused)("refuses %s --%s-->", (status, action) => {
    for (const role of ROLES) {
      const decision = decideTransition({ status, action, actorRole: role, reason: "because", supportKind: "tiers" });
      expect(decision).toMatchObject({ ok: false, code: "wrong_status" });
      if (!decision.ok) {
        expect(decision.message.en).toMatch(/cannot be done/);
        expect(decision.message.ko.length).toBeGreaterThan(0);
      }
    }
  });

  it.each(["request_info", "reject", "withdraw", "answer_info", "reopen"] as const)("requires a reason to %s", (action) => {
    const status = ALLOWED.find(([, a]) => a === action)![0];
    const role: Role = action === "withdraw" || action === "answer_info" ? "owner" : "caseworker";
    for (const reason of [undefined, null, "", "   "]) {
      expect(decideTransition({ status, action, actorRole: role, reason, supportKind: "tiers" })).toMatchObject({
        ok: false,
        code: "reason_required",
      });
    }
  });

  it("approves without a reason", () => {
    expect(decideTransition({ status: "under_review", action: "approve", actorRole: "supervisor", supportKind: "loan" }).ok).toBe(true);
  });

  it("pays grants and loans but not services", () => {
    for (const kind of ["tiers", "percent", "loan"] as const) {
      expect(decideTransition({ status: "approved", action: "mark_paid", actorRole: "caseworker", supportKind: kind }).ok).toBe(true);
    }
    expect(decideTransition({ status: "approved", action: "mark_paid", actorRole: "caseworker", supportKind: "service" })).toMatchObject({
      ok: false,
      code: "not_payable",
    });
  });

  it("lists the actions each role has", () => {
    expect(availableActions("under_review", "owner", "tiers")).toEqual(["withdraw"]);
    expect(availableActions("under_review", "caseworker", "tiers")).toEqual(["request_info", "approve", "reject"]);
    expect(availableActions("approved", "caseworker", "service")).toEqual([]);
    expect(availableActions("paid", "admin", "tiers")).toEqual([]);
  });
});
