import { type Kysely } from "kysely";

// Frozen once landed. The payout account becomes a step of the application (docs/applications.md):
// 1. The free-text "bank and account number" question leaves the programmes' own questions.
//    Questions are live data on the programme row (not versioned), so open drafts simply stop being
//    asked it; answers already given stay in drafts and snapshots, unread.
// 2. `payout_account_gaps`: the applications of paying programmes that were submitted before the
//    step existed and have no account — what supervisors list per programme. New submissions
//    always carry an account, so the table only shrinks (a row goes when the owner saves one) and
//    the list reads an index, never a scan of all applications.
const OPEN = ["submitted", "under_review", "info_requested", "approved"];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("payout_account_gaps")
    .addColumn("application_id", "integer", (c) => c.primaryKey().references("applications.id").onDelete("cascade"))
    .addColumn("programme_id", "integer", (c) => c.notNull())
    .addColumn("owner_id", "integer", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("payout_account_gaps_programme").on("payout_account_gaps").columns(["programme_id", "application_id"]).execute();

  const stamp = new Date().toISOString();
  const programmes = await db.selectFrom("programmes").select(["id", "rules", "questions"]).execute();
  for (const p of programmes) {
    const questions = readJson(p.questions) as Array<{ id?: unknown; kind?: unknown }> | null;
    if (Array.isArray(questions)) {
      const kept = questions.filter((q) => !(q && q.id === "payoutAccount" && q.kind === "text"));
      if (kept.length !== questions.length) {
        await db.updateTable("programmes").set({ questions: JSON.stringify(kept) }).where("id", "=", p.id).execute();
      }
    }
    const kind = String((readJson(p.rules) as { support?: { kind?: unknown } } | null)?.support?.kind ?? "");
    if (kind === "service" || kind === "") continue;
    await db
      .insertInto("payout_account_gaps")
      .columns(["application_id", "programme_id", "owner_id", "created_at"])
      .expression((eb: any) =>
        eb
          .selectFrom("applications as a")
          .select(["a.id", "a.programme_id", "a.owner_id", eb.val(stamp).as("created_at")])
          .where("a.programme_id", "=", p.id)
          .where("a.status", "in", OPEN)
          .where((w: any) => w.not(w.exists(w.selectFrom("payout_accounts as pa").select("pa.id").whereRef("pa.application_id", "=", "a.id")))),
      )
      .execute();
  }
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("payout_account_gaps").execute();
}
