import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function ErrorPage({ status, title, text }: { status: number; title: string; text: string }) {
  const { t } = useTranslation();
  return (
    <div className="portal-error" data-status={status}>
      <h1>{title}</h1>
      <p>{text}</p>
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
