import { type Kysely, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { type Role } from "~/modules/accounts";

/** What the objection use cases share: database handles, the staff member, an uploaded file, the latest rejection. */
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

export interface Staff {
  id: number;
  email: string;
  role: Role;
}

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** The latest rejection of an application and who took it (the status event is the record). */
export async function latestRejection(db: Db | Trx, applicationId: number) {
  return db
    .selectFrom("status_events")
    .select(["id", "at", "actor_id", "reason"])
    .where("application_id", "=", applicationId)
    .where("action", "=", "reject")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}
