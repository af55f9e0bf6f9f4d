import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOwner } from "~/auth/guards.server";
import { accountMeta } from "~/lib/account-meta";

/** An owner's home after sign-in. A placeholder until the applications issue fills it. */
export function loader({ request, context }: LoaderFunctionArgs) {
  requireOwner({ request, context });
  return null;
}

export const meta = accountMeta((t) => t.applications.title);

export default function ApplicationsPage() {
  const { t } = useTranslation();
  return (
    <div>
      <h1>{t("account.applications.title")}</h1>
      <p>{t("account.applications.text")}</p>
      <ul>
        <li>
          <Link to="/account/businesses">{t("account.nav.businesses")}</Link>
        </li>
        <li>
          <Link to="/eligibility">{t("nav.eligibility")}</Link>
        </li>
      </ul>
    </div>
  );
}
