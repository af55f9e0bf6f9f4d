import { useTranslation } from "react-i18next";
import type { ProgrammeSummary } from "~/modules/catalogue/programmes.server";
import { formatDate, formatKrwCompact, formatNumber } from "~/shared/format";
import type { Locale } from "~/shared/i18n";
import { WindowBadge } from "./window-badge";

type Facts = Pick<ProgrammeSummary, "budget_krw" | "capacity" | "opens_on" | "closes_on" | "window">;

/** Budget or capacity, and the application window with its state, as a description list. */
export function ProgrammeFacts({ programme, locale }: { programme: Facts; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <dl className="portal-facts">
      {programme.budget_krw !== null ? (
        <div>
          <dt>{t("programmes.budget")}</dt>
          <dd>{formatKrwCompact(programme.budget_krw, locale)}</dd>
        </div>
      ) : null}
      {programme.capacity !== null ? (
        <div>
          <dt>{t("programmes.capacity")}</dt>
          <dd>{t("programmes.capacityValue", { places: formatNumber(programme.capacity, locale) })}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t("programmes.window")}</dt>
        <dd>
          {t("programmes.windowRange", {
            opens: formatDate(programme.opens_on, locale),
            closes: formatDate(programme.closes_on, locale),
          })}{" "}
          <WindowBadge state={programme.window} />
        </dd>
      </div>
    </dl>
  );
}
