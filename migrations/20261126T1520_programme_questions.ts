import type { Kysely } from "kysely";

// Frozen once landed. Each programme's own application questions, as JSON validated by
// app/domain/questions.ts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("programmes").addColumn("questions", "text", (c) => c.notNull().defaultTo("[]")).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("programmes").dropColumn("questions").execute();
}
