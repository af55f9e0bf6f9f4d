import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOwner } from "~/modules/accounts/index.server";
import { BusinessIdSchema, formatBusinessNumber, OpenedOnSchema, OwnershipReturnToSchema } from "~/modules/businesses";
import { confirmOwnership, getBusiness, isOwnershipConfirmed } from "~/modules/businesses/index.server";
import { identityMeta } from "~/modules/identity";
import { getIdentityStatus } from "~/modules/identity/index.server";
import { markFormError, readForm } from "~/shared/form.server";
import { ErrorSummary, TextField } from "~/shared/ui/form";

/**
 * /account/businesses/:id/ownership — the owner proves that the business is theirs: their verified
 * person is matched against the business register with the opening date they give (docs/identity.md).
 * `?returnTo=` (a same-site path) is where they go on once confirmed: the submission that sent them.
 */
function returnToOf(request: Request, form?: Record<string, unknown>) {
  const raw = form?.returnTo ?? new URL(request.url).searchParams.get("returnTo") ?? undefined;
  const parsed = OwnershipReturnToSchema.safeParse(typeof raw === "string" ? raw : undefined);
  return parsed.success ? parsed.data : null;
}

async function ownedBusiness(rawId: string | undefined, ownerId: number) {
  const id = BusinessIdSchema.safeParse(rawId ?? "");
  const business = id.success ? await getBusiness({ id: id.data, ownerId }) : null;
  if (!business) throw new Response("not found", { status: 404 });
  return business;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = requireOwner({ request, context });
  const business = await ownedBusiness(params.id, auth.user.id);
  const [confirmed, person] = await Promise.all([
    isOwnershipConfirmed({ ownerId: auth.user.id, businessId: business.id }),
    getIdentityStatus(auth.user.id),
  ]);
  return {
    id: business.id,
    name: business.trade_name,
    number: formatBusinessNumber(business.registration_number),
    confirmed,
    verified: Boolean(person),
    returnTo: returnToOf(request),
  };
}

export const meta = identityMeta((t) => t.ownership.back);

type Problem = "openedOn" | "no_match" | "not_operating_suspended" | "not_operating_closed" | "unavailable" | "not_verified" | "limited";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = requireOwner({ request, context });
  const business = await ownedBusiness(params.id, auth.user.id);
  const form = await readForm(request);
  const returnTo = returnToOf(request, form.ok ? form.data : undefined);
  const typed = form.ok && typeof form.data.openedOn === "string" ? form.data.openedOn.slice(0, 40) : "";
  const fail = (problem: Problem, status: number, minutes = 0) => {
    markFormError(context);
    return data({ problem, openedOn: typed, minutes }, { status });
  };
  const openedOn = OpenedOnSchema.safeParse(typed);
  if (!openedOn.success) return fail("openedOn", 400);
  const result = await confirmOwnership({
    ownerId: auth.user.id,
    actorLabel: auth.user.email,
    businessId: business.id,
    openedOn: openedOn.data,
    ip: context.clientIp,
  });
  if (result.ok) return redirect(returnTo ?? `/account/businesses/${business.id}/ownership`);
  switch (result.reason) {
    case "not_found":
      throw new Response("not found", { status: 404 });
    case "not_verified":
      return fail("not_verified", 403);
    case "no_match":
      return fail("no_match", 409);
    case "not_operating":
      return fail(result.state === "closed" ? "not_operating_closed" : "not_operating_suspended", 409);
    case "unavailable":
      return fail("unavailable", 503);
    case "limited":
      return fail("limited", 429, result.retryAfterMinutes ?? 60);
  }
}

export default function OwnershipPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const message = result ? t(`identity.ownership.errors.${result.problem}`, { minutes: result.minutes }) : undefined;
  const here = `/account/businesses/${d.id}/ownership${d.returnTo ? `?returnTo=${encodeURIComponent(d.returnTo)}` : ""}`;
  return (
    <div className="portal-form-narrow">
      <p>
        <Link to="/account/businesses">{t("identity.ownership.back")}</Link>
      </p>
      <ErrorSummary errors={message ? [{ field: "openedOn", message }] : []} />
      <h1>{t("identity.ownership.title", { name: d.name })}</h1>
      <p className="portal-muted">{d.number}</p>
      {d.confirmed ? (
        <>
          <p className="portal-notice" role="status">
            {t("identity.ownership.confirmed", { name: d.name })}
          </p>
          {d.returnTo ? (
            <p>
              <Link to={d.returnTo} className="krds-btn medium primary">
                {t("identity.ownership.continue")}
              </Link>
            </p>
          ) : null}
        </>
      ) : !d.verified ? (
        <>
          <p className="portal-notice">{t("identity.ownership.verifyFirst")}</p>
          <p>
            <Link to={`/account/identity?returnTo=${encodeURIComponent(here)}`} className="krds-btn medium primary">
              {t("identity.ownership.verifyLink")}
            </Link>
          </p>
        </>
      ) : (
        <>
          <p>{t("identity.ownership.notConfirmed")}</p>
          <p className="portal-lead">{t("identity.ownership.lead")}</p>
          <Form method="post" noValidate>
            {d.returnTo ? <input type="hidden" name="returnTo" value={d.returnTo} /> : null}
            <TextField
              name="openedOn"
              label={t("identity.ownership.openedOn")}
              hint={t("identity.ownership.openedOnHint")}
              error={message}
              inputMode="numeric"
              autoComplete="off"
              defaultValue={result?.openedOn ?? ""}
            />
            <button type="submit" className="krds-btn large primary">
              {t("identity.ownership.submit")}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
