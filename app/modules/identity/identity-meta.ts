import type { MetaFunction } from "@remix-run/node";
import { resources, type Translation } from "~/shared/i18n";
import { localeFromMatches, titleMeta } from "~/shared/meta";

/** `<title>` for the identity pages, prefixed "Error: " when the loader or action passes `failure`. */
export function identityMeta(title: (t: Translation["identity"]) => string): MetaFunction {
  return ({ data, matches }) => {
    const locale = localeFromMatches(matches);
    const tr = resources[locale].translation;
    const failed = Boolean((data as { failure?: unknown } | undefined)?.failure);
    const text = failed ? tr.identity.failure.title : title(tr.identity as Translation["identity"]);
    return titleMeta(`${failed ? tr.meta.errorPrefix : ""}${text}`, locale);
  };
}
