import { useTranslation } from "react-i18next";
import { CheckboxField } from "~/shared/ui/form";

/**
 * 개인정보 수집·이용 동의 as a Korean public service asks it: what is collected, why, for how long,
 * and the right to refuse with what follows from refusing; then one required checkbox. The version of
 * this text is PRIVACY_CONSENT_VERSION (app/modules/accounts/privacy-consent.ts), stored with each consent.
 */
export function PrivacyConsent({ error, defaultChecked }: { error?: string; defaultChecked?: boolean }) {
  const { t } = useTranslation();
  return (
    <fieldset className="portal-consent" aria-describedby="consent-intro consent-refuse">
      <legend className="form-tit">{t("security.consent.legend")}</legend>
      <p id="consent-intro">{t("security.consent.intro")}</p>
      <table>
        <caption className="sr-only">{t("security.consent.caption")}</caption>
        <tbody>
          <tr>
            <th scope="row">{t("security.consent.columns.items")}</th>
            <td>{t("security.consent.items")}</td>
          </tr>
          <tr>
            <th scope="row">{t("security.consent.columns.purpose")}</th>
            <td>{t("security.consent.purpose")}</td>
          </tr>
          <tr>
            <th scope="row">{t("security.consent.columns.retention")}</th>
            <td>{t("security.consent.retention")}</td>
          </tr>
        </tbody>
      </table>
      <p id="consent-refuse">{t("security.consent.refuse")}</p>
      <CheckboxField name="consent" value="yes" label={t("security.consent.agree")} error={error} defaultChecked={defaultChecked} />
    </fieldset>
  );
}
