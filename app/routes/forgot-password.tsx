import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormErrors, type ActionErrors, parseEmail, EMAIL_ERROR, accountMeta } from "~/modules/accounts";
import { requestPasswordReset } from "~/modules/accounts/index.server";
import { ErrorSummary, TextField } from "~/shared/ui/form";
import { markFormError, readForm } from "~/shared/form.server";
import { getLocale } from "~/shared/i18n.server";

export function loader({ context }: LoaderFunctionArgs) {
  return { formError: Boolean(context.formError) };
}

export const meta = accountMeta((t) => t.forgot.title);

type ForgotActionData = (ActionErrors & { values: { email: string }; sent?: undefined }) | { sent: string; errors?: undefined };

export async function action({ request, context }: ActionFunctionArgs) {
  const fail = (body: ForgotActionData, status = 400) => {
    markFormError(context);
    return data(body, { status });
  };
  const form = await readForm(request);
  if (!form.ok) return fail({ errors: { email: "account.errors.emailTooLong" }, values: { email: "" } }, 413);
  const rawEmail = (form.data.email ?? "").slice(0, 1000);
  const email = parseEmail(rawEmail);
  if (!email.ok) return fail({ errors: { email: EMAIL_ERROR[email.problem] }, values: { email: rawEmail } });
  const result = await requestPasswordReset({ email: email.email, ip: context.clientIp, locale: await getLocale(request) });
  if (!result.ok) {
    return fail({ errors: { email: "account.errors.limited" }, params: { count: result.retryAfterMinutes }, values: { email: rawEmail } }, 429);
  }
  // The same page whether or not the address has an account.
  return { sent: email.email } satisfies ForgotActionData;
}

export default function ForgotPasswordPage() {
  const actionData = useActionData() as ForgotActionData | undefined;
  const { t } = useTranslation();
  const { list, message } = useFormErrors(actionData?.errors ? actionData : undefined, ["email"]);
  if (actionData?.sent) {
    return (
      <div className="portal-form-narrow">
        <h1>{t("account.forgot.sentTitle")}</h1>
        <p>{t("account.forgot.sentText", { email: actionData.sent })}</p>
      </div>
    );
  }
  return (
    <div className="portal-form-narrow">
      <ErrorSummary errors={list} />
      <h1>{t("account.forgot.title")}</h1>
      <p className="portal-lead">{t("account.forgot.lead")}</p>
      <Form method="post" noValidate>
        <TextField
          name="email"
          type="email"
          label={t("account.fields.email")}
          autoComplete="email"
          spellCheck={false}
          autoCapitalize="none"
          maxLength={254}
          defaultValue={actionData && "values" in actionData ? actionData.values?.email : ""}
          error={message("email")}
        />
        <div className="portal-form-actions">
          <button type="submit" className="krds-btn large primary">
            {t("account.forgot.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
