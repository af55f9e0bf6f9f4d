import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormErrors, useResetKey, type ActionErrors, checkPasswordLength, PASSWORD_ERROR, accountMeta } from "~/modules/accounts";
import { isResetTokenUsable, resetPassword } from "~/modules/accounts/index.server";
import { ErrorSummary, TextField } from "~/shared/ui/form";
import { markFormError, readForm } from "~/shared/form.server";
import { getLocale } from "~/shared/i18n.server";

/** A forged, expired or used token gets a page that says so (status 400), never an error. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const usable = await isResetTokenUsable(params.token ?? "");
  return data({ usable, formError: Boolean(context.formError) }, { status: usable ? 200 : 400 });
}

// The token is in this page's address: app/server.ts sends it with `Referrer-Policy: no-referrer`
// (one header; a route's own would be appended to the default rather than replace it).

export const meta = accountMeta((t) => t.reset.title);

type ResetActionData = ActionErrors & { tokenInvalid?: boolean };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const fail = (body: ResetActionData, status = 400) => {
    markFormError(context);
    return data(body, { status });
  };
  const form = await readForm(request);
  if (!form.ok) return fail({ errors: { password: "account.errors.tooLarge" } }, 413);
  const password = form.data.password ?? "";
  const length = checkPasswordLength(password);
  if (length) return fail({ errors: { password: PASSWORD_ERROR[length] } });
  const result = await resetPassword({ token: params.token ?? "", password, locale: await getLocale(request) });
  if (!result.ok) {
    if (result.reason === "password") return fail({ errors: { password: PASSWORD_ERROR[result.problem] } });
    return fail({ errors: {}, tokenInvalid: true });
  }
  return redirect("/login?notice=passwordReset");
}

export default function ResetPasswordPage() {
  const { usable } = useLoaderData() as { usable: boolean };
  const actionData = useActionData() as ResetActionData | undefined;
  const { t } = useTranslation();
  const attempt = useResetKey(actionData);
  const { list, message } = useFormErrors(actionData, ["password"]);
  if (!usable || actionData?.tokenInvalid) {
    return (
      <div className="portal-form-narrow">
        <h1>{t("account.reset.invalidTitle")}</h1>
        <p>{t("account.reset.invalidText")}</p>
        <p>
          <Link to="/forgot-password">{t("account.reset.requestNew")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="portal-form-narrow">
      <ErrorSummary errors={list} />
      <h1>{t("account.reset.title")}</h1>
      <p className="portal-lead">{t("account.reset.lead")}</p>
      <Form method="post" noValidate>
        <TextField
          key={`password-${attempt}`}
          name="password"
          type="password"
          label={t("account.fields.newPassword")}
          hint={t("account.fields.newPasswordHint")}
          autoComplete="new-password"
          error={message("password")}
        />
        <div className="portal-form-actions">
          <button type="submit" className="krds-btn large primary">
            {t("account.reset.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
