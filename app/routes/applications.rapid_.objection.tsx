import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgrammeSlugSchema } from "~/modules/catalogue";
import { ListObjectionSchema, OBJECTION_REASON_MAX, objectionStateName } from "~/modules/objections";
import { requireOwner } from "~/modules/accounts/index.server";
import { formatBusinessNumber } from "~/modules/businesses";
import { rapidMeta } from "~/modules/rapid";
import { fileListObjection, getListObjectionPage } from "~/modules/objections/index.server";
import { ChoiceGroup, ErrorSummary, TextAreaField } from "~/shared/ui/form";
import { formatDate } from "~/shared/format";
import { markFormError, readForm } from "~/shared/form.server";
import { getLocale } from "~/shared/i18n.server";

/**
 * /applications/rapid/objection?programme=slug — an owner whose business is not on the programme's
 * verified list objects to that (이의신청) within 30 days of the list's publication, with a reason;
 * the page also shows their earlier objections of this kind with each decision and its reason.
 */

async function load(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const auth = requireOwner(args);
  const slug = ProgrammeSlugSchema.safeParse(new URL(args.request.url).searchParams.get("programme"));
  if (!slug.success) throw new Response("Not found", { status: 404 });
  const page = await getListObjectionPage({ ownerId: auth.user.id, programmeSlug: slug.data });
  if (!page) throw new Response("Not found", { status: 404 });
  return { auth, slug: slug.data, page };
}

export async function loader(args: LoaderFunctionArgs) {
  const { slug, page } = await load(args);
  const locale = await getLocale(args.request);
  const url = new URL(args.request.url);
  return {
    locale,
    slug,
    filed: url.searchParams.get("filed") === "1",
    programme: page.programme.name[locale],
    hasList: page.notifiedAt !== null,
    listedOn: page.notifiedAt ? formatDate(page.notifiedAt, locale) : null,
    deadline: page.deadline ? formatDate(page.deadline, locale) : null,
    windowOpen: page.windowOpen,
    businesses: page.businesses.map((b) => ({ id: b.id, name: b.trade_name, number: formatBusinessNumber(b.registration_number) })),
    objections: page.objections.map((o) => ({
      id: o.id,
      name: o.trade_name,
      state: objectionStateName(o.state)[locale],
      open: o.state === "open",
      filedOn: formatDate(o.created_at, locale),
      decidedOn: o.decided_at ? formatDate(o.decided_at, locale) : null,
      reason: o.decision_reason,
    })),
    formError: Boolean(args.context.formError),
  };
}

export const meta = rapidMeta((t) => t.listObjection.title);

type Field = "businessId" | "reason";

export async function action(args: ActionFunctionArgs) {
  const { auth, slug, page } = await load(args);
  const locale = await getLocale(args.request);
  const form = await readForm(args.request);
  const values = form.ok ? form.data : {};
  const kept = { businessId: String(values.businessId ?? ""), reason: String(values.reason ?? "").slice(0, OBJECTION_REASON_MAX + 100) };
  const fail = (errors: Array<{ field: Field; message: string }>, status = 400) => {
    markFormError(args.context);
    return data({ errors, values: kept }, { status });
  };
  const t = (en: string, ko: string) => (locale === "ko" ? ko : en);
  const parsed = ListObjectionSchema.safeParse(values);
  if (!parsed.success || !page.businesses.some((b) => b.id === parsed.data.businessId)) {
    const errors: Array<{ field: Field; message: string }> = [{ field: "businessId", message: t("Choose the business", "사업체를 선택하세요") }];
    if (!kept.reason.trim()) errors.push({ field: "reason", message: t("Enter why you object.", "이의신청 사유를 입력하세요.") });
    return fail(errors);
  }
  if (!page.notifiedAt)
    return fail(
      [{ field: "businessId", message: t("This programme has no verified list to object to.", "이 지원사업에는 이의신청할 검증 명단이 없습니다.") }],
      409,
    );
  const result = await fileListObjection({
    ownerId: auth.user.id,
    businessId: parsed.data.businessId,
    programmeId: page.programme.id,
    notifiedAt: page.notifiedAt,
    reason: parsed.data.reason,
  });
  if (result.ok) return redirect(`/applications/rapid/objection?programme=${slug}&filed=1`);
  if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
  const field: Field = result.code === "reason_required" || result.code === "reason_too_long" ? "reason" : "businessId";
  return fail([{ field, message: result.message[locale] }], field === "reason" ? 400 : 409);
}

export default function ListObjection() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const errorFor = (f: Field) => result?.errors.find((e) => e.field === f)?.message;
  const v = result?.values;
  return (
    <div>
      <ErrorSummary errors={result?.errors ?? []} />
      <p>
        <Link to={`/applications/rapid?programme=${d.slug}`}>{t("rapid.listObjection.back")}</Link>
      </p>
      <h1>{t("rapid.listObjection.title")}</h1>
      <p className="portal-lead">{t("rapid.listObjection.lead", { name: d.programme })}</p>
      {d.filed ? (
        <p className="portal-notice" role="status">
          {t("rapid.listObjection.filed")}
        </p>
      ) : null}
      {!d.hasList ? <p className="portal-notice">{t("rapid.listObjection.noList")}</p> : null}
      {d.hasList ? <p>{t("rapid.listObjection.window", { listedOn: d.listedOn, deadline: d.deadline })}</p> : null}
      {d.hasList && !d.windowOpen ? <p className="portal-notice">{t("rapid.listObjection.closed")}</p> : null}
      {d.hasList && d.windowOpen && d.businesses.length === 0 ? <p className="portal-notice">{t("rapid.listObjection.noBusiness")}</p> : null}
      {d.hasList && d.windowOpen && d.businesses.length > 0 ? (
        <Form method="post" noValidate>
          <ChoiceGroup
            name="businessId"
            legend={t("rapid.listObjection.business")}
            error={errorFor("businessId")}
            defaultValue={v?.businessId || (d.businesses.length === 1 ? String(d.businesses[0]!.id) : undefined)}
            options={d.businesses.map((b) => ({ value: String(b.id), label: `${b.name} (${b.number})` }))}
          />
          <TextAreaField
            name="reason"
            label={t("rapid.listObjection.reason")}
            hint={t("rapid.listObjection.reasonHint")}
            error={errorFor("reason")}
            rows={6}
            maxLength={OBJECTION_REASON_MAX}
            defaultValue={v?.reason}
          />
          <button type="submit" className="krds-btn large primary">
            {t("rapid.listObjection.submit")}
          </button>
        </Form>
      ) : null}
      {d.objections.length ? (
        <section aria-labelledby="your-objections">
          <h2 id="your-objections">{t("rapid.listObjection.yours")}</h2>
          <ul className="portal-messages">
            {d.objections.map((o) => (
              <li key={o.id}>
                <p>
                  <strong>{o.name}</strong> — {o.state}
                </p>
                <p className="portal-muted">
                  {o.decidedOn
                    ? t("rapid.listObjection.decidedOn", { filed: o.filedOn, decided: o.decidedOn })
                    : t("rapid.listObjection.filedOn", { filed: o.filedOn })}
                </p>
                {o.reason ? <p className="portal-message-body">{o.reason}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
