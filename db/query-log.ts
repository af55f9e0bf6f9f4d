import type { LogEvent } from "kysely";

/** What a query listener sees: the SQL with placeholders (never the parameter values) and its time. */
export interface QueryTiming {
  sql: string;
  durationMs: number;
  failed: boolean;
}

let listener: ((query: QueryTiming) => void) | undefined;

/**
 * Lets observability time queries (slow-query log, metrics) without db/ knowing about it, as
 * `onTransactionRetry` does for retries. One listener; a later call replaces it.
 */
export function onQuery(fn: ((query: QueryTiming) => void) | undefined): void {
  listener = fn;
}

/** Kysely's `log` option: hands each query's shape and duration to the listener, if any. */
export function logQuery(event: LogEvent): void {
  listener?.({ sql: event.query.sql, durationMs: event.queryDurationMillis, failed: event.level === "error" });
}
