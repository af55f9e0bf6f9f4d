import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  businessNumberCheckDigit,
  formatBusinessNumber,
  hasValidCheckDigit,
  normalizeBusinessNumber,
  parseBusinessNumber,
} from "../../app/modules/businesses/business-number";
import { businessDefaults, businessProfileSchema } from "../../app/modules/businesses/business-profile";
import { parseEmail } from "../../app/modules/accounts/email";
import { checkPasswordLength } from "../../app/modules/accounts/password-policy";
import { hasStaffRole, homeFor } from "../../app/modules/accounts/roles";
import { checkNewPassword, isCommonPassword } from "../../app/modules/accounts/password.server";

describe("business registration number", () => {
  it("accepts a number whose check digit matches, with or without hyphens", () => {
    expect(parseBusinessNumber("123-45-67891")).toEqual({ ok: true, digits: "1234567891" });
    expect(parseBusinessNumber(" 1234567891 ")).toEqual({ ok: true, digits: "1234567891" });
    expect(parseBusinessNumber("220-81-23455")).toEqual({ ok: true, digits: "2208123455" });
  });

  it("computes the check digit as PROGRAMMES.md describes, including floor(d9 * 5 / 10)", () => {
    // 1·1 + 2·3 + 3·7 + 4·1 + 5·3 + 6·7 + 7·1 + 8·3 + 9·5 = 165; + floor(45/10) = 169 → (10 - 9) % 10 = 1
    expect(businessNumberCheckDigit("123456789")).toBe(1);
    expect(businessNumberCheckDigit("000000000")).toBe(0);
  });

  it("refuses a bad check digit and a wrong shape with different reasons", () => {
    expect(parseBusinessNumber("123-45-67890")).toEqual({ ok: false, problem: "checkDigit" });
    expect(parseBusinessNumber("123-45-6789")).toEqual({ ok: false, problem: "format" });
    expect(parseBusinessNumber("12-345-67891")).toEqual({ ok: false, problem: "format" });
    expect(parseBusinessNumber("１２３４５６７８９１")).toEqual({ ok: false, problem: "format" }); // full-width digits
    expect(parseBusinessNumber("abc")).toEqual({ ok: false, problem: "format" });
    expect(normalizeBusinessNumber("")).toBeNull();
  });

  it("has exactly one valid tenth digit for every first nine", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (nine) => {
        const valid = [...Array(10).keys()].filter((d) => hasValidCheckDigit(`${nine}${d}`));
        expect(valid).toEqual([businessNumberCheckDigit(nine)]);
      }),
    );
  });

  it("formats stored digits as NNN-NN-NNNNN", () => {
    expect(formatBusinessNumber("1234567891")).toBe("123-45-67891");
  });
});

describe("email addresses", () => {
  it("normalises case, spaces and Unicode composition", () => {
    expect(parseEmail("  Owner@Demo.TEST ")).toEqual({ ok: true, email: "owner@demo.test" });
  });
  it.each([
    ["", "required"],
    ["   ", "required"],
    ["not-an-email", "format"],
    ["a@b", "format"],
    ["a..b@demo.test", "format"],
    ["a b@demo.test", "format"],
    ["<script>@demo.test", "format"],
    ["\u0430dmin@demo.test", "nonAscii"], // Cyrillic а
    ["admin@dem\u043e.test", "nonAscii"], // Cyrillic о in the domain
    ["admin@xn--demo.test\u200b", "nonAscii"], // zero-width space
    [`${"a".repeat(250)}@demo.test`, "tooLong"],
    ["x".repeat(10_000_000), "tooLong"],
  ])("refuses %j (%s)", (input, problem) => {
    expect(parseEmail(input)).toEqual({ ok: false, problem });
  });
});

describe("password policy", () => {
  it("wants 12 to 128 characters, counted as people read them", () => {
    expect(checkPasswordLength("")).toBe("required");
    expect(checkPasswordLength("a".repeat(11))).toBe("tooShort");
    expect(checkPasswordLength("a".repeat(12))).toBeNull();
    expect(checkPasswordLength("a".repeat(128))).toBeNull();
    expect(checkPasswordLength("a".repeat(129))).toBe("tooLong");
    expect(checkPasswordLength("비밀번호는한국어로도좋아요")).toBeNull(); // 13 Hangul syllables
    expect(checkPasswordLength("🔑".repeat(12))).toBeNull(); // 12 code points, 24 UTF-16 units
  });

  it("refuses a 10 MB password by its length first, before any other check or hashing", () => {
    const huge = "x".repeat(10 * 1024 * 1024);
    // Given as the email too: the length decides before the email (or the common list) is looked at.
    expect(checkNewPassword(huge, huge)).toBe("tooLong");
  });

  it("has no composition rules but refuses the most common passwords", () => {
    expect(isCommonPassword("password1234")).toBe(true);
    expect(isCommonPassword("Password1234")).toBe(true);
    expect(checkNewPassword("qwertyuiop123")).toBe("common");
    expect(checkNewPassword("correct horse battery staple")).toBeNull();
    expect(checkNewPassword("alllowercaseletters")).toBeNull();
  });

  it("refuses the email address as the password", () => {
    expect(checkNewPassword("owner1@demo.test", "owner1@demo.test")).toBe("sameAsEmail");
  });
});

describe("roles", () => {
  it("rank staff roles, each including the ones before it; owners are never staff", () => {
    expect(hasStaffRole("admin", "caseworker")).toBe(true);
    expect(hasStaffRole("supervisor", "supervisor")).toBe(true);
    expect(hasStaffRole("caseworker", "supervisor")).toBe(false);
    expect(hasStaffRole("owner", "caseworker")).toBe(false);
  });
  it("send owners and staff to their own home", () => {
    expect(homeFor("owner")).toBe("/applications");
    expect(homeFor("caseworker")).toBe("/admin/applications");
    expect(homeFor("supervisor")).toBe("/admin");
  });
});

describe("business profile", () => {
  const schema = businessProfileSchema("2026-11-26");
  const valid = {
    tradeName: "  Kim's   Bakery ",
    registrationNumber: "123-45-67891",
    representativeName: "Kim Minji",
    phone: "02-1234-5678",
    address: "1 Sejong-daero, Seoul",
    region: "seoul",
    sector: "food_service",
    employees: "3",
    openedOn: "2019-03-15",
  };

  it("normalises what people type", () => {
    const parsed = schema.parse(valid);
    expect(parsed).toMatchObject({ tradeName: "Kim's Bakery", registrationNumber: "1234567891", employees: 3 });
    // The unit beside the field may be typed too.
    expect(schema.parse({ ...valid, employees: "3명" })).toMatchObject({ employees: 3 });
    expect(schema.safeParse({ ...valid, employees: "3kg" }).success).toBe(false);
  });

  it("answers each bad field with its own message key", () => {
    const result = schema.safeParse({
      ...valid,
      registrationNumber: "123-45-67890",
      employees: "-1",
      openedOn: "2030-01-01",
      region: "mars",
    });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]));
    expect(messages).toEqual({
      registrationNumber: "account.business.errors.numberCheckDigit",
      employees: "account.business.errors.employeesFormat",
      openedOn: "account.business.errors.openedOnFuture",
      region: "account.business.errors.regionRequired",
    });
    expect(schema.safeParse({ ...valid, openedOn: "2021-02-30" }).error!.issues[0]!.message).toBe("account.business.errors.openedOnFormat");
    expect(schema.safeParse({}).error!.issues).toHaveLength(9);
  });

  it("prefills from the last eligibility check, ignoring values that do not fit", () => {
    expect(businessDefaults(null)).toMatchObject({ sector: "", employees: "", openedOn: "", region: "" });
    expect(businessDefaults({ sector: "retail", employees: 4, openedOn: "2020-05-01", region: "busan" })).toMatchObject({
      sector: "retail",
      employees: "4",
      openedOn: "2020-05-01",
      region: "busan",
      registrationNumber: "",
    });
    expect(businessDefaults({ sector: "piracy", employees: -2, openedOn: "soon", region: "atlantis" })).toMatchObject({
      sector: "",
      employees: "",
      openedOn: "",
      region: "",
    });
  });
});
