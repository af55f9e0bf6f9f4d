import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, parseQueueFilters } from "../../app/modules/review/queue";

const parse = (qs: string) => parseQueueFilters(new URLSearchParams(qs));

describe("queue filters from the address", () => {
  it("has a sensible default view", () => {
    expect(parse("")).toEqual({
      filters: {
        programmes: [],
        statuses: [],
        region: null,
        sector: null,
        assignee: { kind: "default" },
        submittedFrom: null,
        submittedTo: null,
        waitingMoreThanDays: null,
        search: null,
        sort: "oldest",
        cursor: null,
      },
      ignored: [],
    });
  });

  it("reads every filter", () => {
    const { filters, ignored } = parse(
      "programme=rent-loan&programme=support-fund&status=under_review&region=seoul&sector=food_service&assignee=12&from=2026-11-01&to=2026-11-30&waiting=7&q=SF-2026&sort=amount",
    );
    expect(ignored).toEqual([]);
    expect(filters).toMatchObject({
      programmes: ["rent-loan", "support-fund"],
      statuses: ["under_review"],
      region: "seoul",
      sector: "food_service",
      assignee: { kind: "user", id: 12 },
      submittedFrom: "2026-11-01",
      submittedTo: "2026-11-30",
      waitingMoreThanDays: 7,
      search: "SF-2026",
      sort: "amount",
    });
  });

  it("drops garbage and says which filters it ignored", () => {
    const { filters, ignored } = parse(
      "status=draft&status=nonsense&region=atlantis&assignee=;drop table&from=2026-02-30&waiting=-3&sort=random&programme=../x",
    );
    expect(filters).toMatchObject({
      statuses: [],
      region: null,
      assignee: { kind: "default" },
      submittedFrom: null,
      waitingMoreThanDays: null,
      sort: "oldest",
      programmes: [],
    });
    expect(ignored.sort()).toEqual(["assignee", "from", "programme", "region", "sort", "status", "waiting"]);
  });

  it("never throws on any query string", () => {
    fc.assert(
      fc.property(fc.string(), (qs) => {
        parse(qs);
      }),
    );
  });
});

describe("keyset cursors", () => {
  it("round-trips", () => {
    expect(decodeCursor(encodeCursor(["2026-11-26T01:02:03.000Z", 42]))).toEqual(["2026-11-26T01:02:03.000Z", 42]);
    expect(decodeCursor(encodeCursor([5_000_000, 7]))).toEqual([5_000_000, 7]);
    expect(decodeCursor(encodeCursor([null, 7]))).toEqual([null, 7]);
  });

  it.each([
    "",
    "not base64!",
    Buffer.from("[1]").toString("base64url"),
    Buffer.from('["x",-1]').toString("base64url"),
    Buffer.from('{"a":1}').toString("base64url"),
  ])("treats %j as the first page", (cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
