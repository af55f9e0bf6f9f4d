import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccountStep, AccountStepSchema, paymentsMeta, type AccountStepView } from "~/modules/payments";
import { requireOwnedApplication } from "~/modules/applications/index.server";
import { getAccountStep, reusePayoutAccount, savePayoutAccount } from "~/modules/payments/index.server";
import { markFormError, readForm } from "~/shared/form.server";

/**
 * /applications/:key/account: the bank account a grant or loan is paid into, a step of the draft
 * (required before submission). After submission the payout page takes over; a service programme
 * has no such step.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { app, locale, key, auth } = await requireOwnedApplication(args);
  if (app.programme.rules.support.kind === "service") throw redirect(`/applications/${key}`);
  if (app.status !== "draft") throw redirect(`/applications/${key}/payout`);
  const step = await getAccountStep({ key, ownerId: auth.user.id });
  if (!step) throw new Response("Not found", { status: 404 });
  const saved = new URL(args.request.url).searchParams.get("saved");
  return {
    appKey: key,
    locale,
    saved: saved === "matched" || saved === "unchecked" ? saved : null,
    ...step,
    formError: Boolean(args.context.formError),
  };
}

export const meta = paymentsMeta((t) => t.step.title);

const EMPTY = { bankCode: "", accountNumber: "", holderName: "" };

export async function action(args: ActionFunctionArgs) {
  const { auth, key } = await requireOwnedApplication(args, { forwardDraftKey: false });
  const form = await readForm(args.request);
  const parsed = AccountStepSchema.safeParse(form.ok ? form.data : {});
  if (!parsed.success) {
    markFormError(args.context);
    const message = { en: "Choose an account to use, or enter one.", ko: "사용할 계좌를 고르거나 입력하세요." };
    return data({ errors: { bankCode: message }, refused: null, values: EMPTY } satisfies AccountStepView["result"], { status: 400 });
  }
  const input = parsed.data;
  const values = input.intent === "save" ? { bankCode: input.bankCode, accountNumber: input.accountNumber, holderName: input.holderName } : EMPTY;
  const ownerId = auth.user.id;
  const result =
    input.intent === "reuse"
      ? await reusePayoutAccount({ key, ownerId, accountId: input.account })
      : await savePayoutAccount({ ref: key, ownerId, input: values });
  if (result.ok) return redirect(`/applications/${key}/account?saved=${result.payee}`);
  if (result.reason === "not_found" && input.intent === "save") throw new Response("Not found", { status: 404 });
  markFormError(args.context);
  if (result.reason === "not_found") {
    // A reused account that is not (or no longer) one of this business's: nothing saved.
    const refused = {
      en: "That account cannot be used here. Enter the account instead.",
      ko: "그 계좌는 여기에 사용할 수 없습니다. 계좌를 직접 입력하세요.",
    };
    return data({ errors: {}, refused, values } satisfies AccountStepView["result"], { status: 400 });
  }
  if (result.reason === "not_editable")
    return data({ errors: {}, refused: result.message, values } satisfies AccountStepView["result"], { status: 409 });
  return data({ errors: result.errors, refused: null, values } satisfies AccountStepView["result"], { status: 400 });
}

export default function AccountStepRoute() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as AccountStepView["result"] | undefined;
  return <AccountStep {...(view as unknown as AccountStepView)} result={result} />;
}
