import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateEn, formatDateKo } from "~/modules/catalogue";
import { formatKrw } from "~/shared/format";
import type { Locale } from "~/shared/i18n";

export interface EntitlementItem {
  programmeSlug: string;
  programmeName: { en: string; ko: string };
  businessId: number;
  tradeName: string;
  amountKrw: number;
  firstDay: string;
}

/** "Your business is on the list": shown to an owner as soon as a business's number matches a verified list. */
export function EntitlementsPanel({ items, locale }: { items: EntitlementItem[]; locale: Locale }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <section className="portal-notice" aria-labelledby="entitlements-heading">
      <h2 id="entitlements-heading">{t("rapid.entitlements.title")}</h2>
      <ul>
        {items.map((e) => (
          <li key={`${e.programmeSlug}:${e.businessId}`}>
            {t("rapid.entitlements.item", {
              business: e.tradeName,
              programme: e.programmeName[locale],
              amount: formatKrw(e.amountKrw, locale),
              day: locale === "ko" ? formatDateKo(e.firstDay) : formatDateEn(e.firstDay),
            })}{" "}
            <Link to={`/applications/rapid?programme=${e.programmeSlug}`}>
              {t("rapid.entitlements.apply")}
              <span className="sr-only"> ({e.tradeName})</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
