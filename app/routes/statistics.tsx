import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CODE_NAMES } from "~/modules/eligibility";
import { getStatistics, SUPPRESS_BELOW, type Cell } from "~/modules/statistics/index.server";
import { formatKrw, formatNumber } from "~/shared/format";
import { pick, resources, type Locale } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";
import { titleMeta } from "~/shared/meta";

/** /statistics: public figures per programme from the counters; also /statistics.csv and /statistics.json. */
export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, programmes] = await Promise.all([getLocale(request), getStatistics()]);
  return { locale, programmes };
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  titleMeta(data ? resources[data.locale].translation.statistics.title : undefined, data?.locale);

function Num({ value, locale, money = false }: { value: number | null; locale: Locale; money?: boolean }) {
  const { t } = useTranslation();
  if (value === null) return <abbr title={t("statistics.hidden", { n: SUPPRESS_BELOW })}>—</abbr>;
  return <>{money ? formatKrw(value, locale) : formatNumber(value, locale)}</>;
}

function CellsRow({ label, cell, locale }: { label: string; cell: Cell; locale: Locale }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="portal-num">
        <Num value={cell.applications} locale={locale} />
      </td>
      <td className="portal-num">
        <Num value={cell.approvals} locale={locale} />
      </td>
      <td className="portal-num">
        <Num value={cell.paid} locale={locale} />
      </td>
      <td className="portal-num">
        <Num value={cell.approvedKrw} locale={locale} money />
      </td>
      <td className="portal-num">
        <Num value={cell.paidKrw} locale={locale} money />
      </td>
    </tr>
  );
}

export default function Statistics() {
  const { locale, programmes } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const word = (code: string) => CODE_NAMES[code]?.[locale] ?? code;
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t("statistics.applications")}</th>
        <th scope="col">{t("statistics.approvals")}</th>
        <th scope="col">{t("statistics.paid")}</th>
        <th scope="col">{t("statistics.approvedKrw")}</th>
        <th scope="col">{t("statistics.paidKrw")}</th>
      </tr>
    </thead>
  );
  return (
    <>
      <h1>{t("statistics.title")}</h1>
      <p className="portal-lead">{t("statistics.lead")}</p>
      <p>{t("statistics.suppressed", { n: SUPPRESS_BELOW })}</p>
      <p>
        {t("statistics.download")}:{" "}
        <a href="/statistics.csv" download>
          {t("statistics.csv")}
        </a>{" "}
        · <a href="/statistics.json">{t("statistics.json")}</a>
      </p>
      {programmes.map((p) => {
        const name = pick(p, "name", locale);
        return (
          <section key={p.slug} aria-labelledby={`stats-${p.slug}`}>
            <h2 id={`stats-${p.slug}`}>{name}</h2>
            <dl className="portal-facts">
              <div>
                <dt>{t("statistics.target")}</dt>
                <dd>{p.targetCount === null ? t("statistics.none") : formatNumber(p.targetCount, locale)}</dd>
              </div>
              <div>
                <dt>{t("statistics.capacity")}</dt>
                <dd>{p.capacity === null ? t("statistics.none") : formatNumber(p.capacity, locale)}</dd>
              </div>
              <div>
                <dt>{t("statistics.budget")}</dt>
                <dd>{p.budgetKrw === null ? t("statistics.none") : formatKrw(p.budgetKrw, locale)}</dd>
              </div>
            </dl>
            {p.byRegion.length === 0 ? (
              <p>{t("statistics.noApplications")}</p>
            ) : (
              <>
                <div className="portal-table-wrap" tabIndex={0} role="region" aria-labelledby={`stats-${p.slug}-region`}>
                  <table className="krds-table portal-table">
                    <caption id={`stats-${p.slug}-region`}>{t("statistics.captionRegion", { programme: name })}</caption>
                    {head(t("statistics.region"))}
                    <tbody>
                      <CellsRow label={t("statistics.total")} cell={p.total} locale={locale} />
                      {p.byRegion.map((r) => (
                        <CellsRow key={r.region} label={word(r.region)} cell={r} locale={locale} />
                      ))}
                    </tbody>
                  </table>
                </div>
                <div className="portal-table-wrap" tabIndex={0} role="region" aria-labelledby={`stats-${p.slug}-sector`}>
                  <table className="krds-table portal-table">
                    <caption id={`stats-${p.slug}-sector`}>{t("statistics.captionSector", { programme: name })}</caption>
                    {head(t("statistics.sector"))}
                    <tbody>
                      <CellsRow label={t("statistics.total")} cell={p.total} locale={locale} />
                      {p.bySector.map((s) => (
                        <CellsRow key={s.sector} label={word(s.sector)} cell={s} locale={locale} />
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>
        );
      })}
    </>
  );
}
