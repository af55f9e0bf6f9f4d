import "~/modules/administration/admin.css";
import path from "node:path";
import { rm } from "node:fs/promises";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  VerifiedListUploadSchema,
  rapidMeta,
  uploadFieldMessage,
  uploadTooLarge,
  LIST_FILE_REFUSALS,
  MAX_UPLOAD_MB,
  ImportsTable,
} from "~/modules/rapid";
import { requireStaff } from "~/modules/accounts/index.server";
import { AdminNav } from "~/modules/administration";
import {
  sendEntitlementNotices,
  kickImports,
  receiveListUpload,
  createImport,
  listImports,
  listSummaries,
  MAX_UPLOAD_BYTES,
  VERIFIED_LIST_COLUMNS,
} from "~/modules/rapid/index.server";
import { listSchedules, saveOpeningSchedule } from "~/modules/catalogue/index.server";
import { deliverSms } from "~/modules/notifications/index.server";
import { listProgrammesForAdmin } from "~/modules/administration/index.server";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/shared/ui/form";
import { formatNumber } from "~/shared/format";
import { markFormError, readForm } from "~/shared/form.server";
import { pick } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";

/**
 * /admin/verified-lists (supervisor+): upload a verified list, watch its import (the page refreshes
 * itself without JavaScript while one runs), download refused rows, tell listed businesses, and set
 * a programme's staggered opening.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "supervisor", { asNotFound: true });
  const [locale, imports, lists, programmes, schedules] = await Promise.all([
    getLocale(request),
    listImports(),
    listSummaries(),
    listProgrammesForAdmin(),
    listSchedules(),
  ]);
  const url = new URL(request.url);
  return {
    role: auth.user.role,
    locale,
    imports,
    lists: lists.map((l) => ({ ...l, entries: Number(l.entries), notified: Number(l.notified) })),
    programmes: programmes.map((p) => ({ slug: p.slug, name_en: p.name_en, name_ko: p.name_ko })),
    schedules,
    running: imports.some((i) => i.status === "queued" || i.status === "running"),
    flash: { queued: url.searchParams.has("queued"), notified: url.searchParams.get("notified"), schedule: url.searchParams.has("schedule") },
    columns: VERIFIED_LIST_COLUMNS.join(", "),
    maxMb: MAX_UPLOAD_MB,
    formError: Boolean(context.formError),
  };
}

export const meta = rapidMeta((t) => t.lists.title);

type ActionResult = {
  errors: Array<{ field: string; message: string }>;
  values: Record<string, string>;
  scheduleSlug?: string;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireStaff({ request, context }, "supervisor", { asNotFound: true });
  const locale = await getLocale(request);
  const actor = { id: auth.user.id, label: auth.user.email };
  const type = request.headers.get("content-type") ?? "";
  const L = (x: { en: string; ko: string }) => x[locale];
  const fail = (result: ActionResult, status = 400) => {
    markFormError(context);
    return data(result, { status });
  };

  if (type.startsWith("multipart/form-data")) {
    if (Number(request.headers.get("content-length") ?? "0") > MAX_UPLOAD_BYTES + 64 * 1024) {
      return fail({ errors: [{ field: "file", message: uploadTooLarge(locale) }], values: {} }, 413);
    }
    const received = await receiveListUpload(request);
    if (!received.ok) return fail({ errors: [{ field: "file", message: uploadTooLarge(locale) }], values: {} }, 413);
    const { form, file } = received;
    const values = {
      programme: String(form.get("programme") ?? ""),
      round: String(form.get("round") ?? ""),
      encoding: String(form.get("encoding") ?? "auto"),
    };
    const parsed = VerifiedListUploadSchema.safeParse(values);
    const errors: ActionResult["errors"] = [];
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        if (!errors.some((e) => e.field === field)) errors.push({ field, message: uploadFieldMessage(locale, field) });
      }
    }
    // No file chosen asks for one; a chosen file with nothing in it says so (the service judges the rest).
    if (!file) errors.push({ field: "file", message: uploadFieldMessage(locale, "file") });
    else if (file.size === 0) errors.push({ field: "file", message: L(LIST_FILE_REFUSALS.empty) });
    if (errors.length || !parsed.success || !file) {
      if (file) await rm(file.path, { force: true });
      return fail({ errors, values });
    }
    try {
      const created = await createImport({
        programmeSlug: parsed.data.programme,
        round: parsed.data.round,
        fileName: path.basename(file.name),
        uploadedPath: file.path,
        encoding: parsed.data.encoding,
        actor,
      });
      if (!created.ok) return fail({ errors: [{ field: created.field, message: L(created.message) }], values });
    } finally {
      await rm(file.path, { force: true });
    }
    kickImports();
    return redirect("/admin/verified-lists?queued=1");
  }

  const body = await readForm(request);
  if (!body.ok) return fail({ errors: [{ field: "form", message: uploadTooLarge(locale) }], values: {} }, 413);
  const intent = body.data.intent;
  if (intent === "notify") {
    const listId = Number(body.data.list);
    if (!Number.isInteger(listId) || listId < 1) return fail({ errors: [{ field: "form", message: "?" }], values: {} });
    const { sent } = await sendEntitlementNotices({ listId });
    void deliverSms().catch(() => {});
    return redirect(`/admin/verified-lists?notified=${sent}`);
  }
  if (intent === "schedule") {
    const slug = String(body.data.programme ?? "");
    const saved = await saveOpeningSchedule({ slug, text: String(body.data.schedule ?? ""), actor });
    if (!saved.ok)
      return fail({
        errors: [{ field: `schedule-${slug}`, message: saved.error }],
        values: { [`schedule-${slug}`]: String(body.data.schedule ?? "") },
        scheduleSlug: slug,
      });
    return redirect("/admin/verified-lists?schedule=1");
  }
  return fail({ errors: [{ field: "form", message: "?" }], values: {} });
}

export default function VerifiedLists() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation();
  const errorFor = (field: string) => result?.errors.find((e) => e.field === field)?.message;
  const v = result?.values ?? {};
  return (
    <div>
      {d.running ? <meta httpEquiv="refresh" content="5" /> : null}
      <AdminNav role={d.role} />
      <ErrorSummary errors={result?.errors ?? []} />
      <h1>{t("rapid.lists.title")}</h1>
      <p className="portal-lead">{t("rapid.lists.lead")}</p>
      {d.flash.queued ? (
        <p className="portal-notice" role="status">
          {t("rapid.lists.queued")}
        </p>
      ) : null}
      {d.flash.notified !== null ? (
        <p className="portal-notice" role="status">
          {t("rapid.lists.notifySent", { count: Number(d.flash.notified) })}
        </p>
      ) : null}
      {d.flash.schedule ? (
        <p className="portal-notice" role="status">
          {t("rapid.lists.scheduleSaved")}
        </p>
      ) : null}

      <h2>{t("rapid.lists.uploadTitle")}</h2>
      <Form method="post" encType="multipart/form-data" reloadDocument>
        <SelectField
          name="programme"
          label={t("rapid.lists.programme")}
          error={errorFor("programme")}
          defaultValue={v.programme ?? "support-fund"}
          options={d.programmes.map((p) => ({ value: p.slug, label: pick(p, "name", d.locale) }))}
        />
        <TextField
          name="round"
          label={t("rapid.lists.round")}
          hint={t("rapid.lists.roundHint")}
          error={errorFor("round")}
          inputMode="numeric"
          defaultValue={v.round ?? "1"}
        />
        <SelectField
          name="encoding"
          label={t("rapid.lists.encoding")}
          hint={t("rapid.lists.encodingHint")}
          error={errorFor("encoding")}
          defaultValue={v.encoding ?? "auto"}
          options={(["auto", "utf-8", "cp949"] as const).map((e) => ({ value: e, label: t(`rapid.lists.encodings.${e}`) }))}
        />
        <TextField
          name="file"
          type="file"
          accept=".csv,text/csv"
          label={t("rapid.lists.file")}
          hint={t("rapid.lists.fileHint", { columns: d.columns, max: d.maxMb })}
          error={errorFor("file")}
        />
        <button type="submit" className="krds-btn medium primary">
          {t("rapid.lists.upload")}
        </button>
      </Form>

      <h2>{t("rapid.lists.importsTitle")}</h2>
      {d.running ? <p className="portal-muted">{t("rapid.lists.refreshing")}</p> : null}
      <ImportsTable imports={d.imports} locale={d.locale} />

      {d.lists.length ? (
        <>
          <h2>{t("rapid.lists.listsTitle")}</h2>
          <p className="portal-muted">{t("rapid.lists.notifyHint")}</p>
          <div className="portal-table-wrap">
            <table className="portal-table portal-admin-table">
              <caption className="sr-only">{t("rapid.lists.listsTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("rapid.lists.columns.programme")}</th>
                  <th scope="col">{t("rapid.lists.entries")}</th>
                  <th scope="col">{t("rapid.lists.notified")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("rapid.lists.notify")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.lists.map((l) => (
                  <tr key={l.id}>
                    <th scope="row">
                      {pick(l, "name", d.locale)} · {l.round}
                    </th>
                    <td>{formatNumber(l.entries, d.locale)}</td>
                    <td>{formatNumber(l.notified, d.locale)}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="notify" />
                        <input type="hidden" name="list" value={l.id} />
                        <button type="submit" className="krds-btn small secondary">
                          {t("rapid.lists.notify")}
                          <span className="sr-only">
                            {" "}
                            ({pick(l, "name", d.locale)} · {l.round})
                          </span>
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <h2>{t("rapid.lists.scheduleTitle")}</h2>
      <p className="portal-muted">{t("rapid.lists.scheduleLead")}</p>
      {d.schedules.map((s) => (
        <Form method="post" key={s.slug}>
          <input type="hidden" name="intent" value="schedule" />
          <input type="hidden" name="programme" value={s.slug} />
          <TextAreaField
            name="schedule"
            id={`schedule-${s.slug}`}
            rows={2}
            label={t("rapid.lists.schedule", { name: pick(s, "name", d.locale) })}
            hint={t("rapid.lists.scheduleHint")}
            error={errorFor(`schedule-${s.slug}`)}
            defaultValue={v[`schedule-${s.slug}`] ?? s.opening_schedule ?? ""}
          />
          <button type="submit" className="krds-btn small secondary">
            {t("rapid.lists.saveSchedule")}
            <span className="sr-only"> ({pick(s, "name", d.locale)})</span>
          </button>
        </Form>
      ))}
      <p>
        <Link to="/admin/recommendations">{t("rapid.recommend.staffTitle")}</Link>
      </p>
    </div>
  );
}
