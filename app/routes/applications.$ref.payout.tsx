import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOwner } from "~/modules/accounts/index.server";
import { SuccessNotice } from "~/modules/accounts";
import { bankName, type PayoutAccountField, PayoutAccountFields, PayoutHoldNotice, paymentsMeta } from "~/modules/payments";
import { isReference } from "~/modules/applications";
import { getPayoutPage, savePayoutAccount } from "~/modules/payments/index.server";
import { ErrorSummary } from "~/shared/ui/form";
import { markFormError, readForm } from "~/shared/form.server";
import { text } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

/**
 * /applications/:ref/payout: the owner gives or corrects the bank account their support is paid
 * into. Someone else's reference (or a draft) is a 404.
 */
async function load(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const auth = requireOwner(args);
  const ref = args.params.ref ?? "";
  if (!isReference(ref)) throw new Response("Not found", { status: 404 });
  const page = await getPayoutPage({ ref, ownerId: auth.user.id });
  if (!page) throw new Response("Not found", { status: 404 });
  return { auth, ref, page };
}

export async function loader(args: LoaderFunctionArgs) {
  const { page } = await load(args);
  const locale = await getLocale(args.request);
  const saved = new URL(args.request.url).searchParams.get("saved");
  return { page, locale, saved: saved === "1" ? "matched" : saved === "unchecked" ? "unchecked" : null, formError: Boolean(args.context.formError) };
}

export const meta = paymentsMeta((t) => t.payout.title);

type ActionData = {
  errors: Partial<Record<PayoutAccountField, { en: string; ko: string }>>;
  refused?: { en: string; ko: string };
  values: Record<PayoutAccountField, string>;
};

export async function action(args: ActionFunctionArgs) {
  const { auth, ref } = await load(args);
  const form = await readForm(args.request);
  const raw = form.ok ? form.data : {};
  const values = {
    bankCode: (raw.bankCode ?? "").slice(0, 10),
    accountNumber: (raw.accountNumber ?? "").slice(0, 40),
    holderName: (raw.holderName ?? "").slice(0, 200),
  };
  const result = await savePayoutAccount({ ref, ownerId: auth.user.id, input: values });
  if (result.ok) return redirect(`/applications/${ref}/payout?saved=${result.payee === "matched" ? "1" : "unchecked"}`);
  if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
  markFormError(args.context);
  if (result.reason === "not_editable") return data({ errors: {}, refused: result.message, values } satisfies ActionData, { status: 409 });
  return data({ errors: result.errors, values } satisfies ActionData, { status: 400 });
}

const FIELDS: PayoutAccountField[] = ["bankCode", "accountNumber", "holderName"];

export default function PayoutPage() {
  const { page, locale, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const err = (f: PayoutAccountField) => (result?.errors[f] ? text(result.errors[f]!, locale) : undefined);
  const summary = [
    ...FIELDS.filter((f) => result?.errors[f]).map((f) => ({ field: f, message: text(result!.errors[f]!, locale) })),
    ...(result?.refused ? [{ field: "bankCode", message: text(result.refused, locale) }] : []),
  ];
  const current = page.account;
  return (
    <div>
      <ErrorSummary errors={summary} />
      <p>
        <Link to={`/applications/${page.reference}`}>{t("payments.payout.back")}</Link>
      </p>
      <h1>{t("payments.payout.title")}</h1>
      {saved === "matched" ? <SuccessNotice>{t("payments.payout.saved")}</SuccessNotice> : null}
      {saved === "unchecked" ? <p className="portal-notice">{t("payments.payout.savedUnchecked")}</p> : null}
      <p className="portal-lead">{t("payments.payout.lead", { reference: page.reference })}</p>
      {page.lastFailure ? (
        <PayoutHoldNotice hold={page.hold} failure={page.lastFailure} payeeState={page.account?.payee_state ?? null} locale={locale} />
      ) : null}
      {page.inFlight ? <p className="portal-notice">{t("payments.payout.inFlight")}</p> : null}
      <p>
        {current
          ? t("payments.payout.current", {
              bank: text(bankName(current.bank_code) ?? { en: current.bank_code, ko: current.bank_code }, locale),
              account: current.masked,
              holder: current.holder_name,
            })
          : t("payments.payout.none")}
      </p>
      {current?.payee_state === "matched" ? <p>{t("payments.payout.matched")}</p> : null}
      {current?.payee_state === "unchecked" ? <p>{t("payments.payout.unchecked")}</p> : null}
      {current?.payee_state === "mismatch" ? (
        <div className="portal-notice" role="alert">
          <p>{t("payments.payout.mismatch")}</p>
        </div>
      ) : null}
      {!page.paying ? <p className="portal-notice">{t("payments.payout.notPaying")}</p> : null}
      {page.paying && !page.editable ? <p className="portal-notice">{t("payments.payout.notEditable")}</p> : null}
      {page.editable ? (
        <Form method="post" noValidate>
          <PayoutAccountFields
            values={{
              bankCode: result?.values.bankCode ?? current?.bank_code,
              accountNumber: result?.values.accountNumber,
              holderName: result?.values.holderName ?? current?.holder_name,
            }}
            error={err}
            locale={locale}
          />
          <button type="submit" className="krds-btn medium primary">
            {t("payments.payout.save")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
