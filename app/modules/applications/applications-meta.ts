import type { MetaFunction } from "@remix-run/node";
import { resources, type Translation } from "~/shared/i18n";
import { localeFromMatches, titleMeta } from "~/shared/meta";

/** `<title>` for application pages, "Error: " first when the page answers a form with errors. */
export function applicationsMeta(title: (t: Translation["applications"], data: any) => string): MetaFunction {
  return ({ data, matches }) => {
    const locale = localeFromMatches(matches);
    const tr = resources[locale].translation;
    const error = Boolean((data as { formError?: boolean } | undefined)?.formError);
    return titleMeta(`${error ? tr.meta.errorPrefix : ""}${title(tr.applications as Translation["applications"], data)}`, locale);
  };
}
