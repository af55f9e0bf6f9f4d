import { createNulStripper } from "~/shared/strip-nul.server";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { getLocale, i18nFor } from "~/shared/i18n.server";
import { getLogger } from "~/shared/logger.server";
import { NonceProvider } from "~/shared/nonce";
import { RequestIdProvider } from "~/shared/request-id";
import { isDatabaseUnavailable } from "../db/errors";
import { UNAVAILABLE_RETRY_AFTER_SECONDS, unavailablePage } from "~/modules/admission/unavailable-page.server";

export const streamTimeout = 5_000;

/**
 * Every error a loader or action threw, logged as one JSON line with the request id the error page
 * shows. The database being out of reach (a PostgreSQL restart, a saturated pool) is not a bug: the
 * request is marked, and answered 503 with a page that asks to try again, instead of the 500 page.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (isDatabaseUnavailable(error)) {
    context.databaseUnavailable = true;
    getLogger().warn({ reqId: context.requestId, err: error }, "database unavailable");
    return;
  }
  if (request.signal.aborted) return;
  getLogger().error({ reqId: context.requestId, err: error }, "error in a loader or action");
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  if (loadContext.databaseUnavailable) {
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    responseHeaders.set("Retry-After", String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    responseHeaders.set("Cache-Control", "no-store");
    return new Response(unavailablePage(loadContext.requestId), { status: 503, headers: responseHeaders });
  }
  const lng = await getLocale(request);
  // The language's shared instance (app/shared/i18n.server.ts), not a new one per request.
  const i18n = await i18nFor(lng);
  const nonce = loadContext.cspNonce ?? "";
  // Crawlers and no-JS clients get the whole document at once; browsers get the shell streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RequestIdProvider value={loadContext.requestId ?? ""}>
          <I18nextProvider i18n={i18n}>
            <RemixServer context={remixContext} url={request.url} nonce={nonce} abortDelay={streamTimeout} />
          </I18nextProvider>
        </RequestIdProvider>
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          // Not a PassThrough: React 18 can emit NUL bytes inside Korean text (app/shared/strip-nul.server.ts).
          const body = createNulStripper();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell streamed are logged; before, Remix renders the error boundary.
          if (shellRendered) getLogger().error({ reqId: loadContext.requestId, err: error }, "error while streaming a page");
        },
      },
    );
    setTimeout(abort, streamTimeout + 1_000);
  });
}
