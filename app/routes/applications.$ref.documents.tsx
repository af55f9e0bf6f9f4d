import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { RemoveDocumentSchema, checkFileBeforeUpload, MAX_DOCUMENT_BYTES, type FileProblem, applicationsMeta } from "~/modules/applications";
import { requireOwnedApplication, addDocument, removeDocument } from "~/modules/applications/index.server";
import { ErrorSummary, SelectField } from "~/shared/ui/form";
import { markFormError, readForm } from "~/shared/form.server";
import { readMultipart } from "~/shared/multipart.server";
import { text } from "~/shared/i18n";

/** A request may carry one document and a few small fields; anything larger is refused unread. */
const MAX_UPLOAD_REQUEST_BYTES = MAX_DOCUMENT_BYTES + 64 * 1024;

export async function loader(args: LoaderFunctionArgs) {
  const { app, locale, key } = await requireOwnedApplication(args);
  const editable = app.status === "draft" || app.status === "info_requested";
  if (!editable) throw redirect(`/applications/${key}`);
  const url = new URL(args.request.url);
  return {
    key,
    canRemove: app.status === "draft",
    // While information is requested, what the caseworker asked stands at the top of this page too.
    request: app.status === "info_requested" ? (app.messages.filter((m) => m.author_role !== "owner").at(-1)?.body ?? null) : null,
    needs: app.documentNeeds.map((d) => ({
      code: d.code,
      name: text(d.name, locale),
      needed: d.needed,
      uploaded: app.documents
        .filter((doc) => doc.requirement_code === d.code)
        .map((doc) => ({ id: doc.id, name: doc.display_name, size: doc.size_bytes })),
    })),
    others: app.documents
      .filter((doc) => !app.documentNeeds.some((d) => d.code === doc.requirement_code))
      .map((doc) => ({ id: doc.id, name: doc.display_name, size: doc.size_bytes })),
    added: url.searchParams.get("added"),
    formError: Boolean(args.context.formError),
  };
}

export const meta = applicationsMeta((t) => t.documents.title);

type UploadError = "missing" | "empty" | "too_large" | "wrong_type" | "too_many" | "unknown_requirement" | "not_editable";

export async function action(args: ActionFunctionArgs) {
  const { auth, key } = await requireOwnedApplication(args, { forwardDraftKey: false });
  const type = args.request.headers.get("content-type") ?? "";
  // The chosen document type comes back with the error, so the owner does not choose it twice.
  let requirementCode: string | null = null;
  const fail = (error: UploadError, status = 400) => {
    markFormError(args.context);
    return data({ error, requirementCode }, { status });
  };

  if (!type.startsWith("multipart/form-data")) {
    // Removing a document is a small ordinary form.
    const form = await readForm(args.request);
    const parsed = RemoveDocumentSchema.safeParse(form.ok ? form.data : {});
    if (!parsed.success) return fail("missing");
    const removed = await removeDocument({ key, ownerId: auth.user.id, documentId: parsed.data.documentId });
    if (!removed.ok) return fail("not_editable", 409);
    return redirect(`/applications/${key}/documents`);
  }

  const declared = Number(args.request.headers.get("content-length") ?? "NaN");
  if (!Number.isFinite(declared) || declared > MAX_UPLOAD_REQUEST_BYTES) return fail("too_large", 413);
  // One file per request: further file parts are skipped before they are buffered.
  const form = await readMultipart(args.request, { maxFileBytes: MAX_DOCUMENT_BYTES, maxFiles: 1 });
  if (!form.ok) return form.reason === "too_large" ? fail("too_large", 413) : fail("missing");
  const file = form.files.find((f) => f.field === "file");
  requirementCode = (form.fields.get("requirementCode") ?? "").slice(0, 64);
  if (!file || (file.bytes.length === 0 && !file.name)) return fail("missing");
  const bytes = file.bytes;
  const result = await addDocument({ key, ownerId: auth.user.id, requirementCode, fileName: file.name, bytes });
  if (result.ok) {
    const name = encodeURIComponent(file.name.split(/[\\/]/).pop()!.slice(0, 120));
    return redirect(`/applications/${key}/documents?added=${name}`);
  }
  if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
  return fail(result.reason, result.reason === "not_editable" ? 409 : 400);
}

export default function DocumentsStep() {
  const { key, needs, others, canRemove, added, request } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const uploading = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";
  // Checked in the browser before a slow phone sends 10 MB for nothing; the server checks again.
  const [clientProblem, setClientProblem] = useState<FileProblem | null>(null);
  const problem = clientProblem ?? result?.error;
  const error = problem ? t(`applications.documents.errors.${problem}`) : undefined;
  const field = problem === "unknown_requirement" ? "requirementCode" : "file";
  const checkChosenFile = (input: HTMLInputElement | null): FileProblem | null => {
    const file = input?.files?.[0];
    const found = file ? checkFileBeforeUpload(file) : null;
    setClientProblem(found);
    return found;
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const input = event.currentTarget.elements.namedItem("file") as HTMLInputElement | null;
    if (checkChosenFile(input)) event.preventDefault();
  };
  const chosenType =
    result?.requirementCode && [...needs.map((n) => n.code), "other"].includes(result.requirementCode) ? result.requirementCode : null;
  const uploadedList = (docs: Array<{ id: number; name: string; size: number }>) =>
    docs.map((doc) => (
      <li key={doc.id} className="portal-document">
        <a href={`/applications/${key}/documents/${doc.id}`} download>
          {doc.name}
        </a>{" "}
        <span className="portal-muted">{t("applications.documents.size", { size: Math.ceil(doc.size / 1024) })}</span>
        {canRemove ? (
          <Form method="post" className="portal-inline-form">
            <input type="hidden" name="intent" value="remove" />
            <input type="hidden" name="documentId" value={doc.id} />
            <button type="submit" className="krds-btn small secondary">
              {t("applications.documents.remove", { name: doc.name })}
            </button>
          </Form>
        ) : null}
      </li>
    ));
  return (
    <div>
      <ErrorSummary errors={error ? [{ field, message: error }] : []} />
      <p>
        <Link to={`/applications/${key}`}>{t("applications.tasks.back")}</Link>
      </p>
      <h1>{t("applications.documents.title")}</h1>
      {request ? (
        <section className="portal-callout" aria-labelledby="request-heading">
          <h2 id="request-heading">{t("applications.documents.request")}</h2>
          <blockquote className="portal-request">
            <p className="portal-message-body">{request}</p>
          </blockquote>
          <p>
            <Link to={`/applications/${key}#reply-heading`}>{t("applications.documents.requestThen")}</Link>
          </p>
        </section>
      ) : null}
      <p>{t("applications.documents.lead")}</p>
      {added ? (
        <p className="portal-notice" role="status">
          {t("applications.documents.added", { name: added })}
        </p>
      ) : null}
      <ul className="portal-cards">
        {needs.map((need) => (
          <li key={need.code} className="portal-card" id={`need-${need.code}`}>
            <h2>{need.name}</h2>
            <p>
              {/* "Needed" becomes "Uploaded" as soon as a file is there. */}
              <span
                className={`krds-badge ${need.uploaded.length ? "bg-light-success" : need.needed === "yes" ? "bg-light-warning" : "bg-light-gray"}`}
              >
                {t(
                  `applications.documents.${need.uploaded.length ? "uploaded" : need.needed === "yes" ? "needed" : need.needed === "maybe" ? "maybe" : "notNeeded"}`,
                )}
              </span>
            </p>
            {need.uploaded.length ? (
              <ul className="portal-plain-list">{uploadedList(need.uploaded)}</ul>
            ) : (
              <p className="portal-muted">{t("applications.documents.none")}</p>
            )}
          </li>
        ))}
      </ul>
      {others.length ? (
        <>
          <h2>{t("applications.documents.other")}</h2>
          <ul className="portal-plain-list">{uploadedList(others)}</ul>
        </>
      ) : null}

      <h2>{t("applications.documents.upload")}</h2>
      <Form method="post" encType="multipart/form-data" noValidate onSubmit={onSubmit} aria-busy={uploading || undefined}>
        <SelectField
          key={chosenType ?? "default"}
          name="requirementCode"
          label={t("applications.documents.which")}
          error={field === "requirementCode" ? error : undefined}
          defaultValue={chosenType ?? needs.find((n) => n.needed === "yes" && n.uploaded.length === 0)?.code ?? needs[0]?.code ?? "other"}
          options={[...needs.map((n) => ({ value: n.code, label: n.name })), { value: "other", label: t("applications.documents.other") }]}
        />
        <div className="form-group">
          <div className="form-tit">
            <label htmlFor="file">{t("applications.documents.file")}</label>
          </div>
          <p className="form-hint" id="file-hint">
            {t("applications.documents.fileHint")}
          </p>
          {field === "file" && error ? (
            <p className="form-hint-invalid" id="file-error">
              {error}
            </p>
          ) : null}
          <div className={`form-conts${field === "file" && error ? " is-error" : ""}`}>
            <input
              type="file"
              id="file"
              name="file"
              accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
              aria-describedby={`file-hint${field === "file" && error ? " file-error" : ""}`}
              aria-invalid={field === "file" && error ? true : undefined}
              className="portal-file-input"
              onChange={(e) => checkChosenFile(e.currentTarget)}
            />
          </div>
        </div>
        <button type="submit" className="krds-btn medium secondary" disabled={uploading} aria-disabled={uploading || undefined}>
          {uploading ? t("applications.documents.uploading") : t("applications.documents.upload")}
        </button>
        {uploading ? (
          <p className="portal-muted" role="status">
            {t("applications.documents.uploadingHint")}
          </p>
        ) : null}
      </Form>
      <p>
        <Link to={`/applications/${key}`} className="krds-btn large primary">
          {t("forms.continue")}
        </Link>
      </p>
    </div>
  );
}
