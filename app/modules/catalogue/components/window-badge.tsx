import { useTranslation } from "react-i18next";
import type { WindowState } from "~/modules/catalogue/programme-window";

const tone: Record<WindowState, string> = {
  upcoming: "bg-light-information",
  open: "bg-light-success",
  closing_soon: "bg-light-warning",
  closed: "bg-light-gray",
};

/** Open / closing soon / closed, as a KRDS badge with the state in words (never colour alone). */
export function WindowBadge({ state }: { state: WindowState }) {
  const { t } = useTranslation();
  return <span className={`krds-badge ${tone[state]}`}>{t(`window.${state}`)}</span>;
}
