import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  BusinessForm,
  businessDefaults,
  BusinessPrefillSchema,
  PREFILL_FIELDS,
  type BusinessFormValues,
  type LastCheckAnswers,
} from "~/modules/businesses";
import { requireOwner } from "~/modules/accounts/index.server";
import { accountMeta } from "~/modules/accounts";
import { businessFailure, parseBusinessForm, type BusinessActionData, createBusiness, takeOverNumber } from "~/modules/businesses/index.server";
import { readLastCheck } from "~/modules/eligibility/index.server";
import { safeRedirect } from "~/shared/safe-redirect";

/** The answers of the owner's last eligibility check, to prefill the form (WCAG 3.3.7). */
async function lastCheckFor(request: Request): Promise<Partial<LastCheckAnswers> | null> {
  const facts = await readLastCheck(request);
  if (!facts) return null;
  return { sector: facts.sector, employees: facts.employees, openedOn: facts.openedOn, region: facts.region };
}

/** What the form carried to identity verification and back (BusinessPrefillSchema: never phone or address). */
function prefillOf(url: URL): Partial<BusinessFormValues> {
  const parsed = BusinessPrefillSchema.safeParse(Object.fromEntries(PREFILL_FIELDS.map((k) => [k, url.searchParams.get(k) ?? undefined])));
  return parsed.success ? Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v)) : {};
}

/** Verification, then back to this form with what the owner typed (and where they were going). */
function verifyLinkFor(values: BusinessFormValues, redirectTo: string): string {
  const back = new URLSearchParams();
  if (redirectTo) back.set("redirectTo", redirectTo);
  // A return address holds at most 500 characters: the fields that fit, the number first.
  for (const k of PREFILL_FIELDS) {
    if (!values[k]) continue;
    back.set(k, values[k]);
    if (`/account/businesses/new?${back}`.length > 500) back.delete(k);
  }
  return `/account/identity?returnTo=${encodeURIComponent(`/account/businesses/new?${back}`)}`;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireOwner({ request, context });
  const url = new URL(request.url);
  const lastCheck = await lastCheckFor(request);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "");
  const carried = prefillOf(url);
  return {
    defaults: { ...businessDefaults(lastCheck), ...carried },
    prefilled: lastCheck !== null && Object.keys(carried).length === 0,
    redirectTo,
    formError: Boolean(context.formError),
  };
}

export const meta = accountMeta((t) => t.business.addTitle);

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireOwner({ request, context });
  const parsed = await parseBusinessForm(request, context);
  if (!parsed.ok) return parsed.response;
  const fail = (key: string, status: number, extra: Partial<BusinessActionData> = {}) =>
    businessFailure(context, parsed.values, { registrationNumber: `account.business.errors.${key}` }, status, extra);
  const result = await createBusiness(auth.user.id, parsed.profile);
  // Back to the application the owner was starting, else to their list of businesses.
  if (result.ok) return redirect(safeRedirect(parsed.redirectTo, "/account/businesses?notice=created"));
  if (result.reason === "ownDuplicate") return fail("numberOwnDuplicate", 409);
  if (result.reason !== "heldUnproven") return fail("numberConflict", 409);

  // Held by an account that never proved it theirs: its proven representative takes it over.
  const taken = await takeOverNumber({ ownerId: auth.user.id, actorLabel: auth.user.email, profile: parsed.profile, ip: context.clientIp });
  if (taken.ok) return redirect(safeRedirect(parsed.redirectTo, "/account/businesses?notice=takenOver"));
  switch (taken.reason) {
    case "not_verified":
      return fail("numberHeldVerify", 403, { verifyLink: verifyLinkFor(parsed.values, parsed.redirectTo) });
    case "no_match":
      return fail("numberHeldNoMatch", 409);
    case "not_operating":
      return fail("numberHeldNotOperating", 409);
    case "unavailable":
      return fail("numberHeldUnavailable", 503);
    case "limited":
      return fail("numberHeldLimited", 429);
    default:
      return fail("numberConflict", 409);
  }
}

export default function NewBusinessPage() {
  const { defaults, prefilled, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData() as BusinessActionData | undefined;
  const { t } = useTranslation();
  const verifyLink = actionData?.verifyLink;
  return (
    <div>
      <p>
        <Link to={redirectTo || "/account/businesses"}>{t(redirectTo ? "account.business.backToApplication" : "account.business.back")}</Link>
      </p>
      <BusinessForm
        title={t("account.business.addTitle")}
        intro={
          verifyLink ? (
            <p>
              <Link to={verifyLink} className="krds-btn medium primary">
                {t("account.business.heldVerify")}
              </Link>
            </p>
          ) : prefilled && !actionData ? (
            <p className="portal-notice">{t("account.business.prefilled")}</p>
          ) : null
        }
        values={actionData?.values ?? defaults}
        result={actionData}
        submitLabel={t("account.business.save")}
        redirectTo={redirectTo || undefined}
      />
    </div>
  );
}
