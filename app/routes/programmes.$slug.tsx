import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { EntitlementsPanel } from "~/modules/rapid";
import { entitlementsForOwner } from "~/modules/rapid/index.server";
import { getAuth } from "~/modules/accounts/index.server";
import { ProgrammeParamsSchema, ProgrammeFacts } from "~/modules/catalogue";
import { describeCondition } from "~/modules/eligibility";
import { getProgramme } from "~/modules/catalogue/index.server";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "~/shared/format";
import { pick, text } from "~/shared/i18n";
import { getLocale } from "~/shared/i18n.server";
import { titleMeta } from "~/shared/meta";

function notFound(): never {
  // "programme" tells the error boundary which friendly 404 to show.
  throw new Response("programme", { status: 404 });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const parsed = ProgrammeParamsSchema.safeParse(params);
  if (!parsed.success) notFound();
  const [locale, programme] = await Promise.all([getLocale(request), getProgramme(parsed.data.slug)]);
  if (!programme) notFound();
  const auth = getAuth({ context });
  const entitlements = auth?.user.role === "owner" ? await entitlementsForOwner(auth.user.id, { programmeSlug: programme.slug }) : [];
  return {
    locale,
    entitlements,
    programme: {
      ...programme,
      // Criteria and document conditions in plain words, rendered from the stored rules.
      criteria: programme.rules.criteria.map((c) => ({ id: c.id, label: text(c.label, locale) })),
      supportKind: programme.rules.support.kind,
      documents: programme.documents.map((d) => ({
        code: d.code,
        name: text(d.name, locale),
        when: d.when ? describeCondition(d.when, locale) : null,
      })),
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => titleMeta(data ? pick(data.programme, "name", data.locale) : undefined, data?.locale);

export default function ProgrammePage() {
  const { locale, programme: p, entitlements } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const canApply = p.window === "open" || p.window === "closing_soon";
  return (
    <article className="portal-programme">
      <nav className="krds-breadcrumb-wrap" aria-label={t("programme.breadcrumb")}>
        <ol className="breadcrumb">
          <li className="home">
            <Link to="/" className="txt">
              {t("nav.home")}
            </Link>
          </li>
          <li>
            <Link to="/programmes" className="txt">
              {t("nav.programmes")}
            </Link>
          </li>
          <li>
            <span className="txt" aria-current="page">
              {pick(p, "name", locale)}
            </span>
          </li>
        </ol>
      </nav>
      <h1>{pick(p, "name", locale)}</h1>
      <EntitlementsPanel items={entitlements} locale={locale} />
      <p className="portal-lead">{pick(p, "summary", locale)}</p>
      <ProgrammeFacts programme={p} locale={locale} />
      {p.target_count !== null ? (
        <p>
          <strong>{t("programme.target")}: </strong>
          {t("programme.targetValue", { number: formatNumber(p.target_count, locale) })}
        </p>
      ) : null}
      <p>{pick(p, "description", locale)}</p>

      <h2>{t("programme.support")}</h2>
      <p>{pick(p, "support", locale)}</p>

      <h2>{t("programme.eligibility")}</h2>
      <p>{t("programme.eligibilityLead")}</p>
      <ul className="portal-criteria">
        {p.criteria.map((c) => (
          <li key={c.id}>{c.label}</li>
        ))}
      </ul>

      <h2>{t("programme.documents")}</h2>
      <ul>
        {p.documents.map((d) => (
          <li key={d.code}>
            {d.name} {d.when ? <span className="portal-muted">{t("programme.documentWhen", { condition: d.when })}</span> : null}
          </li>
        ))}
      </ul>

      <h2>{t("programme.howToApply")}</h2>
      <p>{pick(p, "how_to_apply", locale)}</p>
      {canApply ? null : <p className="portal-notice">{t("programme.notOpen")}</p>}
      <div className="portal-actions">
        {canApply ? (
          // Signed out, /applications/new sends the owner through sign-in or registration and back here.
          <Link to={`/applications/new?${new URLSearchParams({ programme: p.slug })}`} className="krds-btn large primary">
            {t("programme.applyCta")}
          </Link>
        ) : null}
        <Link to="/eligibility" className={`krds-btn large ${canApply ? "secondary" : "primary"}`}>
          {t("programme.checkCta")}
        </Link>
      </div>
    </article>
  );
}
