import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createDatabase } from "../../db/client";

/** A further private database for tests that need more than the file's own (e.g. a second fresh one). */
export function freshDatabase({ migrated = true }: { migrated?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-extra-"));
  const file = path.join(dir, "portal.db");
  if (migrated) fs.copyFileSync(inject("templateDatabase"), file);
  const db = createDatabase({ path: file });
  return {
    db,
    file,
    dir,
    async cleanup() {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
