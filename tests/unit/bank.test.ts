import { describe, expect, it } from "vitest";
import {
  BANKS,
  bankName,
  maskAccountNumber,
  parseAccountNumber,
  parseBankCode,
  parseHolderName,
  parsePayoutAccount,
} from "../../app/modules/payments/bank";
import { decideTransition, availableActions } from "../../app/modules/applications/application-state";
import { ROLES } from "../../app/modules/accounts/roles";

describe("bank codes", () => {
  it("lists the 22 banks of PROGRAMMES.md with three-digit codes and both names", () => {
    expect(BANKS).toHaveLength(22);
    for (const b of BANKS) {
      expect(b.code).toMatch(/^\d{3}$/);
      expect(b.name.en.length).toBeGreaterThan(0);
      expect(b.name.ko.length).toBeGreaterThan(0);
    }
    expect(new Set(BANKS.map((b) => b.code)).size).toBe(22);
    expect(bankName("090")?.ko).toBe("카카오뱅크");
    expect(bankName("999")).toBeNull();
  });

  it("accepts a listed code and refuses an empty or unknown one", () => {
    expect(parseBankCode(" 004 ")).toEqual({ ok: true, value: "004" });
    expect(parseBankCode("")).toMatchObject({ ok: false, message: { en: "Select your bank." } });
    expect(parseBankCode("999")).toMatchObject({ ok: false, message: { en: "Select a bank from the list." } });
  });
});

describe("account numbers", () => {
  it.each([
    ["1234567890", "1234567890"],
    ["12345678901234", "12345678901234"],
    ["123-456-789012", "123456789012"],
    ["123 456 789012", "123456789012"],
    ["１２３-４５６-７８９０１２", "123456789012"],
  ])("accepts %s as %s", (input, digits) => {
    expect(parseAccountNumber(input)).toEqual({ ok: true, value: digits });
  });

  it.each([
    ["", /Enter the account number/],
    ["123456789", /10 to 14 digits; you entered 9/],
    ["123456789012345", /10 to 14 digits; you entered 15/],
    ["123-456-78901a", /digits only/],
    ["-1234567890", /digits only/],
    ["1234567890-", /digits only/],
    ["123--4567890", /digits only/],
    ["1234.567890", /digits only/],
  ])("refuses %j", (input, message) => {
    const r = parseAccountNumber(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message.en).toMatch(message);
      expect(r.message.ko).toMatch(/계좌번호/);
    }
  });

  it("masks all but the last four digits", () => {
    expect(maskAccountNumber("123456789012")).toBe("********9012");
  });
});

describe("holder name and the whole account", () => {
  it("trims and collapses spaces, refuses empty, long and control characters", () => {
    expect(parseHolderName("  김  민수 ")).toEqual({ ok: true, value: "김 민수" });
    expect(parseHolderName(" ").ok).toBe(false);
    expect(parseHolderName("가".repeat(101)).ok).toBe(false);
    expect(parseHolderName("a\u0007b").ok).toBe(false);
  });

  it("gives one message per wrong field", () => {
    const r = parsePayoutAccount({ bankCode: "", accountNumber: "12", holderName: "Kim" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(["accountNumber", "bankCode"]);
    expect(parsePayoutAccount({ bankCode: "088", accountNumber: "110-123-456789", holderName: "Kim" })).toEqual({
      ok: true,
      value: { bankCode: "088", accountNumber: "110123456789", holderName: "Kim" },
    });
  });
});

describe("auto_approve (the rapid track's rule decision)", () => {
  it("moves submitted to approved for the system only", () => {
    expect(decideTransition({ status: "submitted", action: "auto_approve", actorRole: "system", supportKind: "tiers" })).toEqual({
      ok: true,
      from: "submitted",
      to: "approved",
    });
    for (const role of ROLES) {
      expect(decideTransition({ status: "submitted", action: "auto_approve", actorRole: role, supportKind: "tiers" })).toMatchObject({
        ok: false,
        code: "wrong_role",
      });
    }
  });

  it("refuses every other status, and the system can do nothing else", () => {
    for (const status of ["draft", "under_review", "info_requested", "approved", "rejected", "withdrawn", "paid"] as const) {
      expect(decideTransition({ status, action: "auto_approve", actorRole: "system", supportKind: "tiers" })).toMatchObject({
        ok: false,
        code: "wrong_status",
      });
    }
    expect(decideTransition({ status: "under_review", action: "approve", actorRole: "system", supportKind: "tiers" })).toMatchObject({
      ok: false,
      code: "wrong_role",
    });
    expect(decideTransition({ status: "draft", action: "submit", actorRole: "system", supportKind: "tiers" })).toMatchObject({ ok: false });
  });

  it("is never offered to a person", () => {
    for (const role of ROLES) expect(availableActions("submitted", role, "tiers")).not.toContain("auto_approve");
  });
});
