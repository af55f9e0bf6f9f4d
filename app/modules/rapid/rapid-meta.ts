import type { MetaFunction } from "@remix-run/node";
import { resources, type Translation } from "~/shared/i18n";
import { localeFromMatches, titleMeta } from "~/shared/meta";

/** `<title>` for the rapid-payment pages, prefixed "Error: " when the action marked a form error. */
export function rapidMeta(title: (t: Translation["rapid"]) => string): MetaFunction {
  return ({ data, matches }) => {
    const locale = localeFromMatches(matches);
    const tr = resources[locale].translation;
    const error = Boolean((data as { formError?: boolean } | undefined)?.formError);
    return titleMeta(`${error ? tr.meta.errorPrefix : ""}${title(tr.rapid as Translation["rapid"])}`, locale);
  };
}
