import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/shared/ui/form";
import { QuestionFields, applicationsMeta } from "~/modules/applications";
import { requireOwnedApplication, saveAnswers } from "~/modules/applications/index.server";
import { markFormError, readForm } from "~/shared/form.server";
import { text } from "~/shared/i18n";

export async function loader(args: LoaderFunctionArgs) {
  const { app, locale, key } = await requireOwnedApplication(args);
  if (app.status !== "draft") throw redirect(`/applications/${key}`);
  const values = Object.fromEntries(Object.entries(app.answers).map(([k, v]) => [k, String(v)]));
  return { locale, key, questions: app.programme.questions, values, formError: Boolean(args.context.formError) };
}

export const meta = applicationsMeta((t) => t.questions.title);

export async function action(args: ActionFunctionArgs) {
  const { auth, key, locale } = await requireOwnedApplication(args, { forwardDraftKey: false });
  const form = await readForm(args.request);
  const values = form.ok ? form.data : {};
  const result = await saveAnswers({ key, ownerId: auth.user.id, form: values });
  if (result.ok) return redirect(`/applications/${key}`);
  if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
  markFormError(args.context);
  const errors = result.reason === "invalid" ? Object.fromEntries(Object.entries(result.errors).map(([k, m]) => [k, text(m, locale)])) : {};
  return data({ values, errors, notEditable: result.reason === "not_editable" }, { status: result.reason === "invalid" ? 400 : 409 });
}

export default function QuestionsStep() {
  const { locale, key, questions, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = result?.errors ?? {};
  return (
    <div>
      <ErrorSummary errors={questions.filter((q) => errors[q.id]).map((q) => ({ field: q.id, message: errors[q.id]! }))} />
      <p>
        <Link to={`/applications/${key}`}>{t("applications.tasks.back")}</Link>
      </p>
      <h1>{t("applications.questions.title")}</h1>
      <p>{t("applications.questions.lead")}</p>
      {questions.length === 0 ? <p>{t("applications.questions.none")}</p> : null}
      <Form method="post" noValidate>
        <QuestionFields questions={questions} values={result?.values ?? values} errors={errors} locale={locale} />
        <button type="submit" className="krds-btn large primary">
          {t("forms.saveAndContinue")}
        </button>
      </Form>
    </div>
  );
}
