import { useTranslation } from "react-i18next";
import { text, type Locale } from "~/shared/i18n";

type Words = { en: string; ko: string };

/** What the owner's payout page says after a failed payment: awaiting a new account, or how the wait ended. */
export function PayoutHoldNotice({
  hold,
  failure,
  payeeState,
  locale,
}: {
  hold: { state: "awaiting" | "corrected" | "retry"; sameAccount: boolean } | null;
  failure: { code: string; text: Words };
  payeeState: string | null;
  locale: Locale;
}) {
  const { t } = useTranslation();
  const reason = `${failure.code} ${text(failure.text, locale)}`;
  if (!hold) {
    return (
      <div className="portal-notice" role="alert">
        <p>{t("payments.payout.failed", { reason })}</p>
      </div>
    );
  }
  if (hold.state === "corrected") return <p className="portal-notice">{t("payments.payout.hold.corrected")}</p>;
  if (hold.state === "retry") return <p className="portal-notice">{t("payments.payout.hold.retry")}</p>;
  return (
    <div className="portal-notice" role="alert">
      <h2>{t("payments.payout.hold.awaitingTitle")}</h2>
      <p>{t("payments.payout.hold.awaiting", { reason })}</p>
      {hold.sameAccount ? <p>{t("payments.payout.hold.sameAccount")}</p> : null}
      {!hold.sameAccount && payeeState !== "matched" ? <p>{t("payments.payout.hold.newUnchecked")}</p> : null}
      <p>{t("payments.payout.hold.whatToDo")}</p>
    </div>
  );
}
