import { createHash } from "node:crypto";
import { getDb } from "../../../db/client";
import { withTransaction } from "../../../db/transaction";
import { checkDocument, DOCUMENT_MEDIA_TYPES, displayName, type DocumentRefusal } from "./documents";
import type { Role } from "~/modules/accounts";
import { recordAudit } from "~/modules/audit/index.server";

import { type Db, isApplicationKey, byKey, loadProgramme } from "./application-common.server";
import { ownedDraft } from "./draft-steps.server";

/** An application's documents: add, remove, read (owner-scoped). */
// ---------------------------------------------------------------------------------------------
// Documents

export type AddDocumentResult =
  { ok: true; id: number } | { ok: false; reason: "not_found" | "not_editable" | "unknown_requirement" } | { ok: false; reason: DocumentRefusal };

/**
 * Stores a document with the application, in the database, checked by its bytes. Allowed while the
 * draft is open and while the caseworker has asked for more information.
 */
export async function addDocument(
  input: { key: string; ownerId: number; requirementCode: string; fileName: string; bytes: Uint8Array },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
): Promise<AddDocumentResult> {
  return withTransaction(db, async (trx) => {
    const app = await ownedDraft(trx, input.key, input.ownerId);
    if (!app) return { ok: false, reason: "not_found" } as const;
    if (app.status !== "draft" && app.status !== "info_requested") return { ok: false, reason: "not_editable" } as const;
    const programme = (await loadProgramme(trx, { id: app.programme_id }))!;
    if (input.requirementCode !== "other" && !programme.documents.some((d) => d.code === input.requirementCode)) {
      return { ok: false, reason: "unknown_requirement" } as const;
    }
    const count = await trx
      .selectFrom("application_documents")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("application_id", "=", app.id)
      .executeTakeFirstOrThrow();
    const check = checkDocument(input.bytes, Number(count.n));
    if (!check.ok) return { ok: false, reason: check.code } as const;
    const inserted = await trx
      .insertInto("application_documents")
      .values({
        application_id: app.id,
        requirement_code: input.requirementCode,
        display_name: displayName(input.fileName, check.kind),
        media_type: DOCUMENT_MEDIA_TYPES[check.kind],
        size_bytes: input.bytes.length,
        sha256: createHash("sha256").update(input.bytes).digest("hex"),
        content: Buffer.from(input.bytes),
        uploaded_by: input.ownerId,
        created_at: now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("applications")
      .set({ updated_at: now.toISOString() })
      .where("id", "=", app.id)
      .where("owner_id", "=", input.ownerId)
      .execute();
    return { ok: true, id: inserted.id } as const;
  });
}

/** Removes a document from a draft (after submission documents are part of the record). */
export async function removeDocument(
  { key, ownerId, documentId }: { key: string; ownerId: number; documentId: number },
  { db = getDb() }: { db?: Db } = {},
): Promise<{ ok: boolean }> {
  const app = await ownedDraft(db, key, ownerId);
  if (!app || app.status !== "draft") return { ok: false };
  const result = await db.deleteFrom("application_documents").where("id", "=", documentId).where("application_id", "=", app.id).executeTakeFirst();
  return { ok: Number(result.numDeletedRows) === 1 };
}

/**
 * A document's bytes, for the owner of its application or for staff. Staff reading it is audited
 * (`document.download` or `document.view`) in the same transaction as the read. Anyone else gets
 * null, exactly as if it did not exist.
 */
export async function getDocument(
  {
    key,
    documentId,
    requester,
    purpose = "download",
  }: { key: string; documentId: number; requester: { id: number; email: string; role: Role }; purpose?: "download" | "view" },
  { now = new Date(), db = getDb() }: { now?: Date; db?: Db } = {},
) {
  if (!isApplicationKey(key)) return null;
  const where = byKey(key);
  return withTransaction(db, async (trx) => {
    let q = trx
      .selectFrom("application_documents")
      .innerJoin("applications", "applications.id", "application_documents.application_id")
      .select([
        "application_documents.id",
        "application_documents.display_name",
        "application_documents.media_type",
        "application_documents.size_bytes",
        "application_documents.sha256",
        "application_documents.content",
        "applications.reference",
        "applications.public_id",
      ])
      .where("application_documents.id", "=", documentId)
      .where(where.column, "=", where.value);
    if (requester.role === "owner") q = q.where("applications.owner_id", "=", requester.id);
    const doc = await q.executeTakeFirst();
    if (!doc) return null;
    if (requester.role !== "owner") {
      await recordAudit(trx, {
        actor: { id: requester.id, label: requester.email },
        action: `document.${purpose}`,
        target: { type: "document", id: doc.id },
        details: { application: doc.reference ?? doc.public_id, sha256: doc.sha256 },
        at: now,
      });
    }
    return doc;
  });
}
