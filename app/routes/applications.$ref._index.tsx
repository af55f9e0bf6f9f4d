import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TaskList, Tracking, OwnerApplicationActionSchema, availableActions, type ApplicationStatus, applicationsMeta } from "~/modules/applications";
import { rejectionReasonLabel } from "~/modules/review";
import { requireOwnedApplication, answerInfoRequest, withdrawApplication, type OwnerApplication } from "~/modules/applications/index.server";
import { getOwnerObjections } from "~/modules/objections/index.server";
import { getPayoutPage } from "~/modules/payments/index.server";
import { markFormError, readForm } from "~/shared/form.server";
import { pick, text, type Locale } from "~/shared/i18n";

export async function loader(args: LoaderFunctionArgs) {
  const { app, locale, key, auth } = await requireOwnedApplication(args);
  const url = new URL(args.request.url);
  // Payout account and objections: only once there is a reference.
  const [payout, objections] = app.reference
    ? await Promise.all([
        getPayoutPage({ ref: app.reference, ownerId: auth.user.id }),
        getOwnerObjections({ ref: app.reference, ownerId: auth.user.id }),
      ])
    : [null, null];
  return {
    locale,
    key,
    app: view(app, locale),
    payment: payout
      ? {
          reference: payout.reference,
          paying: payout.paying,
          editable: payout.editable,
          hasAccount: payout.account !== null,
          lastFailure: payout.lastFailure,
        }
      : null,
    objections,
    notice: url.searchParams.get("notice"),
    resumed: url.searchParams.get("resumed") === "1",
    formError: Boolean(args.context.formError),
  };
}

/** Only what the page shows; internal ids and rule documents stay on the server. */
function view(app: OwnerApplication, locale: Locale) {
  return {
    public_id: app.public_id,
    reference: app.reference,
    status: app.status as ApplicationStatus,
    created_at: app.created_at,
    submitted_at: app.submitted_at,
    programmeName: pick(app.programme, "name", locale),
    programmeSlug: app.programme.slug,
    window: app.window,
    tasks: app.tasks,
    failed: app.evaluation.criteria
      .filter((c) => c.result === "fail")
      .map((c) => ({ id: c.id, label: text(c.label, locale), explanation: text(c.explanation, locale) })),
    events: app.events,
    messages: app.messages,
    documents: app.documents.map((d) => ({ id: d.id, display_name: d.display_name, size_bytes: d.size_bytes })),
    canWithdraw: availableActions(app.status as ApplicationStatus, "owner", app.programme.rules.support.kind).includes("withdraw"),
    canAnswer: app.status === "info_requested",
    // The caseworker's latest message while they wait for an answer: what was asked, shown first.
    request: app.status === "info_requested" ? (app.messages.filter((m) => m.author_role !== "owner").at(-1) ?? null) : null,
    // A proposed award (waiting for four-eyes) is not a decision yet: shown only once approved.
    awardKrw: app.status === "approved" || app.status === "paid" ? app.award_amount_krw : null,
    rejectionReason: app.status === "rejected" && app.decision_reason_code ? rejectionReasonLabel(app.decision_reason_code) : null,
  };
}

export const meta = applicationsMeta((t, d) =>
  d?.app?.reference ? t.track.title.replace("{{reference}}", d.app.reference) : t.tasks.title.replace("{{name}}", d?.app?.programmeName ?? ""),
);

export async function action(args: ActionFunctionArgs) {
  const { auth, key } = await requireOwnedApplication(args, { forwardDraftKey: false });
  const form = await readForm(args.request);
  const values = form.ok ? form.data : {};
  const parsed = OwnerApplicationActionSchema.safeParse(values);
  if (!parsed.success) {
    markFormError(args.context);
    const issue = parsed.error.issues[0]!;
    const field = values.intent === "answer" ? "message" : "reason";
    return data(
      { field, error: `applications.track.errors.${issue.message === "tooLong" ? "tooLong" : field}`, values, refused: null },
      { status: 400 },
    );
  }
  const result =
    parsed.data.intent === "withdraw"
      ? await withdrawApplication({ key, ownerId: auth.user.id, reason: parsed.data.reason })
      : await answerInfoRequest({ key, ownerId: auth.user.id, message: parsed.data.message });
  if (result.ok) return redirect(`/applications/${key}?notice=${parsed.data.intent === "withdraw" ? "withdrawn" : "replied"}`);
  if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
  markFormError(args.context);
  return data({ field: parsed.data.intent === "answer" ? "message" : "reason", error: null, values, refused: result.message }, { status: 409 });
}

export default function ApplicationPage() {
  const { app } = useLoaderData<typeof loader>();
  return app.status === "draft" ? <TaskList /> : <Tracking />;
}
