import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOwnedApplication } from "~/modules/applications/index.server";
import { applicationsMeta } from "~/modules/applications";

/** The confirmation panel with the reference number and what happens next. */
export async function loader(args: LoaderFunctionArgs) {
  const { app, auth, locale } = await requireOwnedApplication(args);
  if (!app.reference) throw redirect(`/applications/${app.public_id}`);
  return { reference: app.reference, email: auth.user.email, programmeName: app.programme[`name_${locale}`] };
}

export const meta = applicationsMeta((t) => t.confirmation.title);

export default function Confirmation() {
  const { reference, email, programmeName } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div>
      <div className="portal-panel">
        <h1>{t("applications.confirmation.title")}</h1>
        <p>{programmeName}</p>
        <p>{t("applications.confirmation.reference")}</p>
        <p className="portal-panel-reference">{reference}</p>
      </div>
      <p>{t("applications.confirmation.emailSent", { email })}</p>
      <h2>{t("applications.confirmation.next")}</h2>
      <p>{t("applications.confirmation.nextText")}</p>
      <p>
        <Link to={`/applications/${reference}`} className="krds-btn large primary">
          {t("applications.confirmation.track")}
        </Link>
      </p>
    </div>
  );
}
