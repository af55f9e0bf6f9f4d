import type { ApplicationStatus } from "~/modules/applications/application-state";
import { statusName } from "~/modules/applications/application-state";
import type { Locale } from "~/shared/i18n";

const tone: Record<ApplicationStatus, string> = {
  draft: "bg-light-gray",
  submitted: "bg-light-information",
  under_review: "bg-light-information",
  info_requested: "bg-light-warning",
  approved: "bg-light-success",
  rejected: "bg-light-danger",
  withdrawn: "bg-light-gray",
  paid: "bg-light-success",
};

/** An application's status in words on a KRDS badge (colour is never the only signal). */
export function StatusBadge({ status, locale }: { status: ApplicationStatus; locale: Locale }) {
  return <span className={`krds-badge ${tone[status]}`}>{statusName(status)[locale]}</span>;
}
