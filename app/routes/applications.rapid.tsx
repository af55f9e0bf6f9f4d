import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgrammeSlugSchema, formatDateEn, formatDateKo } from "~/modules/catalogue";
import { RapidApplySchema, rapidMeta } from "~/modules/rapid";
import { requireOwner } from "~/modules/accounts/index.server";
import { PayoutAccountFields } from "~/modules/payments";
import { formatBusinessNumber } from "~/modules/businesses";
import { isReference } from "~/modules/applications";
import { getRapidOutcome, getRapidPage, rapidApply } from "~/modules/rapid/index.server";
import { CheckboxField, ChoiceGroup, ErrorSummary } from "~/shared/ui/form";
import { formatKrw } from "~/shared/format";
import { markFormError, readForm } from "~/shared/form.server";
import type { Locale } from "~/shared/i18n";
import { getFixedT, getLocale } from "~/shared/i18n.server";

/**
 * /applications/rapid?programme=slug — the one-step application for businesses on a verified list.
 * After sending, `?programme=…&done=<reference>` shows the outcome (approved at once, or queued with
 * the reason). An owner with no listed business is told so and sent to the normal application.
 */

const dateIn = (d: string, locale: Locale) => (locale === "ko" ? formatDateKo(d) : formatDateEn(d));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireOwner({ request, context });
  const url = new URL(request.url);
  const slug = ProgrammeSlugSchema.safeParse(url.searchParams.get("programme"));
  if (!slug.success) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const page = await getRapidPage({ ownerId: auth.user.id, programmeSlug: slug.data });
  if (!page.ok) throw new Response("Not found", { status: 404 });
  const done = url.searchParams.get("done");
  const outcome = done && isReference(done) ? await getRapidOutcome({ ownerId: auth.user.id, reference: done }) : null;
  return {
    locale,
    slug: slug.data,
    programme: { name: page.programme.name[locale], open: page.programme.open },
    listed: page.listed.map((l) => ({
      businessId: l.businessId,
      tradeName: l.tradeName,
      number: formatBusinessNumber(l.registrationNumber),
      amount: formatKrw(l.amountKrw, locale),
      firstDay: dateIn(l.firstDay, locale),
      application: l.application,
      confirmed: l.confirmed,
      notYet: page.notYet[l.businessId]?.message[locale] ?? null,
    })),
    outcome: outcome
      ? {
          reference: outcome.reference!,
          outcome: outcome.outcome,
          amount: outcome.award_amount_krw !== null ? formatKrw(Number(outcome.award_amount_krw), locale) : null,
          reason: outcome.reason?.[locale] ?? null,
        }
      : null,
    formError: Boolean(context.formError),
  };
}

export const meta = rapidMeta((t) => t.apply.title);

type Field = "businessId" | "bankCode" | "accountNumber" | "holderName" | "declaration";

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireOwner({ request, context });
  const url = new URL(request.url);
  const slug = ProgrammeSlugSchema.safeParse(url.searchParams.get("programme"));
  if (!slug.success) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const form = await readForm(request);
  const values = form.ok ? form.data : {};
  const fail = (errors: Array<{ field: Field; message: string }>, status = 400, emailUnverified = false) => {
    markFormError(context);
    return data(
      {
        errors,
        emailUnverified,
        values: {
          bankCode: values.bankCode ?? "",
          accountNumber: values.accountNumber ?? "",
          holderName: values.holderName ?? "",
          businessId: values.businessId ?? "",
        },
      },
      { status },
    );
  };
  const t = (en: string, ko: string) => (locale === "ko" ? ko : en);
  const parsed = RapidApplySchema.safeParse(values);
  if (!parsed.success) return fail([{ field: "businessId", message: t("Choose the business", "사업체를 선택하세요") }]);
  const result = await rapidApply({
    ownerId: auth.user.id,
    programmeSlug: slug.data,
    businessId: parsed.data.businessId,
    account: { bankCode: parsed.data.bankCode, accountNumber: parsed.data.accountNumber, holderName: parsed.data.holderName },
    declared: parsed.data.declaration === "yes",
  });
  if (result.ok) return redirect(`/applications/rapid?programme=${slug.data}&done=${result.reference}`);
  switch (result.reason) {
    case "account":
      return fail(
        (["bankCode", "accountNumber", "holderName"] as const).flatMap((f) =>
          result.errors?.[f] ? [{ field: f, message: result.errors[f]![locale] }] : [],
        ),
      );
    case "declaration":
      return fail([{ field: "declaration", message: t("Tick the declaration to apply", "신청하려면 확인란에 표시하세요") }]);
    case "not_your_day":
      return fail([{ field: "businessId", message: result.message![locale] }], 409);
    case "ownership_unconfirmed": {
      const tr = await getFixedT(request);
      return fail([{ field: "businessId", message: tr("rapid.apply.errors.ownership_unconfirmed") }], 403);
    }
    case "email_unverified": {
      const tr = await getFixedT(request);
      return fail([{ field: "businessId", message: tr("rapid.apply.errors.email_unverified", { email: auth.user.email }) }], 403, true);
    }
    case "not_found":
      throw new Response("Not found", { status: 404 });
    default: {
      const words: Record<string, [string, string]> = {
        not_listed: ["This business is not on the verified list", "이 사업체는 검증 명단에 없습니다"],
        closed: ["This programme is not taking applications at the moment", "이 지원사업은 현재 신청을 받지 않습니다"],
        full: ["This programme has no places left", "이 지원사업은 모집 인원이 모두 찼습니다"],
        already_applied: ["This business already has an application to this programme", "이 사업체는 이미 이 사업에 신청했습니다"],
      };
      const [en, ko] = words[result.reason] ?? words.not_listed!;
      return fail([{ field: "businessId", message: t(en, ko) }], 409);
    }
  }
}

export default function RapidApplication() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const errorFor = (f: Field) => result?.errors.find((e) => e.field === f)?.message;

  if (d.outcome) {
    const approved = d.outcome.outcome === "approved";
    return (
      <div>
        <div className="portal-panel">
          <h1>{approved ? t("rapid.apply.approvedTitle") : t("rapid.apply.queuedTitle")}</h1>
          <p>{d.programme.name}</p>
          <p className="portal-panel-reference">{d.outcome.reference}</p>
        </div>
        <p>
          {approved
            ? t("rapid.apply.approved", { reference: d.outcome.reference, amount: d.outcome.amount })
            : t("rapid.apply.queued", { reference: d.outcome.reference })}
        </p>
        {!approved && d.outcome.reason ? <p>{d.outcome.reason}</p> : null}
        <p>
          <Link to={`/applications/${d.outcome.reference}`} className="krds-btn large primary">
            {t("rapid.apply.track")}
          </Link>
        </p>
      </div>
    );
  }

  if (d.listed.length === 0) {
    return (
      <div>
        <h1>{t("rapid.apply.notListedTitle")}</h1>
        <p>{t("rapid.apply.notListed", { name: d.programme.name })}</p>
        <p>
          <Link to={`/applications/new?programme=${d.slug}`} className="krds-btn medium primary">
            {t("rapid.apply.normalApply")}
          </Link>{" "}
          <Link to="/account/businesses/new" className="krds-btn medium secondary">
            {t("rapid.apply.addBusiness")}
          </Link>{" "}
          <Link to={`/applications/rapid/objection?programme=${d.slug}`} className="krds-btn medium tertiary">
            {t("rapid.apply.objectToList")}
          </Link>
        </p>
      </div>
    );
  }

  // Only a business proven to be the owner's may apply; the others say how to prove it.
  const open = d.listed.filter((l) => !l.application && l.confirmed);
  const unconfirmed = d.listed.filter((l) => !l.application && !l.confirmed);
  const v = result?.values;
  return (
    <div>
      <ErrorSummary errors={result?.errors ?? []} />
      {result?.emailUnverified ? (
        // The way out of this refusal, right where it is read: a new link, then back here.
        <Form method="post" action="/account/verify-email" className="portal-form-actions">
          <input type="hidden" name="redirectTo" value={`/applications/rapid?programme=${d.slug}`} />
          <button type="submit" className="krds-btn medium secondary">
            {t("security.verify.resend")}
          </button>
        </Form>
      ) : null}
      <h1>{t("rapid.apply.title")}</h1>
      <p className="portal-lead">{t("rapid.apply.lead", { name: d.programme.name })}</p>
      {d.listed
        .filter((l) => l.application?.reference)
        .map((l) => (
          <p key={l.businessId} className="portal-notice">
            {t("rapid.apply.alreadyApplied", { name: l.tradeName, reference: l.application!.reference })}{" "}
            <Link to={`/applications/${l.application!.reference}`}>{t("rapid.apply.track")}</Link>
          </p>
        ))}
      {d.listed
        .filter((l) => !l.application && l.notYet)
        .map((l) => (
          <div key={l.businessId} className="portal-notice" role="status">
            <h2>{t("rapid.apply.notYet")}</h2>
            <p>{l.notYet}</p>
          </div>
        ))}
      {unconfirmed.map((l) => (
        <div key={l.businessId} className="portal-notice">
          <p>{t("rapid.apply.ownershipNeeded", { name: l.tradeName, number: l.number })}</p>
          <p>
            <Link to={`/account/businesses/${l.businessId}/ownership?returnTo=${encodeURIComponent(`/applications/rapid?programme=${d.slug}`)}`}>
              {t("rapid.apply.ownershipLink", { name: l.tradeName })}
            </Link>
          </p>
        </div>
      ))}
      {!d.programme.open ? <p className="portal-notice">{t("rapid.apply.closed")}</p> : null}
      {open.length && d.programme.open ? (
        <Form method="post" noValidate>
          <ChoiceGroup
            name="businessId"
            legend={t("rapid.apply.business")}
            hint={t("rapid.apply.businessHint")}
            error={errorFor("businessId")}
            defaultValue={v?.businessId || (open.length === 1 ? String(open[0]!.businessId) : undefined)}
            options={open.map((l) => ({
              value: String(l.businessId),
              label: t("rapid.apply.businessOption", { name: l.tradeName, number: l.number, amount: l.amount }),
            }))}
          />
          <PayoutAccountFields values={v ?? {}} error={errorFor} locale={d.locale} />
          <CheckboxField name="declaration" value="yes" label={t("rapid.apply.declaration")} error={errorFor("declaration")} />
          <button type="submit" className="krds-btn large primary">
            {t("rapid.apply.submit")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
