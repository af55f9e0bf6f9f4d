import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { REQUEST_ID_ELEMENT } from "~/shared/request-id";

export function ErrorPage({ status, title, text, requestId }: { status: number; title: string; text: string; requestId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="portal-error" data-status={status}>
      <h1>{title}</h1>
      <p>{text}</p>
      {requestId ? (
        // The number that leads support from a phone call to the one log line of this request.
        <p className="portal-error-reference">
          {t("errors.quoteRequestId")} <strong id={REQUEST_ID_ELEMENT}>{requestId}</strong>
        </p>
      ) : null}
      <ul className="portal-error-links">
        <li>
          <Link to="/">{t("errors.backHome")}</Link>
        </li>
        <li>
          <Link to="/programmes">{t("errors.seeProgrammes")}</Link>
        </li>
      </ul>
    </div>
  );
}
