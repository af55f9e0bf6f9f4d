import "~/modules/administration/admin.css";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SuccessNotice, useFormErrors, useResetKey, type ActionErrors, parseEmail, STAFF_ROLES } from "~/modules/accounts";
import { AdminNav, adminMeta } from "~/modules/administration";
import { requireStaff } from "~/modules/accounts/index.server";
import {
  changeStaffRole,
  createStaffAccount,
  deactivateStaff,
  isStaffRole,
  listStaff,
  reactivateStaff,
  resetStaffPassword,
} from "~/modules/administration/index.server";
import { ErrorSummary, SelectField, TextField } from "~/shared/ui/form";
import { formatDate } from "~/shared/format";
import { markFormError, readForm } from "~/shared/form.server";
import { getLocale } from "~/shared/i18n.server";

/** Staff administration: admins only. Everyone else gets 404 (the page's existence is not theirs). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "admin", { asNotFound: true });
  const [staff, locale] = await Promise.all([listStaff(), getLocale(request)]);
  // Deactivating and resetting sign a colleague out: the row's button asks first (?confirm=…&id=…).
  const url = new URL(request.url);
  const intent = url.searchParams.get("confirm");
  const target = staff.find((s) => String(s.id) === url.searchParams.get("id"));
  const confirm = target && (intent === "deactivate" || intent === "reset") ? { intent, id: target.id, email: target.email } : null;
  return { role: auth.user.role, me: auth.user.id, staff, locale, confirm, formError: Boolean(context.formError) };
}

export const meta = adminMeta((t) => t.staff.title);

type StaffActionData = ActionErrors & {
  notice?: string;
  email?: string;
  /** A one-time password, shown once in this answer and never stored in clear. */
  password?: string;
  values?: { email: string; role: string };
};

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireStaff({ request, context }, "admin", { asNotFound: true });
  const actor = { id: auth.user.id, label: auth.user.email };
  const fail = (body: StaffActionData, status = 400) => {
    markFormError(context);
    return data(body, { status });
  };
  const form = await readForm(request);
  if (!form.ok) return fail({ errors: { form: "admin.staff.errors.tooLarge" } }, 413);
  const intent = form.data.intent;

  if (intent === "create") {
    const values = { email: (form.data.email ?? "").slice(0, 254), role: form.data.role ?? "" };
    const email = parseEmail(values.email);
    const errors: Record<string, string> = {};
    if (!email.ok) errors.email = email.problem === "required" ? "admin.staff.errors.emailRequired" : "admin.staff.errors.emailFormat";
    if (!isStaffRole(values.role)) errors.role = "admin.staff.errors.roleRequired";
    if (!email.ok || !isStaffRole(values.role)) return fail({ errors, values });
    const result = await createStaffAccount({ email: email.email, role: values.role }, actor);
    if (!result.ok) {
      return fail({ errors: { email: result.reason === "taken" ? "admin.staff.errors.taken" : "admin.staff.errors.emailFormat" }, values });
    }
    return { errors: {}, notice: "created", email: email.email, password: result.password };
  }

  const userId = Number(form.data.userId);
  if (!Number.isSafeInteger(userId) || userId <= 0) return fail({ errors: { form: "admin.staff.errors.notFound" } }, 404);
  const target = (await listStaff()).find((s) => s.id === userId);
  if (!target) return fail({ errors: { form: "admin.staff.errors.notFound" } }, 404);

  if (intent === "role") {
    const role = form.data.role ?? "";
    if (!isStaffRole(role)) return fail({ errors: { form: "admin.staff.errors.roleRequired" } });
    const result = await changeStaffRole(userId, role, actor);
    if (!result.ok) {
      if (result.reason === "unchanged") return { errors: {}, notice: "unchanged", email: target.email };
      return fail({ errors: { form: `admin.staff.errors.${result.reason === "last_admin" ? "lastAdmin" : "notFound"}` } }, 409);
    }
    return { errors: {}, notice: "roleChanged", email: target.email };
  }
  if (intent === "deactivate" || intent === "reactivate") {
    const result = intent === "deactivate" ? await deactivateStaff(userId, actor) : await reactivateStaff(userId, actor);
    if (!result.ok) {
      if (result.reason === "unchanged") return { errors: {}, notice: "unchanged", email: target.email };
      return fail({ errors: { form: `admin.staff.errors.${result.reason === "last_admin" ? "lastAdmin" : "notFound"}` } }, 409);
    }
    return { errors: {}, notice: intent === "deactivate" ? "deactivated" : "reactivated", email: target.email };
  }
  if (intent === "reset") {
    const result = await resetStaffPassword(userId, actor);
    if (!result.ok) return fail({ errors: { form: "admin.staff.errors.notFound" } }, 404);
    return { errors: {}, notice: "passwordReset", email: target.email, password: result.password };
  }
  return fail({ errors: { form: "admin.staff.errors.unknownAction" } });
}

export default function StaffPage() {
  const { role, me, staff, locale, confirm } = useLoaderData<typeof loader>();
  const actionData = useActionData() as StaffActionData | undefined;
  const { t } = useTranslation();
  const { list, message } = useFormErrors(actionData, ["email", "role"]);
  const roleOptions = STAFF_ROLES.map((r) => ({ value: r, label: t(`admin.roles.${r}`) }));
  const createErrors = actionData?.values !== undefined;
  // After an account is made the form starts empty again, with JavaScript as without.
  const createKey = useResetKey(actionData?.notice === "created" ? actionData : undefined);
  return (
    <div>
      <AdminNav role={role} />
      {/* Errors of row actions have no field of their own: they link to the staff table. */}
      <ErrorSummary errors={list.map((e) => (e.field === "email" && !createErrors ? { ...e, field: "staff-table" } : e))} />
      {actionData?.notice ? (
        <SuccessNotice>
          {t(`admin.staff.notices.${actionData.notice}` as never, { email: actionData.email })}
          {actionData.password ? (
            <>
              <br />
              {t("admin.staff.oneTimePassword")} <code className="portal-one-time-password">{actionData.password}</code>
              <br />
              {t("admin.staff.oneTimePasswordHint")}
            </>
          ) : null}
        </SuccessNotice>
      ) : null}
      <h1>{t("admin.staff.title")}</h1>
      <p className="portal-lead">{t("admin.staff.lead")}</p>
      {confirm && !actionData ? (
        <section className="portal-conflict" aria-labelledby="confirm-title">
          <h2 id="confirm-title">{t(`admin.staff.confirm.${confirm.intent}Title`, { email: confirm.email })}</h2>
          <p>{t(`admin.staff.confirm.${confirm.intent}Text`)}</p>
          <Form method="post" action="/admin/staff?index" className="portal-form-actions">
            <input type="hidden" name="userId" value={confirm.id} />
            <button type="submit" name="intent" value={confirm.intent} className="krds-btn medium primary">
              {t(`admin.staff.confirm.${confirm.intent}Button`)}
            </button>
            <Link to="/admin/staff">{t("admin.staff.confirm.cancel")}</Link>
          </Form>
        </section>
      ) : null}

      <div className="portal-table-wrap">
        <table className="portal-table portal-admin-table portal-stack" id="staff-table" tabIndex={-1}>
          <caption className="sr-only">{t("admin.staff.tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.staff.columns.email")}</th>
              <th scope="col">{t("admin.staff.columns.role")}</th>
              <th scope="col">{t("admin.staff.columns.status")}</th>
              <th scope="col">{t("admin.staff.columns.created")}</th>
              <th scope="col">{t("admin.staff.columns.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  {s.email}
                  {s.id === me ? <span className="portal-muted"> {t("admin.staff.you")}</span> : null}
                </th>
                <td data-label={t("admin.staff.columns.role")}>{t(`admin.roles.${s.role}`)}</td>
                <td data-label={t("admin.staff.columns.status")}>
                  {s.deactivated_at
                    ? t("admin.staff.deactivatedOn", { date: formatDate(s.deactivated_at, locale) })
                    : t("admin.staff.active", { count: s.sessions })}
                </td>
                <td data-label={t("admin.staff.columns.created")}>{formatDate(s.created_at, locale)}</td>
                <td>
                  <div className="portal-row-actions">
                    <Form method="post" className="portal-inline-form">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="userId" value={s.id} />
                      <label htmlFor={`role-${s.id}`} className="sr-only">
                        {t("admin.staff.roleFor", { email: s.email })}
                      </label>
                      <select id={`role-${s.id}`} name="role" className="krds-form-select" defaultValue={s.role}>
                        {roleOptions.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="krds-btn small secondary">
                        {t("admin.staff.changeRole")}
                        <span className="sr-only"> {s.email}</span>
                      </button>
                    </Form>
                    <Link to={`?confirm=reset&id=${s.id}`} className="krds-btn small tertiary">
                      {t("admin.staff.resetPassword")}
                      <span className="sr-only"> {s.email}</span>
                    </Link>
                    {s.deactivated_at ? (
                      <Form method="post" className="portal-inline-form">
                        <input type="hidden" name="userId" value={s.id} />
                        <button type="submit" name="intent" value="reactivate" className="krds-btn small tertiary">
                          {t("admin.staff.reactivate")}
                          <span className="sr-only"> {s.email}</span>
                        </button>
                      </Form>
                    ) : (
                      <Link to={`?confirm=deactivate&id=${s.id}`} className="krds-btn small tertiary">
                        {t("admin.staff.deactivate")}
                        <span className="sr-only"> {s.email}</span>
                      </Link>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="create-title">{t("admin.staff.createTitle")}</h2>
      <p>{t("admin.staff.createLead")}</p>
      <Form key={createKey} method="post" noValidate aria-labelledby="create-title" className="portal-form-narrow">
        <input type="hidden" name="intent" value="create" />
        <TextField
          name="email"
          type="email"
          label={t("admin.staff.fields.email")}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          maxLength={254}
          defaultValue={createErrors ? actionData?.values?.email : ""}
          error={createErrors ? message("email") : undefined}
        />
        <SelectField
          name="role"
          label={t("admin.staff.fields.role")}
          options={roleOptions}
          placeholder={t("admin.staff.fields.rolePlaceholder")}
          defaultValue={createErrors ? actionData?.values?.role : ""}
          error={createErrors ? message("role") : undefined}
        />
        <div className="portal-form-actions">
          <button type="submit" className="krds-btn medium primary">
            {t("admin.staff.create")}
          </button>
        </div>
      </Form>
    </div>
  );
}
