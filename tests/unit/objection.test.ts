import { describe, expect, it } from "vitest";
import {
  checkFiling,
  decideObjection,
  objectionDeadline,
  objectionStateName,
  OBJECTION_REASON_MAX,
  type ObjectionState,
} from "../../app/modules/objections/objection";
import { ROLES } from "../../app/modules/accounts/roles";

const rejectedAt = "2026-12-01T03:00:00.000Z";

describe("filing an objection", () => {
  it("is open for 30 days after the refusal, to the millisecond", () => {
    expect(objectionDeadline(rejectedAt)).toBe("2026-12-31T03:00:00.000Z");
    const at = (iso: string) => checkFiling({ refusedAt: rejectedAt, now: new Date(iso), alreadyObjected: false, reason: "My sales fell by half." });
    expect(at("2026-12-01T03:00:00.000Z")).toEqual({ ok: true, deadline: "2026-12-31T03:00:00.000Z" });
    expect(at("2026-12-31T03:00:00.000Z").ok).toBe(true);
    const late = at("2026-12-31T03:00:00.001Z");
    expect(late).toMatchObject({ ok: false, code: "window_closed" });
    if (!late.ok) {
      expect(late.message.en).toContain("by 2026-12-31");
      expect(late.message.ko).toContain("30일");
    }
  });

  it("needs a refusal, a reason, and only once", () => {
    const now = new Date("2026-12-02T00:00:00Z");
    expect(checkFiling({ refusedAt: null, now, alreadyObjected: false, reason: "x" })).toMatchObject({ ok: false, code: "not_refused" });
    expect(checkFiling({ refusedAt: rejectedAt, now, alreadyObjected: true, reason: "x" })).toMatchObject({ ok: false, code: "already_objected" });
    expect(checkFiling({ refusedAt: rejectedAt, now, alreadyObjected: false, reason: "   " })).toMatchObject({ ok: false, code: "reason_required" });
    expect(checkFiling({ refusedAt: rejectedAt, now, alreadyObjected: false, reason: "x".repeat(OBJECTION_REASON_MAX + 1) })).toMatchObject({
      ok: false,
      code: "reason_too_long",
    });
  });
});

describe("deciding an objection: open → upheld | overturned", () => {
  const caseworker = { id: 10, role: "caseworker" as const };
  const base = { state: "open" as ObjectionState, decider: caseworker, originalDeciderId: 11, reason: "Checked the sales statement again." };

  it("upholds or overturns an open objection", () => {
    expect(decideObjection({ ...base, decision: "uphold" })).toEqual({ ok: true, to: "upheld" });
    expect(decideObjection({ ...base, decision: "overturn" })).toEqual({ ok: true, to: "overturned" });
  });

  it("never by the person who took the decision objected to", () => {
    const r = decideObjection({ ...base, decision: "overturn", originalDeciderId: caseworker.id });
    expect(r).toMatchObject({ ok: false, code: "same_decider" });
    // Not even a supervisor who decided it.
    expect(decideObjection({ ...base, decision: "uphold", decider: { id: 5, role: "supervisor" }, originalDeciderId: 5 })).toMatchObject({
      ok: false,
      code: "same_decider",
    });
  });

  it("only once, only by staff, always with a reason", () => {
    for (const state of ["upheld", "overturned"] as const) {
      for (const decision of ["uphold", "overturn"] as const) {
        expect(decideObjection({ ...base, state, decision })).toMatchObject({ ok: false, code: "wrong_state" });
      }
    }
    for (const role of ROLES) {
      const r = decideObjection({ ...base, decision: "uphold", decider: { id: 99, role } });
      expect(r.ok).toBe(role !== "owner");
    }
    expect(decideObjection({ ...base, decision: "uphold", reason: " " })).toMatchObject({ ok: false, code: "reason_required" });
  });

  it("names its states in both languages", () => {
    expect(objectionStateName("overturned").en).toMatch(/overturned/);
    expect(objectionStateName("upheld").ko.length).toBeGreaterThan(0);
  });
});
