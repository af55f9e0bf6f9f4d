import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormErrors, useResetKey, type ActionErrors, checkPasswordLength, homeFor, PASSWORD_ERROR, securityMeta } from "~/modules/accounts";
import { requireUser, changePassword } from "~/modules/accounts/index.server";
import { ErrorSummary, TextField } from "~/shared/ui/form";
import { markFormError, readForm } from "~/shared/form.server";
import { getLocale } from "~/shared/i18n.server";
import { safeRedirect } from "~/shared/safe-redirect";

/**
 * First sign-in with a one-time password from an administrator: every staff page sends the person
 * here (requireStaff) until they have chosen their own. Anyone else goes on to where they were going.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireUser({ request, context });
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), homeFor(auth.user.role));
  if (!auth.user.mustChangePassword) throw redirect(redirectTo);
  return { redirectTo, formError: Boolean(context.formError) };
}

export const meta = securityMeta((t) => t.password.title);

type PasswordActionData = ActionErrors;

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireUser({ request, context });
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), homeFor(auth.user.role));
  if (!auth.user.mustChangePassword) throw redirect(redirectTo);
  const fail = (body: PasswordActionData, status = 400) => {
    markFormError(context);
    return data(body, { status });
  };
  const form = await readForm(request);
  if (!form.ok) return fail({ errors: { newPassword: "account.errors.tooLarge" } }, 413);
  const currentPassword = form.data.currentPassword ?? "";
  const newPassword = form.data.newPassword ?? "";
  const errors: Record<string, string> = {};
  if (!currentPassword) errors.currentPassword = "account.errors.passwordRequired";
  const length = checkPasswordLength(newPassword);
  if (length) errors.newPassword = PASSWORD_ERROR[length];
  if (Object.keys(errors).length) return fail({ errors });
  if (currentPassword === newPassword) return fail({ errors: { newPassword: "security.password.same" } });
  const result = await changePassword({
    userId: auth.user.id,
    sessionId: auth.session.id,
    currentPassword,
    newPassword,
    locale: await getLocale(request),
  });
  if (!result.ok) {
    return fail({ errors: { [result.field]: result.problem === "wrong" ? "account.account.currentWrong" : PASSWORD_ERROR[result.problem] } });
  }
  return redirect(redirectTo);
}

export default function ChangeOneTimePasswordPage() {
  useLoaderData<typeof loader>();
  const actionData = useActionData() as PasswordActionData | undefined;
  const { t } = useTranslation();
  const attempt = useResetKey(actionData);
  const { list, message } = useFormErrors(actionData, ["currentPassword", "newPassword"]);
  return (
    <div className="portal-form-narrow">
      <ErrorSummary errors={list} />
      <h1>{t("security.password.title")}</h1>
      <p className="portal-lead">{t("security.password.lead")}</p>
      <Form method="post" noValidate>
        <TextField
          key={`current-${attempt}`}
          name="currentPassword"
          type="password"
          label={t("security.password.current")}
          autoComplete="current-password"
          error={message("currentPassword")}
        />
        <TextField
          key={`new-${attempt}`}
          name="newPassword"
          type="password"
          label={t("account.fields.newPassword")}
          hint={t("account.fields.newPasswordHint")}
          autoComplete="new-password"
          error={message("newPassword")}
        />
        <div className="portal-form-actions">
          <button type="submit" className="krds-btn large primary">
            {t("security.password.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
