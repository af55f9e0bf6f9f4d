import { describe, expect, it } from "vitest";
import {
  checkTotp,
  groupedKey,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normaliseCode,
  openSecret,
  RECOVERY_CODE_PATTERN,
  recoveryCodeMatches,
  sealSecret,
  totpCode,
  totpStep,
  totpUri,
} from "../../app/modules/accounts/totp.server";
import { secondFactorNeed } from "../../app/modules/accounts/mfa-policy";
import { auditDateProblems } from "../../app/modules/audit/audit-query.server";

const KEY = Buffer.alloc(32, 7);

describe("TOTP", () => {
  const secret = newTotpSecret();
  const now = new Date("2026-11-29T05:00:10Z");

  it("makes 160-bit base32 keys and an otpauth URI an app understands", () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(groupedKey("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
    const uri = totpUri(secret, "boss@gov.example");
    expect(uri).toMatch(/^otpauth:\/\/totp\/SME%20Support%20Portal:boss%40gov\.example\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain("digits=6");
    expect(uri).toContain("period=30");
  });

  it("accepts the code of now and one step either side, and nothing further", () => {
    for (const offset of [-30, 0, 30]) {
      const code = totpCode(secret, new Date(now.getTime() + offset * 1000));
      expect(checkTotp(secret, code, { now })).toEqual({ ok: true, step: totpStep(now) + offset / 30 });
    }
    expect(checkTotp(secret, totpCode(secret, new Date(now.getTime() + 90_000)), { now })).toEqual({ ok: false, reason: "wrong" });
    expect(checkTotp(secret, "12345", { now })).toEqual({ ok: false, reason: "wrong" });
    expect(checkTotp(secret, "abcdef", { now })).toEqual({ ok: false, reason: "wrong" });
  });

  it("refuses a code of a step already used, or older (replay)", () => {
    const step = totpStep(now);
    const code = totpCode(secret, now);
    expect(checkTotp(secret, code, { now, lastStep: step })).toEqual({ ok: false, reason: "reused" });
    expect(checkTotp(secret, code, { now, lastStep: step - 1 })).toEqual({ ok: true, step });
    expect(checkTotp(secret, totpCode(secret, new Date(now.getTime() - 30_000)), { now, lastStep: step })).toEqual({ ok: false, reason: "reused" });
  });
});

describe("recovery codes", () => {
  it("are ten different codes of 12 unambiguous characters", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) {
      expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(normaliseCode(c)).toMatch(RECOVERY_CODE_PATTERN);
      expect(c).not.toMatch(/[01ilo]/);
    }
  });

  it("are stored salted and hashed, and match however they are typed", () => {
    const [code] = newRecoveryCodes(1);
    const a = hashRecoveryCode(code!);
    const b = hashRecoveryCode(code!);
    expect(a).not.toBe(b); // a salt per code
    expect(a).not.toContain(normaliseCode(code!));
    expect(recoveryCodeMatches(a, code!)).toBe(true);
    expect(recoveryCodeMatches(a, ` ${code!.toUpperCase().replace(/-/g, " ")} `)).toBe(true);
    expect(recoveryCodeMatches(a, "aaaa-bbbb-cccc")).toBe(false);
    expect(recoveryCodeMatches("garbage", code!)).toBe(false);
  });
});

describe("TOTP keys at rest", () => {
  it("are sealed with AES-256-GCM when a key is set, and opened only with it", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP", KEY);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(openSecret(sealed, KEY)).toBe("JBSWY3DPEHPK3PXP");
    expect(openSecret(sealed, Buffer.alloc(32, 8))).toBeNull();
    expect(openSecret(sealed, null)).toBeNull();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(openSecret(tampered, KEY)).toBeNull();
  });

  it("are marked plain without a key, and still readable after a key is added", () => {
    const plain = sealSecret("JBSWY3DPEHPK3PXP", null);
    expect(plain).toBe("plain:JBSWY3DPEHPK3PXP");
    expect(openSecret(plain, KEY)).toBe("JBSWY3DPEHPK3PXP");
  });
});

describe("who needs a second factor", () => {
  it("supervisors and admins always, caseworkers by STAFF_MFA, owners never; demo accounts may choose", () => {
    expect(secondFactorNeed("owner", "required")).toBe("none");
    expect(secondFactorNeed("caseworker", "optional")).toBe("optional");
    expect(secondFactorNeed("caseworker", "required")).toBe("required");
    expect(secondFactorNeed("supervisor", "optional")).toBe("required");
    expect(secondFactorNeed("admin", "optional")).toBe("required");
    expect(secondFactorNeed("admin", "required", { demoAccount: true })).toBe("optional");
  });
});

describe("audit date filters", () => {
  const problems = (q: string) => auditDateProblems(new URLSearchParams(q));
  it("name a date that is not a real day, and a range that ends before it starts", () => {
    expect(problems("from=2026-11-01&to=2026-11-30")).toEqual({});
    expect(problems("from=&to=")).toEqual({});
    expect(problems("from=banana")).toEqual({ from: "invalid" });
    expect(problems("from=2026-02-30")).toEqual({ from: "invalid" });
    expect(problems("to=2026-13-01")).toEqual({ to: "invalid" });
    expect(problems("from=2026-11-30&to=2026-11-01")).toEqual({ to: "order" });
  });
});
