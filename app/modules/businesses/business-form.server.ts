import type { AppLoadContext } from "@remix-run/node";
import { data } from "@remix-run/node";
import { businessProfileSchema, type BusinessFormValues, type BusinessProfile } from "~/modules/businesses/business-profile";
import { seoulToday } from "~/modules/catalogue";
import type { ActionErrors } from "~/modules/accounts";
import { BUSINESS_FIELDS } from "~/modules/businesses/components/business-form";
import { fieldErrors, markFormError, readForm } from "~/shared/form.server";

export type BusinessActionData = ActionErrors & { values: BusinessFormValues; verifyLink?: string };

/** Reads and validates the business form; on problems, the 400 answer with the person's own input. */
export async function parseBusinessForm(
  request: Request,
  context: AppLoadContext,
): Promise<
  | { ok: true; profile: BusinessProfile; values: BusinessFormValues; redirectTo: string }
  | { ok: false; response: ReturnType<typeof data<BusinessActionData>> }
> {
  const form = await readForm(request);
  const values = Object.fromEntries(BUSINESS_FIELDS.map((k) => [k, form.ok ? (form.data[k] ?? "").slice(0, 300) : ""])) as BusinessFormValues;
  if (!form.ok) return { ok: false, response: businessFailure(context, values, { tradeName: "account.business.errors.tradeNameTooLong" }, 413) };
  const parsed = businessProfileSchema(seoulToday()).safeParse(form.ok ? form.data : {});
  if (!parsed.success) return { ok: false, response: businessFailure(context, values, fieldErrors(parsed.error)) };
  return { ok: true, profile: parsed.data, values, redirectTo: form.data.redirectTo ?? "" };
}

export function businessFailure(
  context: AppLoadContext,
  values: BusinessFormValues,
  errors: Record<string, string>,
  status = 400,
  extra: Partial<BusinessActionData> = {},
) {
  markFormError(context);
  return data<BusinessActionData>({ ...extra, errors, values }, { status });
}
