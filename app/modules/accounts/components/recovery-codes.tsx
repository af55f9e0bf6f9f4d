import { useTranslation } from "react-i18next";

/** Recovery codes, shown once, in a list that reads well aloud and prints on one page. */
export function RecoveryCodes({ title, codes }: { title: string; codes: string[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="recovery-codes-title">
      <h2 id="recovery-codes-title">{title}</h2>
      <p>{t("security.setup.codesLead")}</p>
      <ol className="portal-recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
    </section>
  );
}
