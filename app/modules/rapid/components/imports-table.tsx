import { useTranslation } from "react-i18next";
import type { listImports } from "~/modules/rapid/verified-lists.server";
import { formatDate, formatNumber } from "~/shared/format";
import { pick, type Locale } from "~/shared/i18n";
import { importErrorText } from "../list-upload-messages";

/** The verified-list imports, newest first: progress, speed, the result counts and the refused rows' report. */
export function ImportsTable({ imports, locale }: { imports: Awaited<ReturnType<typeof listImports>>; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <>
      {imports.length === 0 ? (
        <p>{t("rapid.lists.noImports")}</p>
      ) : (
        <div className="portal-table-wrap">
          <table className="portal-table portal-admin-table">
            <caption className="sr-only">{t("rapid.lists.importsTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("rapid.lists.columns.file")}</th>
                <th scope="col">{t("rapid.lists.columns.programme")}</th>
                <th scope="col">{t("rapid.lists.columns.status")}</th>
                <th scope="col">{t("rapid.lists.columns.rows")}</th>
                <th scope="col">{t("rapid.lists.columns.speed")}</th>
                <th scope="col">{t("rapid.lists.columns.result")}</th>
                <th scope="col">{t("rapid.lists.columns.refused")}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.id} data-import={i.id}>
                  <th scope="row">
                    {i.file_name}
                    <br />
                    <span className="portal-muted">
                      {formatDate(i.created_at, locale)} · {i.encoding.toUpperCase()}
                    </span>
                  </th>
                  <td>
                    {pick(i, "name", locale)} · {i.round}
                  </td>
                  <td>
                    {t(`rapid.lists.statuses.${i.status}`)}
                    {i.error ? <p className="form-hint-invalid">{importErrorText(i.error, locale)}</p> : null}
                  </td>
                  <td>{formatNumber(i.rows_done, locale)}</td>
                  <td>{formatNumber(i.rows_per_second, locale)}</td>
                  <td>
                    {formatNumber(i.rows_inserted, locale)} / {formatNumber(i.rows_updated, locale)} / {formatNumber(i.rows_unchanged, locale)}
                  </td>
                  <td>
                    {formatNumber(i.rows_refused, locale)}
                    {i.rows_refused > 0 ? (
                      <>
                        <br />
                        <a href={`/admin/verified-lists/${i.id}/refused.csv`} download>
                          {t("rapid.lists.report")}
                        </a>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
