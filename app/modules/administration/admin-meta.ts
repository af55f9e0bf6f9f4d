import type { MetaFunction } from "@remix-run/node";
import { resources, type Translation } from "~/shared/i18n";
import { localeFromMatches, titleMeta } from "~/shared/meta";

/** `<title>` for staff-area pages, prefixed "Error: " when the loader passes `formError` (see accountMeta). */
export function adminMeta(title: (t: Translation["admin"]) => string): MetaFunction {
  return ({ data, matches }) => {
    const locale = localeFromMatches(matches);
    const tr = resources[locale].translation;
    const error = Boolean((data as { formError?: boolean } | undefined)?.formError);
    return titleMeta(`${error ? tr.meta.errorPrefix : ""}${title(tr.admin as Translation["admin"])}`, locale);
  };
}
