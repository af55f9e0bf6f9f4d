import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SuccessNotice, useFormErrors, useResetKey, type ActionErrors, checkPasswordLength, PASSWORD_ERROR, accountMeta } from "~/modules/accounts";
import { requireUser, countUserSessions, invalidateOtherSessions, changePassword, getUser } from "~/modules/accounts/index.server";
import { ErrorSummary, TextField } from "~/shared/ui/form";
import { formatDate } from "~/shared/format";
import { getLocale } from "~/shared/i18n.server";
import { markFormError, readForm } from "~/shared/form.server";

const NOTICES = ["passwordChanged", "signedOutOthers"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireUser({ request, context });
  const [user, sessions, locale] = await Promise.all([getUser(auth.user.id), countUserSessions(auth.user.id), getLocale(request)]);
  if (!user) throw redirect("/login");
  const notice = new URL(request.url).searchParams.get("notice");
  return {
    email: user.email,
    role: user.role,
    createdOn: formatDate(user.created_at.slice(0, 10), locale),
    sessions,
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as (typeof NOTICES)[number]) : null,
    formError: Boolean(context.formError),
  };
}

export const meta = accountMeta((t) => t.account.title);

type AccountActionData = ActionErrors;

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireUser({ request, context });
  const fail = (body: AccountActionData, status = 400) => {
    markFormError(context);
    return data(body, { status });
  };
  const form = await readForm(request);
  if (!form.ok) return fail({ errors: { newPassword: "account.errors.tooLarge" } }, 413);
  if (form.data.intent === "signOutOthers") {
    await invalidateOtherSessions(auth.user.id, auth.session.id);
    return redirect("/account?notice=signedOutOthers");
  }
  const currentPassword = form.data.currentPassword ?? "";
  const newPassword = form.data.newPassword ?? "";
  const errors: Record<string, string> = {};
  if (!currentPassword) errors.currentPassword = "account.errors.passwordRequired";
  const length = checkPasswordLength(newPassword);
  if (length) errors.newPassword = PASSWORD_ERROR[length];
  if (Object.keys(errors).length) return fail({ errors });
  const result = await changePassword({
    userId: auth.user.id,
    sessionId: auth.session.id,
    currentPassword,
    newPassword,
    locale: await getLocale(request),
  });
  if (!result.ok) {
    return fail({
      errors: { [result.field]: result.problem === "wrong" ? "account.account.currentWrong" : PASSWORD_ERROR[result.problem] },
    });
  }
  return redirect("/account?notice=passwordChanged");
}

export default function AccountPage() {
  const { email, role, createdOn, sessions, notice } = useLoaderData() as Awaited<ReturnType<typeof loader>>;
  const actionData = useActionData() as AccountActionData | undefined;
  const { t } = useTranslation();
  const attempt = useResetKey(actionData);
  const { list, message } = useFormErrors(actionData, ["currentPassword", "newPassword"]);
  return (
    <div className="portal-form-wide">
      <ErrorSummary errors={list} />
      {notice && !list.length ? <SuccessNotice>{t(`account.account.${notice}`)}</SuccessNotice> : null}
      <h1>{t("account.account.title")}</h1>
      <h2>{t("account.account.details")}</h2>
      <dl className="portal-summary-list">
        <dt>{t("account.fields.email")}</dt>
        <dd>{email}</dd>
        <dt>{t("account.account.role")}</dt>
        <dd>{t(`account.roles.${role}`)}</dd>
        <dt>{t("account.account.memberSince")}</dt>
        <dd>{createdOn}</dd>
      </dl>
      {role === "owner" ? (
        <>
          <p>
            <Link to="/account/businesses">{t("account.account.businessesLink")}</Link>
          </p>
          <p>
            <Link to="/account/identity">{t("identity.page.accountLink")}</Link>
          </p>
        </>
      ) : null}
      <p>
        {role === "owner" ? (
          <Link to="/account/verify-email">{t("security.verify.statusLink")}</Link>
        ) : (
          <Link to="/account/security">{t("security.page.title")}</Link>
        )}
      </p>

      <h2 id="change-password">{t("account.account.changePassword")}</h2>
      <p>{t("account.account.changePasswordLead")}</p>
      <Form method="post" noValidate className="portal-form-narrow" aria-labelledby="change-password">
        <input type="hidden" name="intent" value="changePassword" />
        {/* Lets password managers file the new password under the right account. */}
        <input type="hidden" name="username" value={email} autoComplete="username" />
        <TextField
          key={`currentPassword-${attempt}`}
          name="currentPassword"
          type="password"
          label={t("account.fields.currentPassword")}
          autoComplete="current-password"
          error={message("currentPassword")}
        />
        <TextField
          key={`newPassword-${attempt}`}
          name="newPassword"
          type="password"
          label={t("account.fields.newPassword")}
          hint={t("account.fields.newPasswordHint")}
          autoComplete="new-password"
          error={message("newPassword")}
        />
        <div className="portal-form-actions">
          <button type="submit" className="krds-btn medium primary">
            {t("account.account.changeSubmit")}
          </button>
        </div>
      </Form>

      <h2 id="sessions">{t("account.account.sessions")}</h2>
      <p>{t("account.account.sessionsText", { count: sessions })}</p>
      <Form method="post" aria-labelledby="sessions">
        <input type="hidden" name="intent" value="signOutOthers" />
        <button type="submit" className="krds-btn medium secondary">
          {t("account.account.signOutOthers")}
        </button>
      </Form>
    </div>
  );
}
