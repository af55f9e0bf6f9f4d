import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { finalConsonant, josa, particle, withParticles } from "../../app/shared/korean";
import { resources } from "../../app/shared/i18n";

describe("Korean particles from the final sound", () => {
  it.each([
    ["업종", "을/를", "업종을"],
    ["지역", "을/를", "지역을"],
    ["매출", "을/를", "매출을"],
    ["개업일", "을/를", "개업일을"],
    ["상시근로자 수", "을/를", "상시근로자 수를"],
    ["월 임대료", "은/는", "월 임대료는"],
    ["매장 면적", "은/는", "매장 면적은"],
    ["신용점수", "이/가", "신용점수가"],
    ["사업장", "이/가", "사업장이"],
    ["서울", "(으)로", "서울로"],
    ["부산", "(으)로", "부산으로"],
    ["검토 중", "(으)로", "검토 중으로"],
    ["승인", "과/와", "승인과"],
    ["지원", "과/와", "지원과"],
  ] as const)("%s + %s → %s", (word, which, expected) => {
    expect(josa(word, which)).toBe(expected);
  });

  it("reads digits, Latin letters and closing punctuation as they are spoken", () => {
    expect(particle("2019년 매출(원)", "을/를")).toBe("을"); // 원
    expect(particle("‘사업자등록증’", "을/를")).toBe("을"); // 증
    expect(particle("10", "이/가")).toBe("이"); // 십 → 영
    expect(particle("3", "을/를")).toBe("을"); // 삼
    expect(particle("2", "을/를")).toBe("를"); // 이
    expect(particle("7", "(으)로")).toBe("로"); // 칠 (ㄹ)
    expect(particle("6", "(으)로")).toBe("으로"); // 육
    expect(particle("PDF", "은/는")).toBe("는");
    expect(particle("email", "(으)로")).toBe("로");
    expect(finalConsonant("")).toBe(0);
  });

  it("gives every translation value with its particles, and i18next fills them", async () => {
    const i18n = createInstance();
    await i18n.init({ lng: "ko", resources, interpolation: { escapeValue: false } });
    const values = withParticles({ name: "업종" });
    expect(values).toMatchObject({ name: "업종", name을: "업종을", name은: "업종은", name이: "업종이", name으로: "업종으로" });
    expect(i18n.t("eligibility.errors.choose", withParticles({ name: "업종" }))).toBe("업종을 선택하세요");
    expect(i18n.t("eligibility.errors.choose", withParticles({ name: "상시근로자 수" }))).toBe("상시근로자 수를 선택하세요");
    expect(i18n.t("eligibility.errors.negative", withParticles({ name: "월 임대료" }))).toBe("월 임대료는 0 이상으로 입력하세요");
  });

  it("leaves no particle template in any Korean text", () => {
    const templates = /[을은이과와]\([를는가와과]\)|\((으|이)\)[로가]|\(으\)로|을\(를\)|은\(는\)|이\(가\)/;
    const walk = (value: unknown, path: string): string[] =>
      typeof value === "string"
        ? templates.test(value)
          ? [`${path}: ${value}`]
          : []
        : value && typeof value === "object"
          ? Object.entries(value).flatMap(([k, v]) => walk(v, `${path}.${k}`))
          : [];
    expect(walk(resources.ko.translation, "ko")).toEqual([]);
  });
});
