/**
 * Korean particles chosen from the final sound of the word before them, so no sentence ever reads
 * "업종을(를)" or "이메일(으)로". Pure.
 *
 *   josa("업종", "을/를")  → "업종을"      josa("지역", "(으)로") → "지역으로"
 *   josa("서울", "(으)로") → "서울로"      josa("KRW 5,000", "이/가") → "KRW 5,000이"
 */

export type Josa = "은/는" | "이/가" | "을/를" | "과/와" | "(으)로" | "이어야/여야";

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
/** The final consonant ㄹ, which takes 로 rather than 으로. */
const RIEUL = 8;

/** How Korean readers say the digits 0–9: final consonant index (0 = none, 8 = ㄹ). */
const DIGIT_FINAL = [
  1 /* 영 */,
  RIEUL /* 일 */,
  0 /* 이 */,
  1 /* 삼 */,
  0 /* 사 */,
  0 /* 오 */,
  1 /* 육 */,
  RIEUL /* 칠 */,
  RIEUL /* 팔 */,
  0 /* 구 */,
];

/**
 * The final consonant of the last pronounced character of `word`: 0 for none, 8 for ㄹ, any other
 * positive number for another consonant. Closing brackets, quotes and spaces are skipped; Latin
 * letters are read as Koreans usually say them (…l → ㄹ, …m/n/ng → a consonant, else a vowel).
 */
export function finalConsonant(word: string): number {
  const chars = [...word.trim()];
  for (let i = chars.length - 1; i >= 0; i--) {
    const ch = chars[i]!;
    const code = ch.codePointAt(0)!;
    if (code >= HANGUL_FIRST && code <= HANGUL_LAST) return (code - HANGUL_FIRST) % 28;
    if (/[0-9]/.test(ch)) return DIGIT_FINAL[Number(ch)]!;
    if (/[a-z]/i.test(ch)) {
      const c = ch.toLowerCase();
      if (c === "l") return RIEUL;
      if (c === "m" || c === "n") return 1;
      if (c === "g" && /ng$/i.test(chars.slice(0, i + 1).join(""))) return 1;
      return 0;
    }
    if (ch === "㎡") return 0; // 제곱미터
    if (ch === "%") return 0; // 퍼센트
    // Punctuation, brackets, quotes, spaces: look further left.
  }
  return 0;
}

/** The particle alone, for `word`. */
export function particle(word: string, josa: Josa): string {
  const final = finalConsonant(word);
  switch (josa) {
    case "은/는":
      return final ? "은" : "는";
    case "이/가":
      return final ? "이" : "가";
    case "을/를":
      return final ? "을" : "를";
    case "과/와":
      return final ? "과" : "와";
    case "(으)로":
      return final && final !== RIEUL ? "으로" : "로";
    case "이어야/여야":
      return final ? "이어야" : "여야";
  }
}

/** The word followed by its particle: josa("업종", "을/를") → "업종을". */
export function josa(word: string, which: Josa): string {
  return `${word}${particle(word, which)}`;
}

const VARIANTS: [string, Josa][] = [
  ["은", "은/는"],
  ["는", "은/는"],
  ["이", "이/가"],
  ["가", "이/가"],
  ["을", "을/를"],
  ["를", "을/를"],
  ["과", "과/와"],
  ["와", "과/와"],
  ["으로", "(으)로"],
  ["로", "(으)로"],
];

/**
 * Interpolation values for a translation, each string also offered with its particle: `{ name:
 * "업종" }` gives `name`, and `name을` / `name를` (both "업종을"), `name은`, `name이`, `name과`,
 * `name으로`… So a Korean message is written `{{name을}} 선택하세요` and always reads right, while the
 * English message of the same key simply uses `{{name}}`.
 */
export function withParticles<T extends Record<string, unknown>>(values: T): T & Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== "string") continue;
    for (const [suffix, which] of VARIANTS) out[`${key}${suffix}`] = josa(value, which);
  }
  return out as T & Record<string, unknown>;
}
