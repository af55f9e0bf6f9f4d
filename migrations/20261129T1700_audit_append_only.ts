import { sql, type Kysely } from "kysely";
import { isPostgres } from "../db/dialect";

// Frozen once landed. The audit trail becomes append-only in the database itself, not only by
// convention: UPDATE and DELETE on audit_log are refused by a trigger (and TRUNCATE on PostgreSQL).
// The hash chain shows an edited or removed row in the middle, but not the newest rows cut off the
// end; so the chain's head is also written to audit_checkpoints (one row per UTC day of the audited
// event, upserted in the same transaction as each append), whose rows may only move forward.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable("audit_checkpoints")
    .addColumn("day", "varchar(10)", (c) => c.primaryKey())
    .addColumn("last_id", pg ? "bigint" : "integer", (c) => c.notNull())
    .addColumn("last_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("appended", "integer", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();

  if (pg) {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'raise_exception';
END;
$$`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    await sql`CREATE FUNCTION audit_checkpoints_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.last_id >= OLD.last_id THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_checkpoints only move forward: % refused', TG_OP USING ERRCODE = 'raise_exception';
END;
$$`.execute(db);
    await sql`CREATE TRIGGER audit_checkpoints_forward_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_forward_only()`.execute(db);
    await sql`CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_forward_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END`.execute(db);
    await sql`CREATE TRIGGER audit_checkpoints_forward_only BEFORE UPDATE ON audit_checkpoints WHEN NEW.last_id < OLD.last_id BEGIN SELECT RAISE(ABORT, 'audit_checkpoints only move forward: UPDATE refused'); END`.execute(db);
    await sql`CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit_checkpoints only move forward: DELETE refused'); END`.execute(db);
  }

  // A trail that already has rows gets its head recorded now, so verification can start from it.
  const head = await db.selectFrom("audit_log").select(["id", "hash", "at"]).orderBy("id", "desc").limit(1).executeTakeFirst();
  if (head) {
    const count = await db.selectFrom("audit_log").select(db.fn.countAll().as("n")).executeTakeFirstOrThrow();
    await db
      .insertInto("audit_checkpoints")
      .values({ day: String(head.at).slice(0, 10), last_id: head.id, last_hash: head.hash, appended: Number(count.n), updated_at: new Date().toISOString() })
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP TRIGGER IF EXISTS audit_log_no_update_delete ON audit_log`.execute(db);
    await sql`DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log`.execute(db);
    await sql`DROP FUNCTION IF EXISTS audit_log_append_only()`.execute(db);
    await db.schema.dropTable("audit_checkpoints").execute();
    await sql`DROP FUNCTION IF EXISTS audit_checkpoints_forward_only()`.execute(db);
  } else {
    await sql`DROP TRIGGER IF EXISTS audit_log_no_update`.execute(db);
    await sql`DROP TRIGGER IF EXISTS audit_log_no_delete`.execute(db);
    await db.schema.dropTable("audit_checkpoints").execute();
  }
}
