import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOwner } from "~/modules/accounts/index.server";
import { MAX_DOCUMENT_BYTES, isReference } from "~/modules/applications";
import { OBJECTION_DOCUMENTS_MAX, OBJECTION_REASON_MAX } from "~/modules/objections";
import { paymentsMeta } from "~/modules/payments";
import { fileObjection, getOwnerObjections, type UploadedFile } from "~/modules/objections/index.server";
import { ErrorSummary, TextAreaField } from "~/shared/ui/form";
import { formatDate } from "~/shared/format";
import { markFormError, readForm } from "~/shared/form.server";
import { readMultipart } from "~/shared/multipart.server";
import { text } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

/** /applications/:ref/objection: an owner objects to a rejection (이의신청), with documents. */
async function load(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const auth = requireOwner(args);
  const ref = args.params.ref ?? "";
  if (!isReference(ref)) throw new Response("Not found", { status: 404 });
  const ctx = await getOwnerObjections({ ref, ownerId: auth.user.id });
  if (!ctx) throw new Response("Not found", { status: 404 });
  return { auth, ref, ctx };
}

export async function loader(args: LoaderFunctionArgs) {
  const { ref, ctx } = await load(args);
  // Nothing to object to (or already objected, or too late): the page says so and links back. (No
  // redirect: the loader also runs after a refused post, whose message must be shown.)
  return {
    ref,
    deadline: ctx.canObject?.deadline ?? null,
    windowClosed: ctx.windowClosed,
    locale: await getLocale(args.request),
    formError: Boolean(args.context.formError),
  };
}

export const meta = paymentsMeta((t, d) => t.objection.title.replace("{{reference}}", d?.ref ?? ""));

const MAX_REQUEST = OBJECTION_DOCUMENTS_MAX * MAX_DOCUMENT_BYTES + 64 * 1024;

type ActionData = {
  field: "reason" | "files";
  error?: string;
  file?: string;
  refused?: { en: string; ko: string };
  reason: string;
};

export async function action(args: ActionFunctionArgs) {
  const { auth, ref } = await load(args);
  const fail = (body: ActionData, status = 400) => {
    markFormError(args.context);
    return data(body, { status });
  };
  const type = args.request.headers.get("content-type") ?? "";
  const declared = Number(args.request.headers.get("content-length") ?? "NaN");
  if (!Number.isFinite(declared) || declared > MAX_REQUEST)
    return fail(
      {
        field: "files",
        error: "payments.objection.errors.tooLarge",
        reason: "",
      },
      413,
    );
  let reason: string;
  const files: UploadedFile[] = [];
  if (type.startsWith("multipart/form-data")) {
    // One file more than allowed is kept, so the service can say "too many" rather than drop one.
    const form = await readMultipart(args.request, { maxFileBytes: MAX_DOCUMENT_BYTES, maxFiles: OBJECTION_DOCUMENTS_MAX + 1 });
    if (!form.ok) {
      return form.reason === "too_large"
        ? fail({ field: "files", error: "payments.objection.errors.too_large", reason: "" }, 413)
        : fail({ field: "reason", error: "payments.objection.errors.reason", reason: "" });
    }
    reason = form.fields.get("reason") ?? "";
    // An empty file input sends one nameless, empty part: no document.
    for (const f of form.files) if (f.field === "files" && (f.bytes.length > 0 || f.name)) files.push({ name: f.name, bytes: f.bytes });
  } else {
    const form = await readForm(args.request);
    reason = form.ok ? (form.data.reason ?? "") : "";
  }
  reason = reason.slice(0, OBJECTION_REASON_MAX + 100);
  if (!reason.trim())
    return fail({
      field: "reason",
      error: "payments.objection.errors.reason",
      reason,
    });
  if (reason.trim().length > OBJECTION_REASON_MAX)
    return fail({
      field: "reason",
      error: "payments.objection.errors.tooLong",
      reason,
    });
  const result = await fileObjection({
    ref,
    ownerId: auth.user.id,
    reason,
    files,
  });
  if (result.ok) return redirect(`/applications/${ref}?notice=objected`);
  if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
  if (result.reason === "document")
    return fail({
      field: "files",
      error: `payments.objection.errors.${result.code}`,
      file: result.file,
      reason,
    });
  return fail({ field: "reason", refused: result.message, reason }, 409);
}

export default function ObjectionPage() {
  const { ref, deadline, windowClosed, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const message = result?.error ? t(result.error, { file: result.file ?? "" }) : result?.refused ? text(result.refused, locale) : undefined;
  return (
    <div>
      <ErrorSummary errors={message && result ? [{ field: result.field, message }] : []} />
      <p>
        <Link to={`/applications/${ref}`}>{t("payments.payout.back")}</Link>
      </p>
      <h1>{t("payments.objection.title", { reference: ref })}</h1>
      <p className="portal-lead">{t("payments.objection.lead")}</p>
      {deadline ? (
        <p>
          {t("payments.objection.deadline", {
            date: formatDate(deadline, locale),
          })}
        </p>
      ) : null}
      {!deadline && !result ? (
        <p className="portal-notice">{windowClosed ? t("payments.track.objectClosed") : t("payments.objection.nothing")}</p>
      ) : null}
      {deadline || result ? (
        <Form method="post" encType="multipart/form-data" noValidate>
          <TextAreaField
            name="reason"
            label={t("payments.objection.reason")}
            hint={t("payments.objection.reasonHint")}
            rows={6}
            maxLength={OBJECTION_REASON_MAX}
            defaultValue={result?.reason}
            error={result?.field === "reason" ? message : undefined}
          />
          <div className="form-group">
            <div className="form-tit">
              <label htmlFor="files">{t("payments.objection.files")}</label>
            </div>
            <p className="form-hint" id="files-hint">
              {t("payments.objection.filesHint")}
            </p>
            {result?.field === "files" && message ? (
              <p className="form-hint-invalid" id="files-error">
                {message}
              </p>
            ) : null}
            <div className={`form-conts${result?.field === "files" ? " is-error" : ""}`}>
              <input
                type="file"
                id="files"
                name="files"
                multiple
                accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
                aria-describedby={`files-hint${result?.field === "files" ? " files-error" : ""}`}
                aria-invalid={result?.field === "files" ? true : undefined}
              />
            </div>
          </div>
          <button type="submit" className="krds-btn large primary">
            {t("payments.objection.submit")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
