import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SuccessNotice, securityMeta } from "~/modules/accounts";
import { requireOwner, getEmailVerification, resendVerification } from "~/modules/accounts/index.server";
import { ErrorSummary } from "~/shared/ui/form";
import { markFormError, readForm } from "~/shared/form.server";
import { getLocale } from "~/shared/i18n.server";
import { safeRedirect } from "~/shared/safe-redirect";

/** An owner's email confirmation: whether it is done, and a new link (three an hour at most). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireOwner({ request, context });
  const state = await getEmailVerification(auth.user.id);
  if (!state) throw redirect("/login");
  return { email: state.email, verified: Boolean(state.verifiedAt), formError: Boolean(context.formError) };
}

export const meta = securityMeta((t) => t.verify.resend);

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireOwner({ request, context });
  const form = await readForm(request);
  const back = form.ok ? safeRedirect(form.data.redirectTo, "") : "";
  const result = await resendVerification({ userId: auth.user.id, locale: await getLocale(request) });
  if (!result.ok) {
    markFormError(context);
    if (result.reason === "limited") return data({ sent: false, back, minutes: result.retryAfterMinutes, email: auth.user.email }, { status: 429 });
    throw new Response("Not found", { status: 404 });
  }
  return { sent: !result.already, back, minutes: 0, email: result.email };
}

export default function VerifyEmailStatusPage() {
  const { email, verified } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const limited = result && !result.sent && result.minutes > 0;
  return (
    <div className="portal-form-narrow">
      <ErrorSummary errors={limited ? [{ field: "resend", message: t("security.verify.resendLimited", { count: result.minutes }) }] : []} />
      {result?.sent ? <SuccessNotice>{t("security.verify.resent", { email: result.email })}</SuccessNotice> : null}
      <h1>{t("security.verify.resend")}</h1>
      {verified ? (
        <p>{t("security.verify.alreadyTitle")}</p>
      ) : (
        <>
          <p>{t("security.verify.notVerified", { email })}</p>
          <Form method="post">
            {result?.back ? <input type="hidden" name="redirectTo" value={result.back} /> : null}
            <button type="submit" id="resend" className="krds-btn medium primary">
              {t("security.verify.resend")}
            </button>
          </Form>
        </>
      )}
      {result?.back ? (
        <p>
          <Link to={result.back}>{t("applications.tasks.back")}</Link>
        </p>
      ) : null}
    </div>
  );
}
