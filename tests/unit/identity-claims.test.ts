import { describe, expect, it } from "vitest";
import { normalizeName, parseBirthdate, readIdentityClaims, ReturnToSchema } from "../../app/modules/identity/identity-claims";

describe("verified names", () => {
  it("are NFKC-normalised, with runs of (full-width) spaces collapsed and the ends trimmed", () => {
    expect(normalizeName("  김민수 ")).toBe("김민수");
    expect(normalizeName("성춘향\u3000\u3000Ｋｉｍ")).toBe("성춘향 Kim");
    expect(normalizeName("Hong\t\n Gil  dong")).toBe("Hong Gil dong");
    // A decomposed Hangul syllable (conjoining jamo) composes to the same name.
    expect(normalizeName("\u1100\u1175\u11B7\u1106\u1175\u11AB\u1109\u116E")).toBe("김민수");
  });
});

describe("identity claims", () => {
  it("need a subject, a name and a real birth date", () => {
    expect(readIdentityClaims({ sub: "s", name: "김민수", birthdate: "1980-03-15" })).toEqual({
      ok: true,
      subject: "s",
      name: "김민수",
      birthDate: "1980-03-15",
    });
    expect(readIdentityClaims({ sub: "s", name: " ", birthdate: "1980-03-15" })).toEqual({ ok: false, problem: "missing_name" });
    expect(readIdentityClaims({ sub: "s", name: "김민수" })).toEqual({ ok: false, problem: "missing_birthdate" });
    expect(readIdentityClaims({ name: "김민수", birthdate: "1980-03-15" })).toEqual({ ok: false, problem: "missing_subject" });
    expect(parseBirthdate("1980-02-30")).toBeNull();
    expect(parseBirthdate("1980")).toBeNull();
  });

  it("send people back only to a same-site path", () => {
    expect(ReturnToSchema.parse("/account")).toBe("/account");
    expect(ReturnToSchema.parse("https://evil.example")).toBe("/account/identity");
    expect(ReturnToSchema.parse("//evil.example")).toBe("/account/identity");
    expect(ReturnToSchema.parse(undefined)).toBe("/account/identity");
  });
});
