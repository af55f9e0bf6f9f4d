import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedProgrammes } from "../../db/seed";
import { verifyAuditChain } from "../../app/modules/audit/audit.server";
import {
  getProgrammeForEdit,
  getRulesVersion,
  ProgrammeEditSchema,
  updateProgramme,
  type ProgrammeEdit,
} from "../../app/modules/administration/programme-admin.server";

const supervisor = { id: 3, label: "supervisor@demo.test" };

async function formFor(slug: string): Promise<Record<string, string>> {
  const p = (await getProgrammeForEdit(slug))!;
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v === null ? "" : String(v)]));
}

function parse(form: Record<string, string>): ProgrammeEdit {
  return ProgrammeEditSchema.parse(form);
}

beforeAll(async () => {
  await seedProgrammes(getDb(), { now: new Date("2026-11-26T03:00:00Z") });
});

describe("programme administration", () => {
  it("seeds a first rules version and the four-eyes threshold", async () => {
    const rent = (await getProgrammeForEdit("rent-loan"))!;
    expect(rent).toMatchObject({ version: 1, rules_version: 1, four_eyes_threshold_krw: 5_000_000 });
    expect(await getRulesVersion(rent.id, 1)).toMatchObject({ created_by: "seed", rules: rent.rules });
  });

  it("edits texts without a new rules version, audited", async () => {
    const form = await formFor("smart-store");
    const result = await updateProgramme("smart-store", parse({ ...form, summary_en: "New summary", capacity: "21,000" }), supervisor);
    expect(result).toEqual({ ok: true, version: 2, rulesVersion: 1, changed: ["summary_en", "capacity"] });
    expect(await getProgrammeForEdit("smart-store")).toMatchObject({ summary_en: "New summary", capacity: 21_000, version: 2 });
    const audit = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "programme.update").execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ changed: ["summary_en", "capacity"] });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("keeps every rules version so applications stay tied to theirs", async () => {
    const form = await formFor("smart-supermarket");
    const rules = JSON.parse(form.rules!);
    rules.criteria.find((c: { id: string }) => c.id === "floor-area").condition.value = 200;
    const result = await updateProgramme("smart-supermarket", parse({ ...form, rules: JSON.stringify(rules, null, 2) }), supervisor);
    expect(result).toMatchObject({ ok: true, rulesVersion: 2, changed: ["rules"] });
    const id = (await getProgrammeForEdit("smart-supermarket"))!.id;
    expect(JSON.parse((await getRulesVersion(id, 1))!.rules).criteria.find((c: { id: string }) => c.id === "floor-area").condition.value).toBe(165);
    expect(JSON.parse((await getRulesVersion(id, 2))!.rules).criteria.find((c: { id: string }) => c.id === "floor-area").condition.value).toBe(200);
    expect((await getRulesVersion(id, 2))!.created_by).toBe("supervisor@demo.test");
  });

  it("treats a reformatted but identical rules text as no change", async () => {
    const form = await formFor("tax-legal-advice");
    const result = await updateProgramme("tax-legal-advice", parse({ ...form, rules: JSON.stringify(JSON.parse(form.rules!), null, 4) }), supervisor);
    expect(result).toEqual({ ok: true, version: 1, rulesVersion: 1, changed: [] });
  });

  it("refuses a stale form and shows what changed, overwriting nothing", async () => {
    const stale = await formFor("support-fund");
    await updateProgramme("support-fund", parse({ ...stale, name_en: "First edit" }), supervisor);
    const result = await updateProgramme("support-fund", parse({ ...stale, name_en: "Second edit" }), { id: 4, label: "other@demo.test" });
    expect(result).toMatchObject({ ok: false, reason: "conflict", current: { name_en: "First edit", version: 2 } });
    expect((await getProgrammeForEdit("support-fund"))!.name_en).toBe("First edit");
  });

  // One process, one SQLite connection: the two transactions queue; the version check decides.
  it("lets exactly one of two edits from the same form win (queued on one instance)", async () => {
    const form = await formFor("rent-loan");
    const results = await Promise.all([
      updateProgramme("rent-loan", parse({ ...form, summary_en: "A" }), supervisor),
      updateProgramme("rent-loan", parse({ ...form, summary_en: "B" }), supervisor),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "conflict")).toHaveLength(1);
  });

  it.each([
    [{ rules: "{ not json" }, "rules", "rulesInvalid|"],
    [
      {
        rules: JSON.stringify({
          criteria: [{ id: "x", label: { en: "x", ko: "x" }, condition: { type: "compare", fact: "employees", op: "≈", value: 5 } }],
          support: { kind: "service", text: { en: "x", ko: "x" } },
        }),
      },
      "rules",
      "criteria.0.condition",
    ],
    [{ required_documents: '[{"code":"Bad Code","name":{"en":"x","ko":"x"}}]' }, "required_documents", "jsonInvalid|0.code"],
    [{ questions: '[{"id":"a","kind":"amount","label":{"en":"x","ko":"x"}}]' }, "questions", "jsonInvalid|"],
    [{ questions: "[{" }, "questions", "jsonSyntax"],
    [{ closes_on: "2020-01-01" }, "closes_on", "closesBeforeOpens"],
    [{ capacity: "-3" }, "capacity", "notNegative"],
    [{ budget_krw: "lots" }, "budget_krw", "wholeNumber"],
    [{ budget_krw: "0.5" }, "budget_krw", "wholeNumber"],
    [{ name_ko: "   " }, "name_ko", "required"],
  ])("refuses bad input %j at the field", async (change, field, message) => {
    const form = await formFor("smart-store");
    const result = ProgrammeEditSchema.safeParse({ ...form, ...change });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toContain(message);
  });

  it("reads budgets with separators or Korean units", async () => {
    const form = await formFor("smart-store");
    const parsed = ProgrammeEditSchema.parse({ ...form, budget_krw: "4조 1,000억 원", capacity: "20,000", four_eyes_threshold_krw: "500만" });
    expect(parsed).toMatchObject({ budget_krw: 4_100_000_000_000, capacity: 20_000, four_eyes_threshold_krw: 5_000_000 });
  });

  it("answers an unknown programme with not_found", async () => {
    const form = await formFor("smart-store");
    expect(await updateProgramme("nope", parse(form), supervisor)).toEqual({ ok: false, reason: "not_found" });
  });
});
