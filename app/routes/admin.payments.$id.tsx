import "~/modules/administration/admin.css";
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminNav } from "~/modules/administration";
import { SuccessNotice } from "~/modules/accounts";
import { requireStaff } from "~/modules/accounts/index.server";
import { BatchLines, type ResultProblem, paymentsMeta } from "~/modules/payments";
import { cancelBatch, getBatch, importResultFile, MAX_RESULT_FILE_BYTES, releaseBatch } from "~/modules/payments/index.server";
import { ErrorSummary } from "~/shared/ui/form";
import { formatDate, formatNumber } from "~/shared/format";
import { markFormError, readForm } from "~/shared/form.server";
import { pick, text, type Locale } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";
import { sniffUploadContent } from "~/shared/upload-content";

function batchId(params: LoaderFunctionArgs["params"]): number {
  const id = Number(params.id);
  if (!/^[1-9][0-9]{0,9}$/.test(params.id ?? "") || !Number.isSafeInteger(id)) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "supervisor", { asNotFound: true });
  const id = batchId(params);
  const [batch, locale] = await Promise.all([getBatch(id, auth.user), getLocale(request)]);
  if (!batch) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  return {
    role: auth.user.role,
    batch,
    locale,
    notice: url.searchParams.get("notice"),
    paid: url.searchParams.get("paid"),
    failed: url.searchParams.get("failed"),
    formError: Boolean(context.formError),
  };
}

export const meta = paymentsMeta((t, d) => t.batch.title.replace("{{id}}", String(d?.batch?.id ?? "")));

type ActionData = { field: "confirm" | "file" | "form"; error?: string; refused?: { en: string; ko: string }; problems?: ResultProblem[] };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const auth = requireStaff({ request, context }, "supervisor", { asNotFound: true });
  const id = batchId(params);
  const fail = (body: ActionData, status = 400) => {
    markFormError(context);
    return data(body, { status });
  };
  const type = request.headers.get("content-type") ?? "";

  if (type.startsWith("multipart/form-data")) {
    const declared = Number(request.headers.get("content-length") ?? "NaN");
    if (!Number.isFinite(declared) || declared > MAX_RESULT_FILE_BYTES + 64 * 1024)
      return fail({ field: "file", error: "payments.batch.errors.fileTooLarge" }, 413);
    let files = 0;
    const handler = unstable_createMemoryUploadHandler({
      maxPartSize: MAX_RESULT_FILE_BYTES,
      filter: ({ filename }) => (filename === undefined ? true : ++files === 1),
    });
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(request, handler);
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return fail({ field: "file", error: "payments.batch.errors.fileTooLarge" }, 413);
      return fail({ field: "file", error: "payments.batch.errors.file" });
    }
    const file = form.get("file");
    // An empty file input sends a nameless, empty file: nothing chosen. A chosen file is judged by its bytes.
    if (!(file instanceof Blob) || (file.size === 0 && !file.name)) return fail({ field: "file", error: "payments.batch.errors.file" });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const holds = sniffUploadContent(bytes);
    if (holds === "empty") return fail({ field: "file", error: "payments.batch.errors.fileEmpty" });
    if (holds === "binary") return fail({ field: "file", error: "payments.batch.errors.fileNotText" });
    let content: string;
    try {
      content = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return fail({ field: "file", refused: { en: "The result file is not UTF-8 text.", ko: "결과 파일이 UTF-8 텍스트가 아닙니다." } });
    }
    const result = await importResultFile({ batchId: id, staff: auth.user, text: content });
    if (result.ok) return redirect(`/admin/payments/${id}?notice=imported&paid=${result.paidCount}&failed=${result.failedCount}`);
    if (result.reason === "invalid") return fail({ field: "file", problems: result.problems });
    if (result.reason === "refused") return fail({ field: "file", refused: result.message }, 409);
    throw new Response("Not found", { status: 404 });
  }

  const form = await readForm(request);
  const values = form.ok ? form.data : {};
  if (values.intent === "release") {
    if (values.confirm !== "yes") return fail({ field: "confirm", error: "payments.batch.errors.confirm" });
    const version = /^\d+$/.test(values.version ?? "") ? Number(values.version) : null;
    const result = await releaseBatch({ batchId: id, staff: auth.user, version });
    if (result.ok) return redirect(`/admin/payments/${id}?notice=released`);
    if (result.reason === "refused") return fail({ field: "form", refused: result.message }, result.code === "own_batch" ? 403 : 409);
    throw new Response("Not found", { status: 404 });
  }
  if (values.intent === "cancel") {
    const result = await cancelBatch({ batchId: id, staff: auth.user });
    if (result.ok) return redirect(`/admin/payments/${id}?notice=cancelled`);
    if (result.reason === "refused") return fail({ field: "form", refused: result.message }, 409);
    throw new Response("Not found", { status: 404 });
  }
  return fail({ field: "form", refused: { en: "Unknown action.", ko: "알 수 없는 작업입니다." } });
}

function problemsList(problems: ResultProblem[], locale: Locale) {
  return problems.map((p) => text(p.message, locale));
}

export default function BatchPage() {
  const { role, batch, locale, notice, paid, failed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const errors = [
    ...(result?.error ? [{ field: result.field === "form" ? "batch-actions" : result.field, message: t(result.error) }] : []),
    ...(result?.refused ? [{ field: result.field === "form" ? "batch-actions" : result.field, message: text(result.refused, locale) }] : []),
    ...(result?.problems ? problemsList(result.problems, locale).map((message) => ({ field: "file", message })) : []),
  ];
  const who = (email: string | null, at: string | null, key: "builtBy" | "releasedBy" | "settledBy" | "cancelledBy") =>
    email && at ? <p>{t(`payments.batch.${key}`, { email, date: formatDate(at, locale) })}</p> : null;
  return (
    <div>
      <AdminNav role={role} />
      <ErrorSummary errors={errors} />
      <p>
        <Link to="/admin/payments">{t("payments.batch.back")}</Link>
      </p>
      <h1>{t("payments.batch.title", { id: batch.id })}</h1>
      {notice === "built" ? (
        <SuccessNotice>
          {t("payments.batch.notices.built", { n: formatNumber(batch.payment_count, locale), total: formatNumber(batch.total_krw, locale) })}
        </SuccessNotice>
      ) : null}
      {notice === "released" ? <SuccessNotice>{t("payments.batch.notices.released")}</SuccessNotice> : null}
      {notice === "cancelled" ? <SuccessNotice>{t("payments.batch.notices.cancelled")}</SuccessNotice> : null}
      {notice === "imported" ? (
        <SuccessNotice>{t("payments.batch.notices.imported", { paid: paid ?? "0", failed: failed ?? "0" })}</SuccessNotice>
      ) : null}
      <p className="portal-lead">
        {pick(batch, "programme_name", locale)} · <strong>{t(`payments.admin.states.${batch.state}`)}</strong>
      </p>
      <dl className="portal-stats">
        <div>
          <dt>{t("payments.batch.count")}</dt>
          <dd>{formatNumber(batch.payment_count, locale)}</dd>
        </div>
        <div>
          <dt>{t("payments.batch.total")}</dt>
          <dd>{formatNumber(batch.total_krw, locale)}</dd>
        </div>
        <div>
          <dt>{t("payments.batch.paidCount")}</dt>
          <dd>
            {formatNumber(batch.paid_count, locale)} ({formatNumber(batch.paid_krw, locale)})
          </dd>
        </div>
        <div>
          <dt>{t("payments.batch.failedCount")}</dt>
          <dd>
            {formatNumber(batch.failed_count, locale)} ({formatNumber(batch.failed_krw, locale)})
          </dd>
        </div>
      </dl>
      {who(batch.built_by_email, batch.built_at, "builtBy")}
      {who(batch.released_by_email, batch.released_at, "releasedBy")}
      {who(batch.settled_by_email, batch.settled_at, "settledBy")}
      {who(batch.cancelled_by_email, batch.cancelled_at, "cancelledBy")}

      <section id="batch-actions" tabIndex={-1} aria-label={t("payments.batch.totals")}>
        {batch.state === "built" && batch.ownBatch ? <p className="portal-notice">{t("payments.batch.ownBatch")}</p> : null}
        {batch.actions.includes("release") ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="release" />
            <input type="hidden" name="version" value={batch.version} />
            <div className="form-group">
              {result?.field === "confirm" && result.error ? (
                <p className="form-hint-invalid" id="confirm-error">
                  {t(result.error)}
                </p>
              ) : null}
              <div className="krds-form-check">
                <input
                  type="checkbox"
                  id="confirm"
                  name="confirm"
                  value="yes"
                  aria-describedby={result?.field === "confirm" ? "confirm-error" : undefined}
                />
                <label htmlFor="confirm">{t("payments.batch.releaseConfirm")}</label>
              </div>
            </div>
            <button type="submit" className="krds-btn medium primary">
              {t("payments.batch.release")}
            </button>
          </Form>
        ) : null}
        {batch.actions.includes("cancel") ? (
          <Form method="post" className="portal-inline-form">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="krds-btn medium secondary">
              {t("payments.batch.cancel")}
            </button>
          </Form>
        ) : null}
        {batch.actions.includes("download") ? (
          <p>
            <a href={`/admin/payments/${batch.id}/transfer.csv`} download className="krds-btn medium secondary">
              {t("payments.batch.download")}
            </a>
          </p>
        ) : null}
      </section>

      {batch.actions.includes("import") ? (
        <section aria-labelledby="import-heading">
          <h2 id="import-heading">{t("payments.batch.import")}</h2>
          {result?.problems ? (
            <div className="portal-notice" role="alert">
              <p>
                <strong>{t("payments.batch.errors.refusedTitle")}</strong>
              </p>
              <ul>
                {problemsList(result.problems, locale).map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <Form method="post" encType="multipart/form-data" noValidate>
            <div className="form-group">
              <div className="form-tit">
                <label htmlFor="file">{t("payments.batch.importFile")}</label>
              </div>
              <p className="form-hint" id="file-hint">
                {t("payments.batch.importHint")}
              </p>
              <div className={`form-conts${result?.field === "file" ? " is-error" : ""}`}>
                <input
                  type="file"
                  id="file"
                  name="file"
                  accept=".csv,text/csv"
                  aria-describedby="file-hint"
                  aria-invalid={result?.field === "file" ? true : undefined}
                />
              </div>
            </div>
            <button type="submit" className="krds-btn medium primary">
              {t("payments.batch.importButton")}
            </button>
          </Form>
        </section>
      ) : null}

      <BatchLines payments={batch.payments} locale={locale} />
    </div>
  );
}
