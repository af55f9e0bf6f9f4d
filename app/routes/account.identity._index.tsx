import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOwner } from "~/modules/accounts/index.server";
import { IdentityFailureNotice, identityMeta, ReturnToSchema } from "~/modules/identity";
import { getIdentityStatus, startVerification } from "~/modules/identity/index.server";
import { formatDate } from "~/shared/format";
import { readForm } from "~/shared/form.server";
import { getLocale } from "~/shared/i18n.server";

/** An owner's identity verification (본인인증): the verified person, and a button that starts a new verification. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireOwner({ request, context });
  const [status, locale] = await Promise.all([getIdentityStatus(auth.user.id), getLocale(request)]);
  const returnTo = new URL(request.url).searchParams.get("returnTo") ?? undefined;
  return {
    status: status
      ? { name: status.name, birthDate: formatDate(status.birthDate, locale), verifiedOn: formatDate(status.verifiedAt.slice(0, 10), locale) }
      : null,
    // A return address too long or off-site is dropped, never a 500: the page then leads back here.
    returnTo: ReturnToSchema.safeParse(returnTo).data ?? "/account/identity",
  };
}

export const meta = identityMeta((t) => t.page.title);

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireOwner({ request, context });
  const form = await readForm(request);
  if (!form.ok) throw new Response("Bad request", { status: 400 });
  const returnTo = ReturnToSchema.safeParse(form.data.returnTo);
  const result = await startVerification({ userId: auth.user.id, returnTo: returnTo.success ? returnTo.data : "/account/identity" });
  if (!result.ok) return data({ failure: result.reason }, { status: 503 });
  throw redirect(result.url, { headers: { "Cache-Control": "no-store" } });
}

export default function IdentityPage() {
  const { status, returnTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  if (result?.failure) return <IdentityFailureNotice reason={result.failure} returnTo={returnTo} />;
  return (
    <div className="portal-form-narrow">
      <p>
        <Link to="/account">{t("identity.page.backToAccount")}</Link>
      </p>
      <h1>{t("identity.page.title")}</h1>
      {status ? (
        <>
          <h2>{t("identity.page.verifiedTitle")}</h2>
          <dl className="portal-summary-list">
            <dt>{t("identity.page.name")}</dt>
            <dd>{status.name}</dd>
            <dt>{t("identity.page.birthDate")}</dt>
            <dd>{status.birthDate}</dd>
            <dt>{t("identity.page.verifiedAt")}</dt>
            <dd>{status.verifiedOn}</dd>
          </dl>
        </>
      ) : (
        <>
          <p>{t("identity.page.lead")}</p>
          <p>{t("identity.page.notVerified")}</p>
        </>
      )}
      <Form method="post">
        <input type="hidden" name="returnTo" value={returnTo} />
        <button type="submit" className={`krds-btn medium ${status ? "secondary" : "primary"}`}>
          {status ? t("identity.page.again") : t("identity.page.start")}
        </button>
      </Form>
    </div>
  );
}
