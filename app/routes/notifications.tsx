import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOwner } from "~/modules/accounts/index.server";
import { type ApplicationStatus, statusName, applicationsMeta } from "~/modules/applications";
import { listNotifications, markAllRead } from "~/modules/notifications/index.server";
import { formatDate } from "~/shared/format";
import { getLocale } from "~/shared/i18n.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireOwner({ request, context });
  const [locale, notifications] = await Promise.all([getLocale(request), listNotifications(auth.user.id)]);
  return { locale, notifications };
}

export const meta = applicationsMeta((t) => t.notifications.title);

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireOwner({ request, context });
  await markAllRead(auth.user.id);
  return redirect("/notifications");
}

export default function Notifications() {
  const { locale, notifications } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const unread = notifications.some((n) => !n.read_at);
  return (
    <div>
      <h1>{t("applications.notifications.title")}</h1>
      {notifications.length === 0 ? <p>{t("applications.notifications.empty")}</p> : null}
      <ul className="portal-messages">
        {notifications.map((n) => (
          <li key={n.id} className={n.read_at ? "" : "portal-unread"}>
            <p>
              {n.params.text && n.params.link ? (
                <Link to={n.params.link}>{n.params.text[locale]}</Link>
              ) : n.reference ? (
                <Link to={`/applications/${n.reference}`}>
                  {t(`applications.notifications.${n.kind as "status_changed"}`, {
                    reference: n.reference,
                    status: n.params.status ? statusName(n.params.status as ApplicationStatus)[locale] : "",
                  })}
                </Link>
              ) : null}
            </p>
            {n.params.message ? (
              <blockquote className="portal-request">
                <p className="portal-muted">{t("applications.documents.request")}</p>
                <p className="portal-message-body">{n.params.message}</p>
              </blockquote>
            ) : null}
            <p className="portal-muted">{formatDate(n.created_at, locale)}</p>
          </li>
        ))}
      </ul>
      {unread ? (
        <Form method="post">
          <button type="submit" className="krds-btn medium secondary">
            {t("applications.notifications.markRead")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
