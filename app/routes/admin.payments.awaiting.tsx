import "~/modules/administration/admin.css";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AwaitingList, paymentsMeta, RetryPaymentSchema } from "~/modules/payments";
import { AdminNav } from "~/modules/administration";
import { SuccessNotice } from "~/modules/accounts";
import { requireStaff } from "~/modules/accounts/index.server";
import { listAwaitingAccounts, listPayingProgrammes, retryFailedPayment } from "~/modules/payments/index.server";
import { ErrorSummary, SelectField } from "~/shared/ui/form";
import { markFormError, readForm } from "~/shared/form.server";
import { pick, text } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

/**
 * /admin/payments/awaiting?programme=<slug>: supervisors see a programme's applications awaiting a
 * new account after a failed payment and may retry one to the same account, with a reason.
 * Everyone else gets 404.
 */
const QuerySchema = z.object({ programme: z.string().max(80).optional(), retried: z.string().max(40).optional() });

async function load(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const auth = requireStaff(args, "supervisor", { asNotFound: true });
  const url = new URL(args.request.url);
  const query = QuerySchema.safeParse(Object.fromEntries(url.searchParams));
  const programmes = await listPayingProgrammes();
  const slug = (query.success ? query.data.programme : undefined) ?? programmes[0]?.slug ?? "";
  const list = slug ? await listAwaitingAccounts({ staff: auth.user, programmeSlug: slug }) : null;
  return { auth, programmes, slug, list, retried: query.success ? (query.data.retried ?? null) : null };
}

export async function loader(args: LoaderFunctionArgs) {
  const { auth, programmes, slug, list, retried } = await load(args);
  const locale = await getLocale(args.request);
  return {
    role: auth.user.role,
    programmes: programmes.map((p) => ({ slug: p.slug, name_en: p.name_en, name_ko: p.name_ko })),
    slug,
    list,
    retried,
    locale,
    formError: Boolean(args.context.formError),
  };
}

export const meta = paymentsMeta((t) => t.awaiting.link);

type ActionData = { failureId: string; reason: string; error?: string; refused?: { en: string; ko: string } };

export async function action(args: ActionFunctionArgs) {
  const { auth, slug } = await load(args);
  const form = await readForm(args.request);
  const raw = form.ok ? form.data : {};
  const values = { failureId: (raw.failureId ?? "").slice(0, 20), reason: (raw.reason ?? "").slice(0, 2_000) };
  const fail = (body: ActionData, status = 400) => {
    markFormError(args.context);
    return data(body, { status });
  };
  const parsed = RetryPaymentSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues.find((i) => i.path[0] === "reason") ?? parsed.error.issues[0]!;
    return fail({ ...values, error: issue.message });
  }
  const result = await retryFailedPayment({ staff: auth.user, failureId: parsed.data.failureId, reason: parsed.data.reason });
  if (result.ok) return redirect(`/admin/payments/awaiting?programme=${encodeURIComponent(slug)}&retried=${encodeURIComponent(result.reference)}`);
  if (result.reason === "invalid") return fail({ ...values, error: result.errors.reason });
  if (result.reason !== "refused") {
    if (result.reason === "forbidden") throw new Response("Not found", { status: 404 });
    return fail({ ...values, error: "payments.awaiting.errors.failure" }, 404);
  }
  return fail({ ...values, refused: result.message }, 409);
}

export default function AwaitingAccountsPage() {
  const { role, programmes, slug, list, retried, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const message = result?.refused ? text(result.refused, locale) : result?.error ? t(result.error) : undefined;
  const summary = message && result ? [{ field: `reason-${result.failureId}`, message }] : [];
  const programme = list?.programme;
  return (
    <div>
      <AdminNav role={role} />
      <ErrorSummary errors={summary} />
      <p>
        <Link to="/admin/payments">{t("payments.awaiting.back")}</Link>
      </p>
      <h1>{t("payments.awaiting.title", { programme: programme ? pick(programme, "name", locale) : "—" })}</h1>
      {retried ? <SuccessNotice>{t("payments.awaiting.retried", { reference: retried })}</SuccessNotice> : null}
      <p className="portal-lead">{t("payments.awaiting.lead")}</p>
      <Form method="get">
        <SelectField
          name="programme"
          label={t("payments.awaiting.programme")}
          defaultValue={slug}
          error={slug && !list ? t("payments.awaiting.errors.programme") : undefined}
          options={programmes.map((p) => ({ value: p.slug, label: pick(p, "name", locale) }))}
        />
        <button type="submit" className="krds-btn medium secondary">
          {t("payments.awaiting.show")}
        </button>
      </Form>
      {list ? (
        <>
          <AwaitingList rows={list.rows} locale={locale} failed={result && message ? { ...result, error: message } : undefined} />
          {list.rows.length >= list.limit ? <p>{t("payments.awaiting.more", { count: list.limit })}</p> : null}
        </>
      ) : null}
    </div>
  );
}
