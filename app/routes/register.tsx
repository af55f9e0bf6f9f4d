import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import "~/modules/accounts/security.css";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  useFormErrors,
  useResetKey,
  type ActionErrors,
  PrivacyConsent,
  PRIVACY_CONSENT_VERSION,
  parseEmail,
  checkPasswordLength,
  homeFor,
  EMAIL_ERROR,
  PASSWORD_ERROR,
  accountMeta,
} from "~/modules/accounts";
import { redirectIfSignedIn, checkNewPassword, registerOwner } from "~/modules/accounts/index.server";
import { ErrorSummary, TextField } from "~/shared/ui/form";
import { getLocale } from "~/shared/i18n.server";
import { markFormError, readForm } from "~/shared/form.server";
import { safeRedirect } from "~/shared/safe-redirect";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Where the owner was going (an application), kept through registration.
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  redirectIfSignedIn({ context }, redirectTo || "/account");
  return { redirectTo, formError: Boolean(context.formError) };
}

export const meta = accountMeta((t) => t.register.title);

type RegisterActionData = ActionErrors & { values: { email: string; consent?: boolean } };

/** Owner accounts only: there is no way to choose a role here, staff are created by npm run staff:create. */
export async function action({ request, context }: ActionFunctionArgs) {
  const fail = (body: RegisterActionData, status = 400) => {
    markFormError(context);
    return data(body, { status });
  };
  const form = await readForm(request);
  if (!form.ok) return fail({ errors: { password: "account.errors.tooLarge" }, values: { email: "" } }, 413);
  const rawEmail = (form.data.email ?? "").slice(0, 1000);
  const password = form.data.password ?? "";
  const consent = form.data.consent === "yes";
  const values = { email: rawEmail, consent };
  const errors: Record<string, string> = {};
  const email = parseEmail(rawEmail);
  if (!email.ok) errors.email = EMAIL_ERROR[email.problem];
  const length = checkPasswordLength(password);
  if (length) errors.password = PASSWORD_ERROR[length];
  if (!consent) {
    errors.consent = "security.consent.required";
    // Say everything wrong at once: the password checks the service would make come too.
    const problem = email.ok && !length ? checkNewPassword(password, email.email) : null;
    if (problem) errors.password = PASSWORD_ERROR[problem];
  }
  if (!email.ok || length || !consent) return fail({ errors, values });

  const result = await registerOwner({
    email: email.email,
    password,
    ip: context.clientIp,
    consentVersion: PRIVACY_CONSENT_VERSION,
    locale: await getLocale(request),
  });
  if (!result.ok) {
    if (result.reason === "limited") {
      return fail({ errors: { email: "account.errors.limited" }, params: { count: result.retryAfterMinutes }, values }, 429);
    }
    if (result.reason === "password") return fail({ errors: { password: PASSWORD_ERROR[result.problem] }, values });
    return fail({ errors: { email: "account.register.taken" }, values });
  }
  return redirect(safeRedirect(form.data.redirectTo, homeFor(result.user.role)), { headers: { "Set-Cookie": result.cookie } });
}

export default function RegisterPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData() as RegisterActionData | undefined;
  const { t } = useTranslation();
  const attempt = useResetKey(actionData);
  const { list, message } = useFormErrors(actionData, ["email", "password", "consent"]);
  return (
    <div className="portal-form-narrow">
      <ErrorSummary errors={list} />
      <h1>{t("account.register.title")}</h1>
      <p className="portal-lead">{t("account.register.lead")}</p>
      <Form method="post" noValidate>
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <TextField
          name="email"
          type="email"
          label={t("account.fields.email")}
          hint={t("account.fields.emailHint")}
          autoComplete="email"
          spellCheck={false}
          autoCapitalize="none"
          maxLength={254}
          defaultValue={actionData?.values.email ?? ""}
          error={message("email")}
        />
        <TextField
          key={`password-${attempt}`}
          name="password"
          type="password"
          label={t("account.fields.password")}
          hint={t("account.fields.newPasswordHint")}
          autoComplete="new-password"
          error={message("password")}
        />
        <PrivacyConsent error={message("consent")} defaultChecked={actionData?.values.consent} />
        <div className="portal-form-actions">
          <button type="submit" className="krds-btn large primary">
            {t("account.register.submit")}
          </button>
        </div>
      </Form>
      <p>
        {t("account.register.haveAccount")}{" "}
        <Link to={redirectTo ? `/login?${new URLSearchParams({ redirectTo })}` : "/login"}>{t("account.register.signInLink")}</Link>
      </p>
    </div>
  );
}
