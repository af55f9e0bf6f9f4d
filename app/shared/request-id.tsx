import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext, useState } from "react";

/**
 * The request id an error page shows ("quote this number to the helpline"). On the server it comes
 * from the request itself (entry.server.tsx provides it), so even a page whose root loader failed
 * shows it; in the browser, from the root loader's data, or else from the number the server
 * already printed in the page, so hydration sees the same text.
 */
const RequestIdContext = createContext<string>("");
export const RequestIdProvider = RequestIdContext.Provider;

export const REQUEST_ID_ELEMENT = "request-id";

export function useRequestId(): string {
  const fromServer = useContext(RequestIdContext);
  const root = useRouteLoaderData<{ requestId?: string }>("root");
  const [printed] = useState(() => (typeof document === "undefined" ? "" : (document.getElementById(REQUEST_ID_ELEMENT)?.textContent ?? "")));
  return fromServer || root?.requestId || printed;
}
