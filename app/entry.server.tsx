import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "./lib/i18n";
import { getLocale } from "./lib/i18n.server";
import { NonceProvider } from "./lib/nonce";
import { isDatabaseUnavailable } from "../db/errors";
import { UNAVAILABLE_RETRY_AFTER_SECONDS, unavailablePage } from "./lib/unavailable-page.server";

export const streamTimeout = 5_000;

/**
 * Every error a loader or action threw. The database being out of reach (a PostgreSQL restart, a
 * saturated pool) is not a bug: the request is marked, and answered 503 with a page that asks to try
 * again, instead of the 500 error page. Everything else is logged as Remix would.
 */
export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  if (isDatabaseUnavailable(error)) {
    context.databaseUnavailable = true;
    console.error(`database unavailable during ${request.method} ${new URL(request.url).pathname}: ${(error as Error).message}`);
    return;
  }
  if (!request.signal.aborted) console.error(error);
}

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
    return new Response(unavailablePage(), { status: 503, headers: responseHeaders });
  }
  const lng = await getLocale(request);
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, supportedLngs: [...i18nConfig.supportedLngs], lng });
  const nonce = loadContext.cspNonce ?? "";
  // Crawlers and no-JS clients get the whole document at once; browsers get the shell streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} abortDelay={streamTimeout} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell streamed are logged; before, Remix renders the error boundary.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1_000);
  });
}
