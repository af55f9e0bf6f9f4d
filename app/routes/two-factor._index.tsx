import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormErrors, useResetKey, type ActionErrors, homeFor, securityMeta, twoFactorPath } from "~/modules/accounts";
import { completeMfaSession, type PendingMfa, getMfaState, verifySecondFactor } from "~/modules/accounts/index.server";
import { ErrorSummary, TextField } from "~/shared/ui/form";
import { markFormError, readForm } from "~/shared/form.server";
import { safeRedirect } from "~/shared/safe-redirect";

/**
 * The second step of a staff sign-in: a code from the app or a recovery code. Only a session that
 * has just proved its password reaches it; everyone else is sent where they belong.
 */
async function requirePending({
  request,
  context,
}: Pick<LoaderFunctionArgs, "request" | "context">): Promise<{ pending: PendingMfa; redirectTo: string }> {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  if (context.auth) throw redirect(redirectTo || homeFor(context.auth.user.role));
  const pending = context.pendingMfa;
  if (!pending) throw redirect(redirectTo ? `/login?${new URLSearchParams({ redirectTo })}` : "/login");
  return { pending, redirectTo };
}

export async function loader(args: LoaderFunctionArgs) {
  const { pending, redirectTo } = await requirePending(args);
  // Staff who must have a second factor but have none yet set one up first.
  if (!(await getMfaState(pending.user)).enrolled) throw redirect(twoFactorPath("/two-factor/setup", redirectTo));
  return { redirectTo, formError: Boolean(args.context.formError) };
}

export const meta = securityMeta((t) => t.twoFactor.title);

type TwoFactorActionData = ActionErrors;

export async function action(args: ActionFunctionArgs) {
  const { pending, redirectTo } = await requirePending(args);
  const fail = (body: TwoFactorActionData, status = 400) => {
    markFormError(args.context);
    return data(body, { status });
  };
  const form = await readForm(args.request);
  const code = form.ok ? (form.data.code ?? "").trim() : "";
  if (!code) return fail({ errors: { code: "security.errors.codeRequired" } });
  const result = await verifySecondFactor({ user: pending.user, code, ip: args.context.clientIp });
  if (!result.ok) {
    if (result.reason === "limited") return fail({ errors: { code: "security.errors.limited" }, params: { count: result.retryAfterMinutes } }, 429);
    if (result.reason === "no_key") throw redirect(twoFactorPath("/two-factor/setup", redirectTo));
    return fail({ errors: { code: `security.errors.${result.reason}` } });
  }
  const { cookie } = await completeMfaSession(pending);
  return redirect(safeRedirect(redirectTo, homeFor(pending.user.role)), { headers: { "Set-Cookie": cookie } });
}

export default function TwoFactorPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData() as TwoFactorActionData | undefined;
  const { t } = useTranslation();
  const attempt = useResetKey(actionData);
  const { list, message } = useFormErrors(actionData, ["code"]);
  return (
    <div className="portal-form-narrow">
      <ErrorSummary errors={list} />
      <h1>{t("security.twoFactor.title")}</h1>
      <p className="portal-lead">{t("security.twoFactor.lead")}</p>
      <Form method="post" noValidate>
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <TextField
          key={`code-${attempt}`}
          name="code"
          label={t("security.twoFactor.codeLabel")}
          hint={t("security.twoFactor.codeHint")}
          autoComplete="one-time-code"
          inputMode="text"
          spellCheck={false}
          autoCapitalize="none"
          maxLength={32}
          className="portal-code-input"
          error={message("code")}
        />
        <div className="portal-form-actions">
          <button type="submit" className="krds-btn large primary">
            {t("security.twoFactor.submit")}
          </button>
        </div>
      </Form>
      <Form method="post" action="/logout">
        <button type="submit" className="krds-btn tertiary medium">
          {t("security.twoFactor.cancel")}
        </button>
      </Form>
    </div>
  );
}
