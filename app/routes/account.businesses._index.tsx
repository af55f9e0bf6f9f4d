import type { LoaderFunctionArgs } from "@remix-run/node";
import { EntitlementsPanel } from "~/modules/rapid";
import { entitlementsForOwner } from "~/modules/rapid/index.server";
import { SuccessNotice, accountMeta } from "~/modules/accounts";
import { requireOwner } from "~/modules/accounts/index.server";
import { formatBusinessNumber, capitalise } from "~/modules/businesses";
import { codeName } from "~/modules/eligibility";
import { listBusinesses } from "~/modules/businesses/index.server";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getLocale } from "~/shared/i18n.server";

const NOTICES = ["created", "updated", "takenOver"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireOwner({ request, context });
  const [rows, locale, entitlements] = await Promise.all([listBusinesses(auth.user.id), getLocale(request), entitlementsForOwner(auth.user.id)]);
  const notice = new URL(request.url).searchParams.get("notice");
  return {
    locale,
    entitlements,
    businesses: rows.map((b) => ({
      id: b.id,
      name: b.trade_name,
      number: formatBusinessNumber(b.registration_number),
      sector: capitalise(codeName(b.sector, locale)),
      region: capitalise(codeName(b.region, locale)),
    })),
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as (typeof NOTICES)[number]) : null,
  };
}

export const meta = accountMeta((t) => t.business.listTitle);

export default function BusinessesPage() {
  const { businesses, notice, entitlements, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div>
      {notice ? <SuccessNotice>{t(`account.business.${notice}`)}</SuccessNotice> : null}
      <h1>{t("account.business.listTitle")}</h1>
      <EntitlementsPanel items={entitlements} locale={locale} />
      <p className="portal-lead">{t("account.business.listLead")}</p>
      {businesses.length ? (
        <div className="portal-table-wrap">
          <table className="portal-table portal-stack">
            <caption>{t("account.business.table.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("account.business.table.name")}</th>
                <th scope="col">{t("account.business.table.number")}</th>
                <th scope="col">{t("account.business.table.sector")}</th>
                <th scope="col">{t("account.business.table.region")}</th>
                <th scope="col">{t("account.business.table.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {businesses.map((b) => (
                <tr key={b.id}>
                  <th scope="row">{b.name}</th>
                  <td data-label={t("account.business.table.number")}>{b.number}</td>
                  <td data-label={t("account.business.table.sector")}>{b.sector}</td>
                  <td data-label={t("account.business.table.region")}>{b.region}</td>
                  <td>
                    <Link to={`/account/businesses/${b.id}`} aria-label={t("account.business.editLabel", { name: b.name })}>
                      {t("account.business.edit")}
                    </Link>{" "}
                    <Link to={`/account/businesses/${b.id}/ownership`} aria-label={t("identity.ownership.linkLabel", { name: b.name })}>
                      {t("identity.ownership.link")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("account.business.none")}</p>
      )}
      <p>
        <Link to="/account/businesses/new" className="krds-btn medium primary">
          {t("account.business.add")}
        </Link>
      </p>
    </div>
  );
}
