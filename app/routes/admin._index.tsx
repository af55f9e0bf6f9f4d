import type { LoaderFunctionArgs } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guards.server";
import { accountMeta } from "~/lib/account-meta";

/** Staff's home after sign-in. A placeholder until the staff-area issue fills it. */
export function loader({ request, context }: LoaderFunctionArgs) {
  requireStaff({ request, context }, "caseworker");
  return null;
}

export const meta = accountMeta((t) => t.admin.title);

export default function AdminPage() {
  const { t } = useTranslation();
  return (
    <div>
      <h1>{t("account.admin.title")}</h1>
      <p>{t("account.admin.text")}</p>
    </div>
  );
}
