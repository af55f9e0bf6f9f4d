/**
 * Staff administration (admins only): list staff, create an account with a role, change a role,
 * deactivate and reactivate, reset a password. Each change and its audit row commit in one
 * transaction; deactivating (or resetting a password) deletes the account's sessions in that same
 * transaction, so the person is signed out at once. The last active admin can be neither demoted
 * nor deactivated: the count is taken inside the transaction that makes the change.
 */
import crypto from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { checkNewPassword, hashPassword } from "~/modules/accounts/index.server";
import type { PasswordProblem } from "~/modules/accounts";
import { STAFF_ROLES, type StaffRole } from "~/modules/accounts";
import { recordAudit, type AuditActor } from "~/modules/audit/index.server";
import { withTransaction } from "../../../db/transaction";
import { lockFor } from "../../../db/dialect";

export interface StaffMember {
  id: number;
  email: string;
  role: StaffRole;
  created_at: string;
  deactivated_at: string | null;
  sessions: number;
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === "string" && (STAFF_ROLES as readonly string[]).includes(value);
}

export async function listStaff(db: Kysely<Database> = getDb()): Promise<StaffMember[]> {
  const rows = await db
    .selectFrom("users as u")
    .leftJoin("auth_session as s", "s.user_id", "u.id")
    .select(["u.id", "u.email", "u.role", "u.created_at", "u.deactivated_at"])
    .select((eb) => eb.fn.count<number>("s.id").as("sessions"))
    .where("u.role", "in", STAFF_ROLES)
    .groupBy(["u.id", "u.email", "u.role", "u.created_at", "u.deactivated_at"])
    .orderBy("u.email")
    .execute();
  return rows.map((r) => ({ ...r, role: r.role as StaffRole, sessions: Number(r.sessions) }));
}

/**
 * Active admins, counted under the staff roster's lock: on PostgreSQL two admins demoting each
 * other at once would otherwise both count two and both succeed; the second now waits and counts
 * one. (SQLite's BEGIN IMMEDIATE already serialises them.)
 */
async function activeAdmins(trx: Transaction<Database>): Promise<number> {
  await lockFor(trx, "staff-admins");
  const { n } = await trx
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "admin")
    .where("deactivated_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function staffRow(trx: Transaction<Database>, id: number) {
  return trx
    .selectFrom("users")
    .select(["id", "email", "role", "deactivated_at"])
    .where("id", "=", id)
    .where("role", "!=", "owner")
    .executeTakeFirst();
}

/** A strong one-time password: 20 characters from an alphabet without look-alikes (~115 bits). */
export function generateOneTimePassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = crypto.randomBytes(20);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  // Groups of five are easier to read out and type.
  return out.match(/.{5}/g)!.join("-");
}

export type CreateStaffAccountResult =
  { ok: true; id: number; password: string } | { ok: false; reason: "taken" } | { ok: false; reason: "password"; problem: PasswordProblem };

/**
 * A new staff account. Without a password the service makes a one-time one, returned once for the
 * admin to hand over; it is stored only as its Argon2 hash.
 */
export async function createStaffAccount(
  input: { email: string; role: StaffRole; password?: string },
  actor: AuditActor,
  { now = new Date(), db = getDb() }: { now?: Date; db?: Kysely<Database> } = {},
): Promise<CreateStaffAccountResult> {
  const password = input.password || generateOneTimePassword();
  const problem = checkNewPassword(password, input.email);
  if (problem) return { ok: false, reason: "password", problem };
  const passwordHash = await hashPassword(password);
  const stamp = now.toISOString();
  return withTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("users")
      // A one-time password: the person chooses their own at first sign-in (guards send them there).
      .values({
        email: input.email,
        password_hash: passwordHash,
        role: input.role,
        created_at: stamp,
        updated_at: stamp,
        password_changed_at: stamp,
        must_change_password: 1,
      })
      .onConflict((oc) => oc.column("email").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return { ok: false, reason: "taken" } as const;
    await recordAudit(trx, {
      actor,
      action: "staff.create",
      target: { type: "user", id: row.id },
      details: { email: input.email, role: input.role },
      at: now,
    });
    return { ok: true, id: row.id, password } as const;
  });
}

export type StaffChangeResult = { ok: true } | { ok: false; reason: "not_found" | "last_admin" } | { ok: false; reason: "unchanged" };

/** Changes a staff member's role. Refused if it would leave no active admin. */
export async function changeStaffRole(
  userId: number,
  role: StaffRole,
  actor: AuditActor,
  { now = new Date(), db = getDb() }: { now?: Date; db?: Kysely<Database> } = {},
): Promise<StaffChangeResult> {
  return withTransaction(db, async (trx) => {
    const user = await staffRow(trx, userId);
    if (!user) return { ok: false, reason: "not_found" } as const;
    if (user.role === role) return { ok: false, reason: "unchanged" } as const;
    if (user.role === "admin" && user.deactivated_at === null && (await activeAdmins(trx)) <= 1) {
      return { ok: false, reason: "last_admin" } as const;
    }
    await trx.updateTable("users").set({ role, updated_at: now.toISOString() }).where("id", "=", userId).execute();
    // Sessions carry the role they were opened with only through the user row, but a changed role
    // is a good moment to make the person sign in again.
    await trx.deleteFrom("auth_session").where("user_id", "=", userId).execute();
    await recordAudit(trx, {
      actor,
      action: "staff.role_change",
      target: { type: "user", id: userId },
      details: { email: user.email, from: user.role, to: role },
      at: now,
    });
    return { ok: true } as const;
  });
}

/** Deactivates an account and deletes its sessions in the same transaction: signed out at once. */
export async function deactivateStaff(
  userId: number,
  actor: AuditActor,
  { now = new Date(), db = getDb() }: { now?: Date; db?: Kysely<Database> } = {},
): Promise<StaffChangeResult> {
  return withTransaction(db, async (trx) => {
    const user = await staffRow(trx, userId);
    if (!user) return { ok: false, reason: "not_found" } as const;
    if (user.deactivated_at !== null) return { ok: false, reason: "unchanged" } as const;
    if (user.role === "admin" && (await activeAdmins(trx)) <= 1) return { ok: false, reason: "last_admin" } as const;
    const stamp = now.toISOString();
    await trx.updateTable("users").set({ deactivated_at: stamp, updated_at: stamp }).where("id", "=", userId).execute();
    const revoked = await trx.deleteFrom("auth_session").where("user_id", "=", userId).executeTakeFirst();
    await recordAudit(trx, {
      actor,
      action: "staff.deactivate",
      target: { type: "user", id: userId },
      details: { email: user.email, role: user.role, sessionsRevoked: Number(revoked.numDeletedRows) },
      at: now,
    });
    return { ok: true } as const;
  });
}

export async function reactivateStaff(
  userId: number,
  actor: AuditActor,
  { now = new Date(), db = getDb() }: { now?: Date; db?: Kysely<Database> } = {},
): Promise<StaffChangeResult> {
  return withTransaction(db, async (trx) => {
    const user = await staffRow(trx, userId);
    if (!user) return { ok: false, reason: "not_found" } as const;
    if (user.deactivated_at === null) return { ok: false, reason: "unchanged" } as const;
    await trx.updateTable("users").set({ deactivated_at: null, updated_at: now.toISOString() }).where("id", "=", userId).execute();
    await recordAudit(trx, {
      actor,
      action: "staff.reactivate",
      target: { type: "user", id: userId },
      details: { email: user.email, role: user.role },
      at: now,
    });
    return { ok: true } as const;
  });
}

export type ResetStaffPasswordResult = { ok: true; password: string } | { ok: false; reason: "not_found" };

/**
 * Sets a new one-time password (shown once to the admin, who hands it over) and signs the account
 * out everywhere. Unused reset tokens for the account are spent too, so an old email link cannot
 * undo the reset.
 */
export async function resetStaffPassword(
  userId: number,
  actor: AuditActor,
  { now = new Date(), db = getDb() }: { now?: Date; db?: Kysely<Database> } = {},
): Promise<ResetStaffPasswordResult> {
  const password = generateOneTimePassword();
  const passwordHash = await hashPassword(password);
  return withTransaction(db, async (trx) => {
    const user = await staffRow(trx, userId);
    if (!user) return { ok: false, reason: "not_found" } as const;
    const stamp = now.toISOString();
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, password_changed_at: stamp, updated_at: stamp, must_change_password: 1 })
      .where("id", "=", userId)
      .execute();
    await trx.updateTable("password_reset_tokens").set({ used_at: stamp }).where("user_id", "=", userId).where("used_at", "is", null).execute();
    const revoked = await trx.deleteFrom("auth_session").where("user_id", "=", userId).executeTakeFirst();
    await recordAudit(trx, {
      actor,
      action: "staff.password_reset",
      target: { type: "user", id: userId },
      details: { email: user.email, sessionsRevoked: Number(revoked.numDeletedRows) },
      at: now,
    });
    return { ok: true, password } as const;
  });
}
