import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SuccessNotice, useFormErrors, useResetKey, type ActionErrors, parseEmail, homeFor, accountMeta, twoFactorPath } from "~/modules/accounts";
import { getAuth, invalidateSession, signIn } from "~/modules/accounts/index.server";
import { ErrorSummary, TextField } from "~/shared/ui/form";
import { markFormError, readForm } from "~/shared/form.server";
import { safeRedirect } from "~/shared/safe-redirect";

const NOTICES = ["signedOut", "passwordReset", "timedOut"] as const;
type Notice = (typeof NOTICES)[number];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "");
  const auth = getAuth({ context });
  if (auth) throw redirect(redirectTo || homeFor(auth.user.role));
  // Half-way through a sign-in (password given, code not yet): continue there.
  if (context.pendingMfa) throw redirect(twoFactorPath("/two-factor", redirectTo));
  const notice = url.searchParams.get("notice");
  return {
    redirectTo,
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as Notice) : null,
    formError: Boolean(context.formError),
  };
}

export const meta = accountMeta((t) => t.login.title);

type LoginActionData = ActionErrors & { values: { email: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const fail = (body: LoginActionData, status = 400) => {
    markFormError(context);
    return data(body, { status });
  };
  const form = await readForm(request);
  if (!form.ok) return fail({ errors: { password: "account.errors.tooLarge" }, values: { email: "" } }, 413);
  const rawEmail = (form.data.email ?? "").slice(0, 1000);
  const password = form.data.password ?? "";
  const values = { email: rawEmail };
  const email = parseEmail(rawEmail);
  const errors: Record<string, string> = {};
  if (!email.ok) errors.email = email.problem === "required" ? "account.errors.emailRequired" : "account.errors.emailFormat";
  if (!password) errors.password = "account.errors.passwordRequired";
  if (!email.ok || !password) return fail({ errors, values });

  const result = await signIn({ email: email.email, password, ip: context.clientIp });
  if (!result.ok) {
    if (result.reason === "limited") {
      return fail({ errors: { email: "account.errors.limited" }, params: { count: result.retryAfterMinutes }, values }, 429);
    }
    // The same words whatever was wrong: no hint whether the account exists.
    return fail({ errors: { email: "account.login.invalid" }, values });
  }
  // A session the browser already had is ended, so signing in never reuses an id.
  if (context.auth) await invalidateSession(context.auth.session.id);
  const to = safeRedirect(form.data.redirectTo, homeFor(result.user.role));
  if (result.secondStep !== "none") {
    const next = twoFactorPath(result.secondStep === "code" ? "/two-factor" : "/two-factor/setup", to);
    return redirect(next, { headers: { "Set-Cookie": result.cookie } });
  }
  return redirect(to, { headers: { "Set-Cookie": result.cookie } });
}

export default function LoginPage() {
  const { redirectTo, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData() as LoginActionData | undefined;
  const { t } = useTranslation();
  const attempt = useResetKey(actionData);
  const { list, message } = useFormErrors(actionData, ["email", "password"]);
  return (
    <div className="portal-form-narrow">
      <ErrorSummary errors={list} />
      {notice && !list.length ? <SuccessNotice>{t(`account.login.${notice}`)}</SuccessNotice> : null}
      <h1>{t("account.login.title")}</h1>
      <p className="portal-lead">{t("account.login.lead")}</p>
      <Form method="post" noValidate>
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <TextField
          name="email"
          type="email"
          label={t("account.fields.email")}
          autoComplete="username"
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
          autoComplete="current-password"
          error={message("password")}
        />
        <div className="portal-form-actions">
          <button type="submit" className="krds-btn large primary">
            {t("account.login.submit")}
          </button>
          <Link to="/forgot-password">{t("account.login.forgotLink")}</Link>
        </div>
      </Form>
      <p>
        {t("account.login.noAccount")}{" "}
        <Link to={redirectTo ? `/register?${new URLSearchParams({ redirectTo })}` : "/register"}>{t("account.login.registerLink")}</Link>
      </p>
    </div>
  );
}
