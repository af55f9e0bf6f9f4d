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
});
