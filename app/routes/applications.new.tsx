import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StartApplicationSchema, applicationsMeta } from "~/modules/applications";
import { ProgrammeSlugSchema } from "~/modules/catalogue";
import { requireOwner } from "~/modules/accounts/index.server";
import { formatBusinessNumber } from "~/modules/businesses";
import { startApplication } from "~/modules/applications/index.server";
import { listBusinesses } from "~/modules/businesses/index.server";
import { readLastCheck } from "~/modules/eligibility/index.server";
import { getProgramme } from "~/modules/catalogue/index.server";
import { ChoiceGroup, ErrorSummary } from "~/shared/ui/form";
import { markFormError, readForm } from "~/shared/form.server";
import { pick } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

async function load(request: Request, ownerId: number) {
  const slug = ProgrammeSlugSchema.safeParse(new URL(request.url).searchParams.get("programme"));
  if (!slug.success) throw new Response("Not found", { status: 404 });
  const [locale, programme, businesses] = await Promise.all([getLocale(request), getProgramme(slug.data), listBusinesses(ownerId)]);
  if (!programme) throw new Response("programme", { status: 404 });
  return {
    locale,
    programme: { slug: programme.slug, name_en: programme.name_en, name_ko: programme.name_ko, window: programme.window },
    businesses,
  };
}

/** Choose which of the owner's businesses applies, then start (or resume) the draft. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireOwner({ request, context });
  return { ...(await load(request, auth.user.id)), formError: Boolean(context.formError) };
}

export const meta = applicationsMeta((t, d) => t.start.title.replace("{{name}}", d?.programme?.[`name_${d?.locale ?? "ko"}`] ?? ""));

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireOwner({ request, context });
  const form = await readForm(request);
  const parsed = form.ok ? StartApplicationSchema.safeParse(form.data) : null;
  if (!parsed?.success) {
    markFormError(context);
    return data({ error: "business_not_found" as const, reference: null }, { status: 400 });
  }
  const lastCheck = await readLastCheck(request);
  const result = await startApplication({
    ownerId: auth.user.id,
    businessId: parsed.data.businessId,
    programmeSlug: parsed.data.programme,
    lastCheck,
  });
  if (result.ok) return redirect(`/applications/${result.key}${result.resumed ? "?resumed=1" : ""}`);
  markFormError(context);
  return data(
    { error: result.reason, reference: result.reason === "already_applied" ? result.reference : null },
    { status: result.reason === "business_not_found" ? 400 : 409 },
  );
}

export default function StartApplication() {
  const { locale, programme, businesses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const name = pick(programme, "name", locale);
  const error = result?.error ? t(`applications.start.errors.${result.error}`, { reference: result.reference ?? "" }) : undefined;
  return (
    <div>
      <ErrorSummary errors={error ? [{ field: "businessId", message: error }] : []} />
      <h1>{t("applications.start.title", { name })}</h1>
      {businesses.length === 0 ? (
        <>
          <p>{t("applications.start.noBusiness")}</p>
          <p>
            <Link
              className="krds-btn medium primary"
              to={`/account/businesses/new?${new URLSearchParams({ redirectTo: `/applications/new?${new URLSearchParams({ programme: programme.slug })}` })}`}
            >
              {t("applications.start.addBusiness")}
            </Link>
          </p>
        </>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="programme" value={programme.slug} />
          <ChoiceGroup
            name="businessId"
            legend={t("applications.start.chooseBusiness")}
            error={error}
            defaultValue={businesses.length === 1 ? String(businesses[0]!.id) : undefined}
            options={businesses.map((b) => ({
              value: String(b.id),
              label: b.trade_name,
              hint: formatBusinessNumber(b.registration_number),
            }))}
          />
          <button type="submit" className="krds-btn large primary">
            {t("applications.start.start")}
          </button>
        </Form>
      )}
    </div>
  );
}
