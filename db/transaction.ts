import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema";

/** SQLSTATEs PostgreSQL uses when a transaction lost a race and may simply be run again. */
const RETRYABLE = new Set(["40001", "40P01"]);

export function isRetryableTransactionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE.has(code);
}

export interface TransactionOptions {
  /** How many times a serialization failure or deadlock is retried before it is thrown (default 3). */
  retries?: number;
  /** Called before each retry (metrics). */
  onRetry?: (error: unknown, attempt: number) => void;
}

let retryListener: ((error: unknown, attempt: number) => void) | undefined;

/** Lets observability count retries without this module knowing about metrics. */
export function onTransactionRetry(listener: (error: unknown, attempt: number) => void): void {
  retryListener = listener;
}

/**
 * The one way services write. Runs `work` in a transaction (BEGIN IMMEDIATE on SQLite, through the
 * dialect in db/client.ts) and runs it again, a bounded number of times, when PostgreSQL reports a
 * serialization failure (40001) or a deadlock (40P01). `work` must therefore have no effects
 * outside the transaction other than ones that are safe to repeat.
 */
export async function withTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
  { retries = 3, onRetry }: TransactionOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (!isRetryableTransactionError(error) || attempt > retries) throw error;
      onRetry?.(error, attempt);
      retryListener?.(error, attempt);
      // A short, growing, jittered pause lets the other transaction finish first.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
