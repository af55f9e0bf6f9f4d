import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/server";

// The layout's boundaries are kept by the linter (docs/architecture.md): a planted violation
// in each kind of file must be refused, and the same file without it accepted.
describe("the linter keeps the layout's boundaries", () => {
  const eslint = new ESLint({ cwd: ROOT });
  const problems = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${filePath}` });
    return result!.messages.map((m) => m.ruleId);
  };

  it("refuses a route that imports the database, and accepts one that calls a module", async () => {
    expect(await problems("app/routes/planted.tsx", `import { getDb } from "../../db/client";\nexport const planted = getDb;\n`)).toContain(
      "boundaries/dependencies",
    );
    expect(
      await problems(
        "app/routes/planted.tsx",
        `import { listProgrammes } from "~/modules/catalogue/programmes.server";\nexport const planted = listProgrammes;\n`,
      ),
    ).toEqual([]);
  }, 60_000);

  it("refuses server code or the database in a pure file, but allows a type-only import", async () => {
    expect(
      await problems("app/modules/review/planted.ts", `import { listQueue } from "./queue.server";\nexport const planted = listQueue;\n`),
    ).toContain("@typescript-eslint/no-restricted-imports");
    expect(await problems("app/shared/planted.ts", `import { getDb } from "../../db/client";\nexport const planted = getDb;\n`)).toContain(
      "@typescript-eslint/no-restricted-imports",
    );
    expect(
      await problems("app/modules/review/planted.ts", `import type { Database } from "../../../db/schema";\nexport type Planted = Database;\n`),
    ).toEqual([]);
  }, 60_000);

  it("refuses a query built in a route or a component", async () => {
    const code = `export function planted(db: { selectFrom(t: string): unknown }) {\n  return db.selectFrom("applications");\n}\n`;
    expect(await problems("app/routes/planted.tsx", code)).toContain("no-restricted-syntax");
    expect(await problems("app/modules/catalogue/components/planted.tsx", code)).toContain("no-restricted-syntax");
    expect(await problems("app/modules/catalogue/planted.server.ts", code)).toEqual([]);
  }, 60_000);

  it("refuses a module reaching into another module's files, and accepts its public entry", async () => {
    expect(
      await problems(
        "app/modules/payments/planted.server.ts",
        `import { recordAudit } from "~/modules/audit/audit.server";\nexport const planted = recordAudit;\n`,
      ),
    ).toContain("portal/module-entry");
    expect(
      await problems(
        "app/modules/payments/planted.server.ts",
        `import { recordAudit } from "../audit/audit.server";\nexport const planted = recordAudit;\n`,
      ),
    ).toContain("portal/module-entry");
    expect(
      await problems(
        "app/modules/payments/planted.server.ts",
        `import { recordAudit } from "~/modules/audit/index.server";\nexport const planted = recordAudit;\n`,
      ),
    ).toEqual([]);
    // Within a module, any file may import any other.
    expect(
      await problems(
        "app/modules/payments/planted.server.ts",
        `import { buildBatch } from "~/modules/payments/build-batch.server";\nexport const planted = buildBatch;\n`,
      ),
    ).toEqual([]);
  }, 60_000);

  it("refuses an owner's query on applications by id or reference without the owner, outside the staff-scoped files", async () => {
    const unscoped = `type Db = { selectFrom(t: string): any };\nexport function planted(db: Db, ref: string) {\n  return db.selectFrom("applications").selectAll().where("reference", "=", ref).executeTakeFirst();\n}\n`;
    const scoped = `type Db = { selectFrom(t: string): any };\nexport function planted(db: Db, ref: string, ownerId: number) {\n  return db.selectFrom("applications").selectAll().where("reference", "=", ref).where("owner_id", "=", ownerId).executeTakeFirst();\n}\n`;
    const aliased = `type Db = { updateTable(t: string): any };\nexport function planted(db: Db, id: number) {\n  return db.updateTable("applications as a").set({}).where("a.id", "=", id).execute();\n}\n`;
    expect(await problems("app/modules/applications/planted.server.ts", unscoped)).toContain("portal/scoped-applications");
    expect(await problems("app/modules/rapid/planted.server.ts", aliased)).toContain("portal/scoped-applications");
    expect(await problems("app/modules/applications/planted.server.ts", scoped)).toEqual([]);
    // The staff-scoped files (their callers have required a staff role) may look up any application.
    expect(await problems("app/modules/review/review-detail.server.ts", unscoped)).toEqual([]);
  }, 60_000);
});
