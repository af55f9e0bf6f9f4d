import type { MetaFunction } from "@remix-run/node";
import { resources, type Translation } from "~/shared/i18n";
import { localeFromMatches, titleMeta } from "~/shared/meta";

/**
 * `<title>` for the payments, payout-account and objection pages, prefixed "Error: " when the loader
 * passes `formError`; `title` may use the loader data (a batch number, a reference).
 */
export function paymentsMeta(title: (t: Translation["payments"], data: any) => string): MetaFunction {
  return ({ data, matches }) => {
    const locale = localeFromMatches(matches);
    const tr = resources[locale].translation;
    const error = Boolean((data as { formError?: boolean } | undefined)?.formError);
    return titleMeta(`${error ? tr.meta.errorPrefix : ""}${title(tr.payments as Translation["payments"], data)}`, locale);
  };
}
