import "~/modules/administration/admin.css";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DecideObjectionSchema, objectionStateName, OBJECTION_REASON_MAX } from "~/modules/objections";
import { SuccessNotice } from "~/modules/accounts";
import { AdminNav } from "~/modules/administration";
import { requireStaff } from "~/modules/accounts/index.server";
import { paymentsMeta } from "~/modules/payments";
import { decideObjectionAsStaff, getObjection } from "~/modules/objections/index.server";
import { ChoiceGroup, ErrorSummary, TextAreaField } from "~/shared/ui/form";
import { formatDate } from "~/shared/format";
import { markFormError, readForm } from "~/shared/form.server";
import { pick, text } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

function objectionId(params: LoaderFunctionArgs["params"]): number {
  if (!/^[1-9][0-9]{0,9}$/.test(params.id ?? "")) throw new Response("Not found", { status: 404 });
  return Number(params.id);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "caseworker", { asNotFound: true });
  const [objection, locale] = await Promise.all([getObjection(objectionId(params), auth.user), getLocale(request)]);
  if (!objection) throw new Response("Not found", { status: 404 });
  return { role: auth.user.role, objection, locale, notice: new URL(request.url).searchParams.get("notice"), formError: Boolean(context.formError) };
}

export const meta = paymentsMeta((t, d) => t.objections.detailTitle.replace("{{id}}", String(d?.objection?.id ?? "")));

type ActionData = { errors: Record<string, string>; refused?: { en: string; ko: string }; values: Record<string, string> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const auth = requireStaff({ request, context }, "caseworker", { asNotFound: true });
  const id = objectionId(params);
  const form = await readForm(request);
  const values = form.ok
    ? { decision: form.data.decision ?? "", reason: (form.data.reason ?? "").slice(0, OBJECTION_REASON_MAX + 100), version: form.data.version ?? "" }
    : { decision: "", reason: "", version: "" };
  const fail = (body: ActionData, status = 400) => {
    markFormError(context);
    return data(body, { status });
  };
  const parsed = DecideObjectionSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return fail({ errors, values });
  }
  const result = await decideObjectionAsStaff({
    id,
    staff: auth.user,
    decision: parsed.data.decision,
    reason: parsed.data.reason,
    version: parsed.data.version ?? null,
  });
  if (result.ok) return redirect(`/admin/objections/${id}?notice=${result.state}`);
  if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
  return fail({ errors: {}, refused: result.message, values }, result.code === "same_decider" ? 403 : 409);
}

export default function ObjectionPage() {
  const { role, objection: o, locale, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const err = (f: string) => (result?.errors[f] ? t(result.errors[f]!) : undefined);
  const summary = [
    ...Object.entries(result?.errors ?? {}).map(([field, key]) => ({ field, message: t(key) })),
    ...(result?.refused ? [{ field: "decision", message: text(result.refused, locale) }] : []),
  ];
  return (
    <div>
      <AdminNav role={role} />
      <ErrorSummary errors={summary} />
      <p>
        <Link to="/admin/objections">{t("payments.objections.back")}</Link>
      </p>
      <h1>{t("payments.objections.detailTitle", { id: o.id })}</h1>
      {notice === "upheld" || notice === "overturned" ? <SuccessNotice>{t(`payments.objections.notices.${notice}`)}</SuccessNotice> : null}
      <p className="portal-lead">
        {t(`payments.objections.kinds.${o.kind}`)} · <strong>{text(objectionStateName(o.state), locale)}</strong>
      </p>
      <dl className="portal-facts">
        <div>
          <dt>{t("payments.objections.application")}</dt>
          <dd>{o.reference ? <Link to={`/admin/applications/${o.reference}`}>{o.reference}</Link> : "—"}</dd>
        </div>
        <div>
          <dt>{t("payments.objections.business")}</dt>
          <dd>
            {o.trade_name} ({o.registration_number}) · {pick(o, "programme_name", locale)}
          </dd>
        </div>
        <div>
          <dt>{t("payments.objections.owner")}</dt>
          <dd>{o.owner_email}</dd>
        </div>
        <div>
          <dt>{t("payments.objections.columns.filed")}</dt>
          <dd>{t("payments.objections.deadline", { filed: formatDate(o.created_at, locale), deadline: formatDate(o.deadline, locale) })}</dd>
        </div>
      </dl>
      {o.rejection ? (
        <>
          <h2>{t("payments.objections.originalDecision")}</h2>
          <p className="portal-muted">
            {t("payments.objections.decidedBy", { email: o.original_decider_email ?? "—", date: formatDate(o.rejection.at, locale) })}
          </p>
          {o.rejection.code ? <p>{text(o.rejection.code, locale)}</p> : null}
          {o.rejection.text ? <p className="portal-message-body">{o.rejection.text}</p> : null}
        </>
      ) : null}
      <h2>{t("payments.objections.ownerReason")}</h2>
      <p className="portal-message-body">{o.reason}</p>
      <h2>{t("payments.objections.documents")}</h2>
      {o.documents.length === 0 ? (
        <p>{t("payments.objections.noDocuments")}</p>
      ) : (
        <ul>
          {o.documents.map((d) => (
            <li key={d.id}>
              <a href={`/admin/applications/${o.reference}/documents/${d.id}`}>{d.display_name}</a>
            </li>
          ))}
        </ul>
      )}
      {o.state !== "open" ? (
        <>
          <h2>{t("payments.objections.decision")}</h2>
          <p>
            {t("payments.objections.decided", {
              email: o.decided_by_email ?? "",
              date: o.decided_at ? formatDate(o.decided_at, locale) : "",
              state: text(objectionStateName(o.state), locale),
            })}
          </p>
          <p className="portal-message-body">{o.decision_reason}</p>
        </>
      ) : o.mayDecide ? (
        <section aria-labelledby="decide-heading">
          <h2 id="decide-heading">{t("payments.objections.decide")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="version" value={o.version} />
            <ChoiceGroup
              name="decision"
              legend={t("payments.objections.decision")}
              error={err("decision") ?? (result?.refused ? text(result.refused, locale) : undefined)}
              defaultValue={result?.values.decision}
              options={[
                { value: "uphold", label: t("payments.objections.uphold") },
                { value: "overturn", label: t("payments.objections.overturn") },
              ]}
            />
            <TextAreaField
              name="reason"
              label={t("payments.objections.reason")}
              rows={4}
              maxLength={OBJECTION_REASON_MAX}
              defaultValue={result?.values.reason}
              error={err("reason")}
            />
            <button type="submit" className="krds-btn medium primary">
              {t("payments.objections.submit")}
            </button>
          </Form>
        </section>
      ) : (
        <p className="portal-notice">{o.refusal ? text(o.refusal, locale) : ""}</p>
      )}
    </div>
  );
}
