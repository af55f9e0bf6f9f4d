import { type Kysely, type Transaction } from "kysely";
import type { Database, PaymentBatchState } from "../../../db/schema";
import { type Role } from "~/modules/accounts";
import { type LocalisedText } from "~/modules/eligibility";

/** What the payment use cases share: database handles, the supervisor acting, limits, and the words for a batch that changed meanwhile. */
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

export interface Supervisor {
  id: number;
  email: string;
  role: Role;
}

export const OPEN_PAYMENT_STATES = ["batched", "released"] as const;
export const INSERT_CHUNK = 500;
export const CANDIDATE_PAGE = 2_000;
export { MAX_BATCH_COUNT } from "./schemas";

export const n = (value: unknown) => Number(value ?? 0);

export type BatchChangeResult =
  | { ok: true; state: PaymentBatchState }
  | { ok: false; reason: "forbidden" | "not_found" }
  | { ok: false; reason: "refused"; code: "own_batch" | "wrong_state" | "stale"; message: LocalisedText };

export async function batchStateMessage(trx: Db | Trx, id: number): Promise<LocalisedText> {
  const b = await trx
    .selectFrom("payment_batches as b")
    .leftJoin("users as r", "r.id", "b.released_by")
    .leftJoin("users as c", "c.id", "b.cancelled_by")
    .select(["b.state", "b.released_at", "b.cancelled_at", "b.settled_at", "r.email as released_by", "c.email as cancelled_by"])
    .where("b.id", "=", id)
    .executeTakeFirstOrThrow();
  switch (b.state) {
    case "released":
      return {
        en: `Batch ${id} was already released by ${b.released_by} at ${b.released_at}.`,
        ko: `${id}번 배치는 이미 ${b.released_at}에 ${b.released_by}님이 지급 실행했습니다.`,
      };
    case "settled":
      return {
        en: `Batch ${id} is already settled: its result file was imported at ${b.settled_at}.`,
        ko: `${id}번 배치는 이미 정산되었습니다(결과 파일 반영: ${b.settled_at}).`,
      };
    case "cancelled":
      return {
        en: `Batch ${id} was cancelled by ${b.cancelled_by} at ${b.cancelled_at}.`,
        ko: `${id}번 배치는 ${b.cancelled_at}에 ${b.cancelled_by}님이 취소했습니다.`,
      };
    default:
      return { en: `Batch ${id} changed meanwhile. Look at it again.`, ko: `그사이 ${id}번 배치가 바뀌었습니다. 다시 확인하세요.` };
  }
}
