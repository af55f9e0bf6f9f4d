import "~/shared/ui/portal.css";
import { cssBundleHref } from "@remix-run/css-bundle";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { ErrorPage } from "~/shared/ui/error-page";
import "~/modules/accounts/account.css";
import { SiteLayout } from "~/shared/ui/site-layout";
import { DEFAULT_LOCALE, isLocale, resources } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";
import { titleMeta } from "~/shared/meta";
import { krdsAsset } from "~/shared/krds";
import { useNonce } from "~/shared/nonce";
import { useRequestId } from "~/shared/request-id";
import { countUnread } from "~/modules/notifications/notifications.server";

export const links: LinksFunction = () => [
  // KRDS first so our own rules (in the CSS bundle) can build on and override it.
  { rel: "stylesheet", href: krdsAsset("css/common/common.css") },
  { rel: "stylesheet", href: krdsAsset("css/component/component.css") },
  ...(cssBundleHref ? [{ rel: "stylesheet", href: cssBundleHref }] : []),
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = context.auth;
  const [locale, unread] = await Promise.all([getLocale(request), auth?.user.role === "owner" ? countUnread(auth.user.id) : Promise.resolve(0)]);
  const user = auth ? { email: auth.user.email, role: auth.user.role, unread } : null;
  return { locale, user, requestId: context.requestId };
}

// Run on every navigation, so `requestId` is always that of the latest request and the number an
// error page shows is the one in the log (and the unread count stays fresh).
export const shouldRevalidate: ShouldRevalidateFunction = () => true;

export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const locale = data?.locale ?? DEFAULT_LOCALE;
  if (!error) return titleMeta(undefined, locale);
  const t = resources[locale].translation;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? t.errors.notFoundTitle : status === 403 ? t.errors.forbiddenTitle : t.errors.serverTitle;
  return titleMeta(`${t.meta.errorPrefix}${title}`, locale);
};

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const { i18n } = useTranslation();
  const locale = data?.locale ?? (isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE);
  useChangeLanguage(locale);
  const nonce = useNonce();
  useEffect(() => {
    // Lets browser tests wait for hydration before scripted interactions.
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <SiteLayout user={data?.user ?? null}>{children}</SiteLayout>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const requestId = useRequestId();
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      const programme = error.data === "programme";
      return (
        <ErrorPage
          status={404}
          requestId={requestId}
          title={programme ? t("errors.programmeNotFoundTitle") : t("errors.notFoundTitle")}
          text={programme ? t("errors.programmeNotFoundText") : t("errors.notFoundText")}
        />
      );
    }
    if (error.status === 403) {
      return <ErrorPage status={403} requestId={requestId} title={t("errors.forbiddenTitle")} text={t("errors.forbiddenText")} />;
    }
  }
  // The details go to the server log, never to the browser.
  const unavailable = isRouteErrorResponse(error) && error.status === 503;
  return (
    <ErrorPage
      status={unavailable ? 503 : 500}
      requestId={requestId}
      title={t(unavailable ? "errors.unavailableTitle" : "errors.serverTitle")}
      text={t(unavailable ? "errors.unavailableText" : "errors.serverText")}
    />
  );
}
