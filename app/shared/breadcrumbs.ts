import { isReference } from "~/modules/applications/reference";

/**
 * The breadcrumb trail of a page, from its path alone (pure, so every page below the top level gets
 * one without each route repeating it). `key` is a translation key under `breadcrumbs.`; `text` is
 * shown as is (an application's reference). The last crumb is the current page (no link).
 * Top-level pages (home, programmes, eligibility, sign-in, …) get no trail, as KRDS advises.
 */
export interface Crumb {
  key?: string;
  text?: string;
  href: string | null;
}

const APPLICATION_STEPS: Record<string, string> = {
  business: "applicationBusiness",
  facts: "applicationFacts",
  questions: "applicationQuestions",
  documents: "applicationDocuments",
  check: "applicationCheck",
  confirmation: "applicationConfirmation",
};

const ADMIN_SECTIONS: Record<string, string> = {
  applications: "adminApplications",
  programmes: "adminProgrammes",
  staff: "adminStaff",
  audit: "adminAudit",
};

const INFO_PAGES: Record<string, string> = {
  privacy: "privacy",
  copyright: "copyright",
  terms: "terms",
  accessibility: "accessibility",
};

export function breadcrumbTrail(pathname: string): Crumb[] {
  const parts = pathname
    .split("/")
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  const home: Crumb = { key: "home", href: "/" };
  const done = (trail: Crumb[]): Crumb[] => trail.map((c, i) => (i === trail.length - 1 ? { ...c, href: null } : c));
  const [first, second, third] = parts;

  if (first === "applications" && second) {
    const list: Crumb = { key: "applications", href: "/applications" };
    if (second === "new") return done([home, list, { key: "applicationNew", href: null }]);
    // Owners see their reference once submitted; a draft's internal key is not something to show.
    const app: Crumb = isReference(second)
      ? { text: second.toUpperCase(), href: `/applications/${second}` }
      : { key: "application", href: `/applications/${second}` };
    const step = third ? APPLICATION_STEPS[third] : undefined;
    return done(step ? [home, list, app, { key: step, href: null }] : [home, list, app]);
  }
  if (first === "account") {
    const account: Crumb = { key: "account", href: "/account" };
    if (!second) return done([home, account]);
    if (second === "businesses") {
      const list: Crumb = { key: "businesses", href: "/account/businesses" };
      if (!third) return done([home, account, list]);
      return done([home, account, list, { key: third === "new" ? "businessNew" : "businessEdit", href: null }]);
    }
    return [];
  }
  if (first === "notifications") return done([home, { key: "notifications", href: null }]);
  if (first && INFO_PAGES[first]) return done([home, { key: INFO_PAGES[first], href: null }]);
  if (first === "admin" && second && ADMIN_SECTIONS[second]) {
    const staffHome: Crumb = { key: "admin", href: "/admin" };
    const section: Crumb = { key: ADMIN_SECTIONS[second], href: `/admin/${second}` };
    if (!third) return done([staffHome, section]);
    if (second === "applications") return done([staffHome, section, { text: third.toUpperCase(), href: null }]);
    if (second === "programmes") return done([staffHome, section, { key: "adminProgrammeEdit", href: null }]);
    return done([staffHome, section]);
  }
  return [];
}
