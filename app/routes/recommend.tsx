import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/shared/ui/form";
import { markFormError, readForm } from "~/shared/form.server";
import { pick } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";
import { rapidMeta } from "~/modules/rapid";
import { listProgrammes } from "~/modules/catalogue/index.server";
import { recommend, type RecommendField } from "~/modules/recommendations/index.server";

/**
 * /recommend — anyone recommends a business for a programme (no account). The thank-you page says
 * nothing about the business, so the form cannot be used to learn whether a number is known.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const [locale, programmes] = await Promise.all([getLocale(request), listProgrammes()]);
  const url = new URL(request.url);
  return {
    locale,
    programmes: programmes.map((p) => ({ slug: p.slug, name_en: p.name_en, name_ko: p.name_ko })),
    thanks: url.searchParams.has("thanks"),
    programme: url.searchParams.get("programme") ?? "",
    formError: Boolean(context.formError),
  };
}

export const meta = rapidMeta((t) => t.recommend.title);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, 8 * 1024);
  const values = form.ok ? form.data : {};
  const kept = { programme: values.programme ?? "", number: (values.number ?? "").slice(0, 40), reason: (values.reason ?? "").slice(0, 2000) };
  if (!form.ok) {
    markFormError(context);
    return data({ errors: { reason: "reason" } as Record<string, string>, values: kept, limited: null as number | null }, { status: 413 });
  }
  const result = await recommend({ programmeSlug: kept.programme, registrationNumber: kept.number, reason: kept.reason, ip: context.clientIp });
  if (result.ok) return redirect("/recommend?thanks=1");
  markFormError(context);
  if ("limited" in result) return data({ errors: {} as Record<string, string>, values: kept, limited: result.retryAfterMinutes }, { status: 429 });
  return data({ errors: result.errors as Record<string, string>, values: kept, limited: null as number | null }, { status: 400 });
}

export default function Recommend() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  if (d.thanks) {
    return (
      <div>
        <div className="portal-panel">
          <h1>{t("rapid.recommend.thanksTitle")}</h1>
          <p>{t("rapid.recommend.thanks")}</p>
        </div>
        <p>
          <Link to="/recommend">{t("rapid.recommend.another")}</Link>
        </p>
      </div>
    );
  }
  const message = (field: RecommendField) => {
    const code = result?.errors[field];
    return code ? t(`rapid.recommend.errors.${code as "programme"}`) : undefined;
  };
  const errors = (["programme", "number", "reason"] as const).flatMap((f) => (message(f) ? [{ field: f, message: message(f)! }] : []));
  if (result?.limited) errors.push({ field: "reason", message: t("rapid.recommend.errors.limited", { minutes: result.limited }) });
  const v = result?.values;
  return (
    <div>
      <ErrorSummary errors={errors} />
      <h1>{t("rapid.recommend.title")}</h1>
      <p className="portal-lead">{t("rapid.recommend.lead")}</p>
      <Form method="post" noValidate>
        <SelectField
          name="programme"
          label={t("rapid.recommend.programme")}
          error={message("programme")}
          defaultValue={v?.programme ?? d.programme}
          placeholder=""
          options={d.programmes.map((p) => ({ value: p.slug, label: pick(p, "name", d.locale) }))}
        />
        <TextField
          name="number"
          label={t("rapid.recommend.number")}
          hint={t("rapid.recommend.numberHint")}
          error={message("number")}
          inputMode="numeric"
          autoComplete="off"
          defaultValue={v?.number ?? ""}
        />
        <TextAreaField
          name="reason"
          label={t("rapid.recommend.reason")}
          hint={t("rapid.recommend.reasonHint")}
          error={message("reason") ?? (result?.limited ? t("rapid.recommend.errors.limited", { minutes: result.limited }) : undefined)}
          maxLength={1000}
          defaultValue={v?.reason ?? ""}
        />
        <button type="submit" className="krds-btn large primary">
          {t("rapid.recommend.send")}
        </button>
      </Form>
    </div>
  );
}
