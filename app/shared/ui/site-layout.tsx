import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Role } from "~/modules/accounts/roles";
import { breadcrumbTrail } from "~/shared/breadcrumbs";

export interface LayoutUser {
  email: string;
  role: Role;
  /** Unread notifications (owners). */
  unread?: number;
}

/** Sign in / create an account, or the signed-in person's links and a sign-out button (a POST form). */
function AccountLinks({ user, here, compact = false }: { user: LayoutUser | null; here: string; compact?: boolean }) {
  const { t } = useTranslation();
  const back = here.startsWith("/login") || here.startsWith("/register") || here.startsWith("/reset-password") ? undefined : here;
  if (!user) {
    return (
      <ul className="portal-account-nav" aria-label={t("account.nav.userMenu")}>
        <li>
          <Link to={back && back !== "/" ? `/login?${new URLSearchParams({ redirectTo: back })}` : "/login"}>{t("account.nav.signIn")}</Link>
        </li>
        <li>
          <Link to={back && back !== "/" ? `/register?${new URLSearchParams({ redirectTo: back })}` : "/register"}>{t("account.nav.register")}</Link>
        </li>
      </ul>
    );
  }
  return (
    <ul className="portal-account-nav" aria-label={t("account.nav.userMenu")}>
      {compact ? null : <li className="portal-account-who">{t("account.nav.signedInAs", { email: user.email })}</li>}
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

/** The main menu links (the desktop bar and the mobile 전체메뉴 share them). */
function MainLinks() {
  const { t } = useTranslation();
  return (
    <>
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
    </>
  );
}

function LanguageSwitch({ here }: { here: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/language" className="portal-language" reloadDocument>
      <input type="hidden" name="lng" value={t("language.switchToLang")} />
      <input type="hidden" name="redirectTo" value={here} />
      <button type="submit" className="krds-btn small tertiary" lang={t("language.switchToLang")}>
        {t("language.switchTo")}
      </button>
    </Form>
  );
}

/**
 * KRDS masthead: "this is an official government site", with the "how to check" disclosure. A
 * native <details>, so it opens with the keyboard and without JavaScript.
 */
function Masthead() {
  const { t } = useTranslation();
  return (
    <div id="krds-masthead">
      <details className="toggle-wrap portal-masthead">
        <summary className="toggle-head">
          <span className="inner portal-inner">
            <span className="nuri-txt">{t("masthead.official")}</span>
            <span className="portal-masthead-toggle">{t("masthead.howToCheck")}</span>
          </span>
        </summary>
        <div className="portal-masthead-body">
          <div className="portal-inner portal-masthead-grid">
            <div>
              <h2 className="portal-masthead-title">{t("masthead.domainTitle")}</h2>
              <p>{t("masthead.domainText")}</p>
            </div>
            <div>
              <h2 className="portal-masthead-title">{t("masthead.httpsTitle")}</h2>
              <p>{t("masthead.httpsText")}</p>
            </div>
          </div>
        </div>
      </details>
    </div>
  );
}

function Breadcrumbs({ pathname }: { pathname: string }) {
  const { t } = useTranslation();
  const trail = breadcrumbTrail(pathname);
  if (trail.length === 0) return null;
  return (
    <nav className="krds-breadcrumb-wrap portal-breadcrumbs" aria-label={t("breadcrumbs.label")}>
      <ol className="breadcrumb">
        {trail.map((c, i) => {
          const label = c.text ?? t(`breadcrumbs.${c.key}` as never);
          return (
            <li key={i} className={i === 0 ? "home" : undefined}>
              {c.href ? (
                <Link to={c.href} className="txt">
                  {label}
                </Link>
              ) : (
                <span className="txt" aria-current="page">
                  {label}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** The KRDS page frame: masthead, skip link, header (one line on a phone, 전체메뉴), breadcrumbs, footer with identifier. */
export function SiteLayout({ children, user = null }: { children: ReactNode; user?: LayoutUser | null }) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  return (
    <>
      <div id="krds-skip-link">
        <a href="#main">{t("skipLink")}</a>
      </div>
      <Masthead />
      <header className="portal-header">
        <div className="portal-inner portal-header-row">
          <Link to="/" className="portal-brand">
            <span className="portal-brand-mark" aria-hidden="true" />
            <span className="portal-brand-name">{t("meta.serviceName")}</span>
          </Link>
          <div className="portal-header-tools">
            <AccountLinks user={user} here={here} />
            <LanguageSwitch here={here} />
          </div>
          {/* Phones: everything above and the main menu behind one 전체메뉴 button (KRDS mobile menu). */}
          <details className="portal-menu-mobile" key={here}>
            <summary className="krds-btn small secondary">{t("nav.allMenu")}</summary>
            <div className="portal-menu-mobile-panel">
              <nav aria-label={t("nav.mobileLabel")}>
                <ul className="portal-menu-mobile-links">
                  <MainLinks />
                </ul>
              </nav>
              <AccountLinks user={user} here={here} compact />
              <LanguageSwitch here={here} />
            </div>
          </details>
        </div>
        <nav className="portal-nav" aria-label={t("nav.label")}>
          <ul className="portal-inner">
            <MainLinks />
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="portal-inner portal-main">
        <Breadcrumbs pathname={location.pathname} />
        {children}
      </main>
      <footer id="krds-footer" className="portal-footer">
        <div className="portal-inner">
          <p className="portal-footer-about">{t("footer.about")}</p>
          <div className="f-info">
            <p className="info-addr">{t("footer.address")}</p>
            <ul className="info-cs portal-footer-links">
              <li>
                <strong>{t("footer.helpline")}</strong> <span>{t("footer.helplineHours")}</span>
              </li>
            </ul>
          </div>
          <ul className="f-menu portal-footer-links">
            <li>
              <Link to="/privacy" className="point">
                {t("footer.privacy")}
              </Link>
            </li>
            <li>
              <Link to="/copyright">{t("footer.copyrightPolicy")}</Link>
            </li>
            <li>
              <Link to="/terms">{t("footer.terms")}</Link>
            </li>
            <li>
              <Link to="/accessibility">{t("footer.accessibility")}</Link>
            </li>
          </ul>
          <p className="portal-footer-copy">{t("footer.copyright")}</p>
          <div className="krds-identifier portal-identifier">
            <span className="ban-txt">{t("identifier.owner")}</span>
          </div>
        </div>
      </footer>
    </>
  );
}
