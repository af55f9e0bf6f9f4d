import "~/modules/eligibility/eligibility.css";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/shared/ui/form";
import { Questionnaire, useAnswerErrorMessages, readAnswers, toQuery, type AnswerError } from "~/modules/eligibility";
import { requireOwnedApplication, saveFacts } from "~/modules/applications/index.server";
import { applicationsMeta } from "~/modules/applications";
import { markFormError, readForm } from "~/shared/form.server";

/** The eligibility questions for this application: the checker's form, saved to the draft. */
export async function loader(args: LoaderFunctionArgs) {
  const { app, locale, key } = await requireOwnedApplication(args);
  if (app.status !== "draft") throw redirect(`/applications/${key}`);
  return { locale, key, values: readAnswers(new URLSearchParams(toQuery(app.facts))).values, formError: Boolean(args.context.formError) };
}

export const meta = applicationsMeta((t) => t.facts.title);

export async function action(args: ActionFunctionArgs) {
  const { auth, key } = await requireOwnedApplication(args, { forwardDraftKey: false });
  const form = await readForm(args.request);
  const params = new URLSearchParams(form.ok ? form.data : {});
  const result = await saveFacts({ key, ownerId: auth.user.id, form: params });
  if (result.ok) return redirect(`/applications/${key}`);
  if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
  markFormError(args.context);
  const errors: AnswerError[] = result.reason === "invalid" ? result.errors : [];
  return data({ values: readAnswers(params).values, errors }, { status: result.reason === "invalid" ? 400 : 409 });
}

export default function FactsStep() {
  const { locale, key, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = useAnswerErrorMessages(result?.errors ?? [], locale);
  return (
    <div className="portal-eligibility">
      <ErrorSummary errors={errors} />
      <p>
        <Link to={`/applications/${key}`}>{t("applications.tasks.back")}</Link>
      </p>
      <h1>{t("applications.facts.title")}</h1>
      <p>{t("applications.facts.lead")}</p>
      <Questionnaire
        key={JSON.stringify(result?.values ?? values)}
        values={result?.values ?? values}
        errors={errors}
        locale={locale}
        heading={null}
        method="post"
        action={`/applications/${key}/facts`}
        submitLabel={t("forms.saveAndContinue")}
        startAgain={false}
      />
    </div>
  );
}
