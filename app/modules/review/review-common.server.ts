import { type Kysely, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { type Role } from "~/modules/accounts";

/** What the review use cases share: database handles, the staff member acting, and the limits of a message and a note. */
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

export interface Staff {
  id: number;
  email: string;
  role: Role;
}

export const MESSAGE_MAX = 2000;
export const NOTE_MAX = 4000;
