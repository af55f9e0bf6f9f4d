import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BusinessForm, formatBusinessNumber, type BusinessFormValues } from "~/modules/businesses";
import { requireOwner } from "~/modules/accounts/index.server";
import { businessFailure, parseBusinessForm, type BusinessActionData, getBusiness, updateBusiness } from "~/modules/businesses/index.server";
import { resources } from "~/shared/i18n";
import { localeFromMatches, titleMeta } from "~/shared/meta";
import type { MetaFunction } from "@remix-run/node";

/** Ids are positive integers; anything else, like a stranger's business, is simply not found. */
function businessId(raw: string | undefined): number {
  if (!raw || !/^[1-9]\d{0,9}$/.test(raw)) throw new Response("not found", { status: 404 });
  return Number(raw);
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = requireOwner({ request, context });
  const business = await getBusiness({ id: businessId(params.id), ownerId: auth.user.id });
  if (!business) throw new Response("not found", { status: 404 });
  const values: BusinessFormValues = {
    tradeName: business.trade_name,
    registrationNumber: formatBusinessNumber(business.registration_number),
    representativeName: business.representative_name,
    phone: business.phone,
    address: business.address,
    region: business.region,
    sector: business.sector,
    employees: String(business.employees),
    openedOn: business.opened_on,
  };
  return { name: business.trade_name, values, formError: Boolean(context.formError) };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches);
  const tr = resources[locale].translation;
  const title = data ? tr.account.business.editTitle.replace("{{name}}", data.name) : tr.account.business.listTitle;
  return titleMeta(`${data?.formError ? tr.meta.errorPrefix : ""}${title}`, locale);
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = requireOwner({ request, context });
  const id = businessId(params.id);
  const parsed = await parseBusinessForm(request, context);
  if (!parsed.ok) {
    if (!(await getBusiness({ id, ownerId: auth.user.id }))) throw new Response("not found", { status: 404 });
    return parsed.response;
  }
  const result = await updateBusiness({ id, ownerId: auth.user.id }, parsed.profile);
  if (!result.ok) {
    if (result.reason === "notFound") throw new Response("not found", { status: 404 });
    const key = result.reason === "ownDuplicate" ? "numberOwnDuplicate" : "numberConflict";
    return businessFailure(context, parsed.values, { registrationNumber: `account.business.errors.${key}` }, 409);
  }
  return redirect("/account/businesses?notice=updated");
}

export default function EditBusinessPage() {
  const { name, values } = useLoaderData<typeof loader>();
  const actionData = useActionData() as BusinessActionData | undefined;
  const { t } = useTranslation();
  return (
    <div>
      <p>
        <Link to="/account/businesses">{t("account.business.back")}</Link>
      </p>
      <BusinessForm
        title={t("account.business.editTitle", { name })}
        values={actionData?.values ?? values}
        result={actionData}
        submitLabel={t("account.business.save")}
      />
    </div>
  );
}
