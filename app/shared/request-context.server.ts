import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the code running for one HTTP request may know about it without being handed it: the
 * request id (for log lines) and the route pattern (for slow-query lines). Set by the
 * observability middleware; empty outside a request (start-up, timers, tests).
 */
export interface RequestContext {
  requestId: string;
  /** Remix route pattern such as `/applications/:ref`, or a bucket (`static`, `unmatched`). */
  route: string;
  method: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequest(): RequestContext | undefined {
  return requestContext.getStore();
}
