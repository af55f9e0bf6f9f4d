import { describe, expect, it } from "vitest";
import { echo, echoList, ECHO_ITEM_CHARS, ECHO_LIST_CHARS } from "../../app/shared/echo";

describe("echo: one value a user sent, shortened for a message", () => {
  it("keeps a short value as it is", () => {
    expect(echo("trade_nmae")).toBe("trade_nmae");
    expect(echo("")).toBe("");
    expect(echo("김밥천국 종로점")).toBe("김밥천국 종로점");
    expect(echo("x".repeat(ECHO_ITEM_CHARS))).toBe("x".repeat(ECHO_ITEM_CHARS));
  });

  it("cuts a long value to the limit, ending in an ellipsis", () => {
    expect(echo("x".repeat(ECHO_ITEM_CHARS + 1))).toBe(`${"x".repeat(ECHO_ITEM_CHARS - 1)}…`);
    expect(echo("abcdefgh", 5)).toBe("abcd…");
    expect(echo("가".repeat(1000))).toHaveLength(ECHO_ITEM_CHARS);
  });

  it("never splits a character made of two UTF-16 units", () => {
    const shown = echo("😀".repeat(200), 10);
    expect(Array.from(shown)).toHaveLength(10);
    expect(shown).toBe(`${"😀".repeat(9)}…`);
    expect(shown).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("shows line breaks, control characters and direction overrides as spaces", () => {
    expect(echo("a\r\nb\tc\u0000d\u202Ee\u0085f")).toBe("a  b c d e f");
  });

  it("costs nothing on a huge value", () => {
    const huge = Buffer.alloc(50_000_000, "y").toString("latin1");
    const started = performance.now();
    expect(echo(huge)).toHaveLength(ECHO_ITEM_CHARS);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe("echoList: values a user sent, as a bounded list", () => {
  it("lists a few values whole", () => {
    expect(echoList(["a", "b", "c"], "en")).toBe("a, b, c");
    expect(echoList([], "en")).toBe("");
    expect(echoList(["a", "b"], "ko", { separator: " / " })).toBe("a / b");
  });

  it("shows at most ten, then how many more, in the reader's language", () => {
    const items = Array.from({ length: 1_234_567 }, (_, i) => `c${i}`);
    expect(echoList(items, "en")).toBe("c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 1,234,557 more");
    expect(echoList(items, "ko")).toBe("c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 외 1,234,557개");
    expect(echoList(items.slice(0, 11), "en", { maxItems: 3 })).toBe("c0, c1, c2 and 8 more");
  });

  it("stops before the whole passes about 300 characters, shortening each value", () => {
    const items = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(5_000, "z"));
    const list = echoList(items, "en");
    expect(list).toMatch(/ and 4\d more$/);
    expect(list.length).toBeLessThanOrEqual(ECHO_LIST_CHARS + 30);
    for (const shown of list.replace(/ and \d+ more$/, "").split(", ")) expect(shown.length).toBeLessThanOrEqual(ECHO_ITEM_CHARS);
  });

  it("always shows the first value, so it never says only 'and N more'", () => {
    expect(echoList(["x".repeat(400), "y"], "en", { maxChars: 10 })).toBe(`${"x".repeat(79)}… and 1 more`);
  });
});
