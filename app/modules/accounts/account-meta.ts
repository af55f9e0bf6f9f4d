import type { MetaFunction } from "@remix-run/node";
import { resources } from "~/shared/i18n";
import { localeFromMatches, titleMeta } from "~/shared/meta";
import type { Translation } from "~/shared/i18n";

/**
 * `<title>` for account pages, prefixed "Error: " when the page answers a form with errors. The
 * action marks the request (markFormError) and the route's loader, which runs after it in the same
 * request, passes `formError` on.
 */
export function accountMeta(title: (t: Translation["account"]) => string): MetaFunction {
  return ({ data, matches }) => {
    const locale = localeFromMatches(matches);
    const tr = resources[locale].translation;
    const error = Boolean((data as { formError?: boolean } | undefined)?.formError);
    return titleMeta(`${error ? tr.meta.errorPrefix : ""}${title(tr.account as Translation["account"])}`, locale);
  };
}
