import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { securityMeta } from "~/modules/accounts";
import { verifyEmail } from "~/modules/accounts/index.server";

/**
 * The link from the email. Opening it confirms the address; an unknown, expired or used link gets a
 * page that says which (400), and changes nothing. The token in the address is never sent on as a
 * Referer and is redacted from the request log (app/server.ts).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const result = await verifyEmail(params.token ?? "");
  if (result.ok) return { outcome: "ok" as const };
  return data({ outcome: result.reason }, { status: result.reason === "already" ? 200 : 400 });
}

export const meta = securityMeta((t) => t.verify.okTitle);

export default function VerifyEmailPage() {
  const { outcome } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [title, text] =
    outcome === "ok"
      ? [t("security.verify.okTitle"), t("security.verify.okText")]
      : outcome === "already"
        ? [t("security.verify.alreadyTitle"), t("security.verify.okText")]
        : outcome === "expired"
          ? [t("security.verify.expiredTitle"), t("security.verify.expiredText")]
          : outcome === "used"
            ? [t("security.verify.usedTitle"), t("security.verify.usedText")]
            : [t("security.verify.invalidTitle"), t("security.verify.invalidText")];
  const good = outcome === "ok" || outcome === "already";
  return (
    <div className="portal-form-narrow">
      {good ? (
        <div className="portal-success" role="status">
          <h1>{title}</h1>
        </div>
      ) : (
        <h1>{title}</h1>
      )}
      <p>{text}</p>
      <p>
        <Link to={good ? "/applications" : "/account/verify-email"}>{good ? t("security.verify.toApplications") : t("security.verify.resend")}</Link>
      </p>
    </div>
  );
}
