import { describe, expect, it } from "vitest";
import { createNulStripper, stripNulBytes } from "../../app/shared/strip-nul.server";

describe("the NUL stripper behind the HTML stream (React 18 flushes unwritten buffer bytes)", () => {
  it("drops the NUL bytes React leaves where a Korean syllable did not fit the buffer", () => {
    const korean = Buffer.from("직원 계정 만들기", "utf8");
    const broken = Buffer.concat([korean.subarray(0, 7), Buffer.from([0, 0]), korean.subarray(7)]);
    expect(stripNulBytes(broken).toString("utf8")).toBe("직원 계정 만들기");
  });

  it("passes a chunk without NUL through as the same buffer", () => {
    const chunk = Buffer.from("<p>신청하기</p>", "utf8");
    expect(stripNulBytes(chunk)).toBe(chunk);
  });

  it("works as a stream over chunks split inside a syllable", async () => {
    const stripper = createNulStripper();
    const parts: Buffer[] = [];
    stripper.on("data", (c: Buffer) => parts.push(c));
    const text = Buffer.from("사업체 저장", "utf8");
    stripper.write(Buffer.concat([text.subarray(0, 4), Buffer.from([0])]));
    stripper.write(text.subarray(4));
    stripper.end();
    await new Promise((r) => stripper.on("end", r));
    expect(Buffer.concat(parts).toString("utf8")).toBe("사업체 저장");
  });
});
