import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkBusinessRegister } from "../../app/modules/businesses/business-register.server";
import { startBusinessRegister, type RunningRegister } from "../helpers/business-register";
import { freePort } from "../helpers/local-service";

let register: RunningRegister;

beforeAll(async () => {
  register = await startBusinessRegister();
});
afterAll(async () => {
  await register?.stop();
});

const ask = (registrationNumber: string, openedOn: string, representativeName: string, timeoutMs?: number) =>
  checkBusinessRegister({ registrationNumber, openedOn, representativeName }, { baseUrl: register.url, timeoutMs });

describe("the business register port over HTTP, against the local register", () => {
  it("matches the number, the opening date and the representative, and says whether the business is operating", async () => {
    expect(await ask("2208123455", "2018-04-02", "김민수")).toEqual({ kind: "match", state: "operating" });
    // Full-width spaces and composed or decomposed Hangul are the same name.
    expect(await ask("2208123455", "2018-04-02", "김민수".normalize("NFD"))).toEqual({ kind: "match", state: "operating" });
    expect(await ask("2208123455", "2018-04-02", "\u3000김민수 ")).toEqual({ kind: "match", state: "operating" });
    expect(await ask("1010000036", "2012-02-20", "김민수")).toEqual({ kind: "match", state: "suspended" });
    expect(await ask("1010000040", "2010-09-09", "이몽룡")).toEqual({ kind: "match", state: "closed" });
  });

  it("lets each joint representative match, and nobody else", async () => {
    expect(await ask("1010000021", "2019-11-01", "박똠")).toEqual({ kind: "match", state: "operating" });
    expect(await ask("1010000021", "2019-11-01", "이몽룡")).toEqual({ kind: "match", state: "operating" });
    expect(await ask("1010000021", "2019-11-01", "김민수")).toEqual({ kind: "no_match" });
  });

  it("answers no match for another person, another opening date, or a number it does not hold", async () => {
    expect(await ask("1010000017", "2015-06-10", "이몽룡")).toEqual({ kind: "no_match" });
    expect(await ask("1010000017", "2015-06-11", "박똠")).toEqual({ kind: "no_match" });
    expect(await ask("1234567891", "2015-06-10", "박똠")).toEqual({ kind: "no_match" });
  });

  it("is unavailable, never a match, when the register fails, is too slow, or is not there", async () => {
    await register.faults({ fail: true });
    expect(await ask("1010000017", "2015-06-10", "박똠")).toEqual({ kind: "unavailable" });
    await register.faults({ fail: false, delayMs: 1_000 });
    expect(await ask("1010000017", "2015-06-10", "박똠", 200)).toEqual({ kind: "unavailable" });
    await register.faults({ delayMs: 0 });
    expect(await ask("1010000017", "2015-06-10", "박똠")).toEqual({ kind: "match", state: "operating" });
    const nobody = `http://127.0.0.1:${await freePort()}`;
    expect(
      await checkBusinessRegister({ registrationNumber: "1010000017", openedOn: "2015-06-10", representativeName: "박똠" }, { baseUrl: nobody }),
    ).toEqual({
      kind: "unavailable",
    });
  });
});
