import "~/styles/account.css";
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Role } from "~/domain/roles";

export interface LayoutUser {
  email: string;
  role: Role;
  /** Unread notifications (owners). */
  unread?: number;
}

/** Sign in / create an account, or the signed-in person's links and a sign-out button (a POST form). */
function AccountLinks({ user, here }: { user: LayoutUser | null; here: string }) {
  const { t } = useTranslation();
  const back = here.startsWith("/login") || here.startsWith("/register") || here.startsWith("/reset-password") ? undefined : here;
  if (!user) {
    return (
      <ul className="portal-account-nav" aria-label={t("account.nav.userMenu")}>
        <li>
          <Link to={back && back !== "/" ? `/login?${new URLSearchParams({ redirectTo: back })}` : "/login"}>
            {t("account.nav.signIn")}
          </Link>
        </li>
        <li>
          <Link to="/register">{t("account.nav.register")}</Link>
        </li>
      </ul>
    );
  }
  return (
    <ul className="portal-account-nav" aria-label={t("account.nav.userMenu")}>
      <li className="portal-account-who">{t("account.nav.signedInAs", { email: user.email })}</li>
      {user.role === "owner" ? (
        <>
          <li>
            <Link to="/applications">{t("applications.list.title")}</Link>
          </li>
          <li>
            <Link to="/notifications">
              {user.unread ? t("applications.notifications.count", { count: user.unread }) : t("applications.notifications.title")}
            </Link>
          </li>
          <li>
            <Link to="/account/businesses">{t("account.nav.businesses")}</Link>
          </li>
        </>
      ) : (
        <li>
          <Link to="/admin">{t("account.nav.admin")}</Link>
        </li>
      )}
      <li>
        <Link to="/account">{t("account.nav.account")}</Link>
      </li>
      <li>
        <Form method="post" action="/logout" reloadDocument>
          <button type="submit" className="krds-btn small secondary">
            {t("account.nav.signOut")}
          </button>
        </Form>
      </li>
    </ul>
  );
}

/** The KRDS page frame: official-site masthead, skip link, header with navigation, footer. */
export function SiteLayout({ children, user = null }: { children: ReactNode; user?: LayoutUser | null }) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  return (
    <>
      <div id="krds-skip-link">
        <a href="#main">{t("skipLink")}</a>
      </div>
      <div id="krds-masthead">
        <div className="toggle-wrap">
          <div className="toggle-head">
            <div className="inner">
              <span className="nuri-txt">{t("masthead.official")}</span>
            </div>
          </div>
        </div>
      </div>
      <header className="portal-header">
        <div className="portal-inner portal-header-row">
          <Link to="/" className="portal-brand">
            <span className="portal-brand-mark" aria-hidden="true" />
            <span className="portal-brand-name">{t("meta.serviceName")}</span>
          </Link>
          <div className="portal-header-tools">
            <AccountLinks user={user} here={here} />
            <Form method="post" action="/language" className="portal-language" reloadDocument>
              <input type="hidden" name="lng" value={t("language.switchToLang")} />
              <input type="hidden" name="redirectTo" value={here} />
              <button type="submit" className="krds-btn small tertiary" lang={t("language.switchToLang")}>
                {t("language.switchTo")}
              </button>
            </Form>
          </div>
        </div>
        <nav className="portal-nav" aria-label={t("nav.label")}>
          <ul className="portal-inner">
            <li>
              <NavLink to="/" end>
                {t("nav.home")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/programmes">{t("nav.programmes")}</NavLink>
            </li>
            <li>
              <NavLink to="/eligibility">{t("nav.eligibility")}</NavLink>
            </li>
            <li>
              <NavLink to="/statistics">{t("nav.statistics")}</NavLink>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="portal-inner portal-main">
        {children}
      </main>
      <footer id="krds-footer" className="portal-footer">
        <div className="portal-inner">
          <p className="portal-footer-about">{t("footer.about")}</p>
          <ul className="portal-footer-links">
            <li>{t("footer.ministry")}</li>
            <li>{t("footer.helpline")}</li>
          </ul>
          <p className="portal-footer-copy">{t("footer.copyright")}</p>
        </div>
      </footer>
    </>
  );
}
