import "~/modules/accounts/security.css";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormErrors, useResetKey, type ActionErrors, RecoveryCodes, homeFor, isStaff, securityMeta, twoFactorPath } from "~/modules/accounts";
import { completeMfaSession, beginEnrolment, confirmEnrolment, getMfaState, type MfaUser } from "~/modules/accounts/index.server";
import { ErrorSummary, TextField } from "~/shared/ui/form";
import { markFormError, readForm } from "~/shared/form.server";
import { safeRedirect } from "~/shared/safe-redirect";

/**
 * Setting up the second factor: staff who must have one arrive here half-way through signing in;
 * others come from /account/security. The QR code is an SVG made on the server, with the key in text
 * beside it; nothing needs JavaScript.
 */
function whoIsEnrolling({ request, context }: Pick<LoaderFunctionArgs, "request" | "context">): {
  user: MfaUser;
  pending: boolean;
  redirectTo: string;
} {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  if (context.pendingMfa) return { user: context.pendingMfa.user, pending: true, redirectTo };
  const auth = context.auth;
  if (!auth) throw redirect(`/login?${new URLSearchParams({ redirectTo: "/two-factor/setup" })}`);
  if (!isStaff(auth.user.role)) throw new Response("not found", { status: 404 });
  return { user: auth.user, pending: false, redirectTo };
}

function continueTo(pending: boolean, redirectTo: string, role: MfaUser["role"]): string {
  return pending ? safeRedirect(redirectTo, homeFor(role)) : "/account/security";
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, pending, redirectTo } = whoIsEnrolling(args);
  const state = await getMfaState(user);
  if (state.enrolled) {
    // Already on: a half-way session goes on to the code; a signed-in one back to its security page.
    return {
      alreadyOn: true as const,
      key: null,
      need: state.need,
      redirectTo,
      next: pending ? twoFactorPath("/two-factor", redirectTo) : "/account/security",
      formError: false,
    };
  }
  const key = await beginEnrolment(user);
  return {
    alreadyOn: false as const,
    key,
    need: state.need,
    redirectTo,
    next: continueTo(pending, redirectTo, user.role),
    formError: Boolean(args.context.formError),
  };
}

export const meta = securityMeta((t) => t.setup.title);

type SetupActionData = ActionErrors & { recoveryCodes?: string[]; next?: string };

export async function action(args: ActionFunctionArgs) {
  const { user, pending, redirectTo } = whoIsEnrolling(args);
  const fail = (body: SetupActionData, status = 400) => {
    markFormError(args.context);
    return data(body, { status });
  };
  const form = await readForm(args.request);
  const code = form.ok ? (form.data.code ?? "").trim() : "";
  if (!code) return fail({ errors: { code: "security.errors.codeRequired" } });
  const result = await confirmEnrolment({ user, code, ip: args.context.clientIp });
  if (!result.ok) {
    if (result.reason === "limited") return fail({ errors: { code: "security.errors.limited" }, params: { count: result.retryAfterMinutes } }, 429);
    // No key yet (the page was never shown) or already confirmed: the page itself says which.
    if (result.reason === "no_key") throw redirect(twoFactorPath("/two-factor/setup", redirectTo));
    return fail({ errors: { code: `security.errors.${result.reason}` } });
  }
  const body: SetupActionData = { errors: {}, recoveryCodes: result.recoveryCodes, next: continueTo(pending, redirectTo, user.role) };
  if (!pending) return data(body, { headers: { "Cache-Control": "no-store" } });
  // Enrolling proved the second factor: the half-way session becomes a full one, with a new id.
  const { cookie } = await completeMfaSession(args.context.pendingMfa!);
  return data(body, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
}

export default function TwoFactorSetupPage() {
  const { alreadyOn, key, need, next } = useLoaderData<typeof loader>();
  const actionData = useActionData() as SetupActionData | undefined;
  const { t } = useTranslation();
  const attempt = useResetKey(actionData);
  const { list, message } = useFormErrors(actionData, ["code"]);
  if (actionData?.recoveryCodes) {
    return (
      <div className="portal-form-narrow">
        <div className="portal-success" role="status">
          <h1>{t("security.setup.doneTitle")}</h1>
        </div>
        <RecoveryCodes title={t("security.setup.codesTitle")} codes={actionData.recoveryCodes} />
        <p>
          <Link to={actionData.next ?? next} className="krds-btn large primary">
            {t("security.setup.continue")}
          </Link>
        </p>
      </div>
    );
  }
  if (alreadyOn || !key) {
    return (
      <div className="portal-form-narrow">
        <h1>{t("security.setup.title")}</h1>
        <p>{t("security.setup.alreadyOn")}</p>
        <p>
          <Link to={next}>{t("security.setup.continue")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="portal-form-narrow">
      <ErrorSummary errors={list} />
      <h1>{t("security.setup.title")}</h1>
      <p className="portal-lead">{t(need === "required" ? "security.setup.leadRequired" : "security.setup.leadOptional")}</p>
      <h2 className="portal-step-title">{t("security.setup.scan")}</h2>
      <img className="portal-qr" src={key.qr} alt={t("security.setup.qrAlt")} width={200} height={200} />
      <p>{t("security.setup.manual")}</p>
      <dl className="portal-summary">
        <div>
          <dt>{t("security.setup.keyLabel")}</dt>
          <dd>
            <code className="portal-setup-key" data-testid="setup-key">
              {key.key}
            </code>
          </dd>
        </div>
      </dl>
      <h2 className="portal-step-title">{t("security.setup.enter")}</h2>
      <Form method="post" noValidate>
        <TextField
          key={`code-${attempt}`}
          name="code"
          label={t("security.twoFactor.codeLabel")}
          autoComplete="one-time-code"
          inputMode="numeric"
          spellCheck={false}
          maxLength={12}
          className="portal-code-input"
          error={message("code")}
        />
        <div className="portal-form-actions">
          <button type="submit" className="krds-btn large primary">
            {t("security.setup.submit")}
          </button>
        </div>
      </Form>
      {need === "required" ? (
        <Form method="post" action="/logout">
          <button type="submit" className="krds-btn tertiary medium">
            {t("security.twoFactor.cancel")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
