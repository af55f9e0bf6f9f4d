import "~/modules/accounts/security.css";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RecoveryCodes, securityMeta } from "~/modules/accounts";
import { requireStaff, getMfaState, renewRecoveryCodes } from "~/modules/accounts/index.server";
import { readForm } from "~/shared/form.server";

/** A staff member's second factor: whether it is on, how many recovery codes are left, new codes. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "caseworker", { asNotFound: true });
  return { state: await getMfaState(auth.user) };
}

export const meta = securityMeta((t) => t.page.title);

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireStaff({ request, context }, "caseworker", { asNotFound: true });
  const form = await readForm(request);
  if (!form.ok || form.data.intent !== "renew") throw new Response("Bad request", { status: 400 });
  const codes = await renewRecoveryCodes({ user: auth.user, ip: context.clientIp });
  // Off: there are no codes to renew; the page says how to turn it on.
  if (!codes) throw redirect("/account/security");
  return data({ codes }, { headers: { "Cache-Control": "no-store" } });
}

export default function SecurityPage() {
  const { state } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="portal-form-narrow">
      <p>
        <Link to="/account">{t("account.nav.account")}</Link>
      </p>
      <h1>{t("security.page.title")}</h1>
      {result?.codes ? <RecoveryCodes title={t("security.page.renewedTitle")} codes={result.codes} /> : null}
      {state.enrolled ? (
        <>
          <p>
            {t("security.page.on")} {state.need === "required" ? t("security.page.required") : null}
          </p>
          <p>{t("security.page.codesLeft", { count: state.recoveryCodesLeft })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="renew" />
            <p className="form-hint" id="renew-hint">
              {t("security.page.renewHint")}
            </p>
            <button type="submit" className="krds-btn medium secondary" aria-describedby="renew-hint">
              {t("security.page.renew")}
            </button>
          </Form>
        </>
      ) : (
        <>
          <p>
            {t("security.page.off")} {state.need === "required" ? t("security.page.required") : null}
          </p>
          <p>
            <Link to="/two-factor/setup" className="krds-btn medium primary">
              {t("security.page.setUp")}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
