import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { IdentityFailure } from "../identity-claims";

/** Why a verification failed, and a button that starts a new attempt (a plain form: no JavaScript needed). */
export function IdentityFailureNotice({ reason, returnTo }: { reason: IdentityFailure; returnTo?: string }) {
  const { t } = useTranslation();
  return (
    <div className="portal-form-narrow">
      <h1>{t("identity.failure.title")}</h1>
      <div className="krds-alert" role="alert" id="identity-failure">
        <p>{t(`identity.failure.${reason}`)}</p>
      </div>
      {reason === "already_linked" ? null : (
        <Form method="post" action="/account/identity">
          {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
          <button type="submit" className="krds-btn medium primary">
            {t("identity.failure.tryAgain")}
          </button>
        </Form>
      )}
    </div>
  );
}
