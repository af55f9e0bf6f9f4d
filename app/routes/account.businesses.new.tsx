import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BusinessForm, businessDefaults, type LastCheckAnswers } from "~/modules/businesses";
import { requireOwner } from "~/modules/accounts/index.server";
import { accountMeta } from "~/modules/accounts";
import { businessFailure, parseBusinessForm, type BusinessActionData, createBusiness } from "~/modules/businesses/index.server";
import { readLastCheck } from "~/modules/eligibility/index.server";
import { safeRedirect } from "~/shared/safe-redirect";

/** The answers of the owner's last eligibility check, to prefill the form (WCAG 3.3.7). */
async function lastCheckFor(request: Request): Promise<Partial<LastCheckAnswers> | null> {
  const facts = await readLastCheck(request);
  if (!facts) return null;
  return { sector: facts.sector, employees: facts.employees, openedOn: facts.openedOn, region: facts.region };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireOwner({ request, context });
  const lastCheck = await lastCheckFor(request);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  return { defaults: businessDefaults(lastCheck), prefilled: lastCheck !== null, redirectTo, formError: Boolean(context.formError) };
}

export const meta = accountMeta((t) => t.business.addTitle);

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireOwner({ request, context });
  const parsed = await parseBusinessForm(request, context);
  if (!parsed.ok) return parsed.response;
  const result = await createBusiness(auth.user.id, parsed.profile);
  if (!result.ok) {
    const key = result.reason === "ownDuplicate" ? "numberOwnDuplicate" : "numberConflict";
    return businessFailure(context, parsed.values, { registrationNumber: `account.business.errors.${key}` }, 409);
  }
  // Back to the application the owner was starting, else to their list of businesses.
  return redirect(safeRedirect(parsed.redirectTo, "/account/businesses?notice=created"));
}

export default function NewBusinessPage() {
  const { defaults, prefilled, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData() as BusinessActionData | undefined;
  const { t } = useTranslation();
  return (
    <div>
      <p>
        <Link to={redirectTo || "/account/businesses"}>{t(redirectTo ? "account.business.backToApplication" : "account.business.back")}</Link>
      </p>
      <BusinessForm
        title={t("account.business.addTitle")}
        intro={prefilled && !actionData ? <p className="portal-notice">{t("account.business.prefilled")}</p> : null}
        values={actionData?.values ?? defaults}
        result={actionData}
        submitLabel={t("account.business.save")}
        redirectTo={redirectTo || undefined}
      />
    </div>
  );
}
