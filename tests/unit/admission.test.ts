import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { admissionConfigFromEnv, createAdmission, waitingPageHtml, type AdmissionDecision } from "../../app/modules/admission/admission.server";

/** The admission core with a hand-driven clock, lag and in-flight count: no timers, no HTTP. */
function room(overrides: { maxQueue?: number; secret?: string } = {}) {
  let clock = 1_700_000_000_000;
  let lag = 0;
  const admission = createAdmission({
    maxInflight: 10,
    maxLagMs: 100,
    secret: overrides.secret ?? "test-secret-test-secret-test-secret!",
    maxQueue: overrides.maxQueue,
    now: () => clock,
    lagMs: () => lag,
    autoTick: false,
  });
  return {
    admission,
    advance: (ms: number) => (clock += ms),
    setLag: (ms: number) => (lag = ms),
    saturate: () => (lag = 500),
    relieve: () => (lag = 0),
  };
}

const cookieValue = (d: AdmissionDecision) =>
  "setCookie" in d && d.setCookie ? d.setCookie.split(";")[0]!.split("=").slice(1).join("=") : undefined;

let rooms: ReturnType<typeof room>[] = [];
const make = (o?: Parameters<typeof room>[0]) => {
  const r = room(o);
  rooms.push(r);
  return r;
};
afterEach(() => {
  for (const r of rooms) r.admission.stop();
  rooms = [];
});

describe("admission control", () => {
  it("lets everyone straight in while the node has room", () => {
    const { admission } = make();
    for (let i = 0; i < 5; i++) expect(admission.decide(undefined)).toEqual({ kind: "admit" });
    expect(admission.stats()).toMatchObject({ admitted: 5, queued: 0, waiting: 0, saturated: false });
  });

  it("queues new visitors when saturated by event-loop delay, first come first served, and keeps a place across refreshes", () => {
    const r = make();
    r.saturate();
    const first = r.admission.decide(undefined);
    const second = r.admission.decide(undefined);
    const third = r.admission.decide(undefined);
    expect(first).toMatchObject({ kind: "wait", position: 1 });
    expect(second).toMatchObject({ kind: "wait", position: 2 });
    expect(third).toMatchObject({ kind: "wait", position: 3 });
    const [t1, t2, t3] = [first, second, third].map(cookieValue);
    expect(t1).toBeTruthy();
    // A refresh keeps the place (and sets no new ticket).
    const again = r.admission.decide(t2);
    expect(again).toMatchObject({ kind: "wait", position: 2 });
    expect("setCookie" in again && again.setCookie).toBeFalsy();

    // Still saturated: nothing moves.
    r.admission.tick();
    expect(r.admission.decide(t1)).toMatchObject({ kind: "wait", position: 1 });

    // Room again: one released this tick (the rate starts at one and grows), in order.
    r.relieve();
    r.admission.tick();
    const in1 = r.admission.decide(t1);
    expect(in1.kind).toBe("admit");
    expect(cookieValue(in1)).toBeTruthy(); // a pass
    expect(r.admission.decide(t3)).toMatchObject({ kind: "wait", position: 2 });
    // A newcomer does not jump the line even though the node has room now.
    expect(r.admission.decide(undefined)).toMatchObject({ kind: "wait", position: 3 });
    r.admission.tick();
    r.admission.tick();
    expect(r.admission.decide(t2).kind).toBe("admit");
    expect(r.admission.decide(t3).kind).toBe("admit");
  });

  it("queues when requests in flight reach the limit", () => {
    const r = make();
    r.admission.trackInflight(10);
    expect(r.admission.decide(undefined).kind).toBe("wait");
    r.admission.trackInflight(-10);
    expect(r.admission.stats().saturated).toBe(false);
  });

  it("an admitted visitor's pass lets them through later pages even when saturated", () => {
    const r = make();
    r.saturate();
    const ticket = cookieValue(r.admission.decide(undefined));
    r.relieve();
    r.admission.tick();
    const admitted = r.admission.decide(ticket);
    const pass = cookieValue(admitted);
    r.saturate();
    expect(r.admission.decide(pass)).toEqual({ kind: "admit" });
    // …until the pass expires (15 minutes): then they are new again.
    r.advance(16 * 60_000);
    expect(r.admission.decide(pass).kind).toBe("wait");
  });

  it("treats a forged, tampered, foreign, expired or replayed ticket as a new visitor", () => {
    const r = make();
    r.saturate();
    const ahead = r.admission.decide(undefined); // someone already waiting
    const mine = cookieValue(r.admission.decide(undefined))!;
    const [body, mac] = mine.split(".");

    // Tampered: a better place claimed by editing the payload.
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString());
    const better = Buffer.from(JSON.stringify({ ...payload, v: 1 })).toString("base64url");
    const tampered = r.admission.decide(`${better}.${mac}`);
    expect(tampered).toMatchObject({ kind: "wait", position: 3 });
    expect(cookieValue(tampered)).not.toBe(mine);

    // Forged with another key (another deployment, or a guess).
    const forgedMac = crypto.createHmac("sha256", "not-our-secret").update(better).digest("base64url");
    expect(r.admission.decide(`${better}.${forgedMac}`)).toMatchObject({ kind: "wait", position: 4 });
    // Garbage.
    expect(r.admission.decide("garbage")).toMatchObject({ kind: "wait", position: 5 });
    // A pass forged as JSON without a valid signature does not admit.
    const fakePass = Buffer.from(JSON.stringify({ k: "p", v: 0, id: "x", e: Date.now() * 2 })).toString("base64url");
    expect(r.admission.decide(`${fakePass}.AAAA`).kind).toBe("wait");
    expect(r.admission.stats().invalidTickets).toBe(4);

    // Replayed: once a ticket has been turned into a pass, showing it again gets a new place.
    r.relieve();
    for (let i = 0; i < 3; i++) r.admission.tick();
    expect(r.admission.decide(cookieValue(ahead)).kind).toBe("admit");
    expect(r.admission.decide(mine).kind).toBe("admit");
    r.saturate();
    const replay = r.admission.decide(mine);
    expect(replay.kind).toBe("wait");
    expect(cookieValue(replay)).not.toBe(mine);

    // Expired: a ticket older than its 30 minutes is a new visitor.
    const late = cookieValue(r.admission.decide(undefined))!;
    r.advance(31 * 60_000);
    const expired = r.admission.decide(late);
    expect(expired.kind).toBe("wait");
    expect(cookieValue(expired)).not.toBe(late);
  });

  it("honours a ticket signed by another node with the same secret, by its issue time", () => {
    const a = make({ secret: "shared-secret-shared-secret-shared!!" });
    const b = make({ secret: "shared-secret-shared-secret-shared!!" });
    a.saturate();
    const fromA = cookieValue(a.admission.decide(undefined));
    b.admission.tick(); // b has nobody waiting: everything issued until now may come in
    expect(b.admission.decide(fromA).kind).toBe("admit");
  });

  it("turns visitors away without a place once the line is full", () => {
    const r = make({ maxQueue: 2 });
    r.saturate();
    r.admission.decide(undefined);
    r.admission.decide(undefined);
    expect(r.admission.decide(undefined)).toEqual({ kind: "turn-away", retryAfter: 60 });
    expect(r.admission.stats()).toMatchObject({ turnedAway: 1, waiting: 2, ticketsIssued: 2 });
  });

  it("forgets tickets nobody came back for after their lifetime", () => {
    const r = make();
    r.saturate();
    r.admission.decide(undefined);
    r.admission.decide(undefined);
    r.advance(31 * 60_000);
    r.admission.tick();
    expect(r.admission.stats().waiting).toBe(0);
  });

  it("renders a static waiting page in both languages with place, estimate and a refresh", () => {
    const ko = waitingPageHtml({ kind: "wait", position: 42, etaSeconds: 90, retryAfter: 10 }, "ko");
    expect(ko).toContain('<html lang="ko">');
    expect(ko).toContain('<meta http-equiv="refresh" content="10">');
    expect(ko).toContain("<strong>42</strong>번째");
    expect(ko).toContain("약 2분");
    const en = waitingPageHtml({ kind: "wait", position: 3, etaSeconds: 5, retryAfter: 3 }, "en");
    expect(en).toContain("Your place in line: <strong>3</strong>");
    expect(en).toContain("about 5 seconds");
    expect(en).not.toMatch(/<script/);
    const full = waitingPageHtml({ kind: "turn-away", retryAfter: 60 }, "en");
    expect(full).toContain("The waiting line is full");
  });

  it("is off by default outside production and generous in production", () => {
    expect(admissionConfigFromEnv({ PORTAL_ENV: "test" })).toBeNull();
    expect(admissionConfigFromEnv({ PORTAL_ENV: "production" })).toMatchObject({ maxInflight: 100, maxLagMs: 250, secureCookie: true });
    expect(admissionConfigFromEnv({ PORTAL_ENV: "production", ADMISSION_MAX_INFLIGHT: 0, ADMISSION_MAX_LAG_MS: 0 })).toBeNull();
    expect(admissionConfigFromEnv({ PORTAL_ENV: "development", ADMISSION_MAX_INFLIGHT: 5 })).toMatchObject({ maxInflight: 5, maxLagMs: 0 });
  });
});
