import account from "~/modules/accounts/locales/account.en";
import admin from "~/modules/administration/locales/admin.en";
import applications from "~/modules/applications/locales/applications.en";
import queue from "~/modules/review/locales/queue.en";
import review from "~/modules/review/locales/review.en";
import security from "~/modules/accounts/locales/security.en";
import statistics from "~/modules/statistics/locales/statistics.en";
import eligibility from "~/modules/eligibility/locales/eligibility.en";
import info from "./info.en";
import payments from "~/modules/payments/locales/payments.en";
import rapid from "~/modules/rapid/locales/rapid.en";
import identity from "~/modules/identity/locales/identity.en";

/** English strings. The Korean file must have exactly these keys (enforced by its type). */
const en = {
  meta: {
    serviceName: "SME Support Portal",
    titleSuffix: "SME Support Portal",
    errorPrefix: "Error: ",
  },
  masthead: { official: "An official website of the Republic of Korea government", ...info.masthead },
  identifier: { owner: "This website is run by the Ministry of SMEs and Startups." },
  skipLink: "Skip to main content",
  adminNav: {
    label: "Staff area",
    dashboard: "Dashboard",
    applications: "Applications",
    programmes: "Programmes",
    staff: "Staff",
    audit: "Audit trail",
    payments: "Payments",
    objections: "Objections",
    verifiedLists: "Verified lists",
    recommendations: "Recommendations",
    businessNumbers: "Business numbers",
  },
  nav: {
    label: "Main menu",
    home: "Home",
    programmes: "Programmes",
    eligibility: "Check eligibility",
    allMenu: "Menu",
    mobileLabel: "Main menu (phone)",
    statistics: "Statistics",
  },
  language: {
    label: "Language",
    switchTo: "한국어",
    switchToLang: "ko",
    current: "English",
  },
  footer: {
    about: "The SME Support Portal helps small-business owners find, check and apply for the government's support programmes.",
    ministry: "Ministry of SMEs and Startups",
    helpline: "Helpline 1357",
    helplineHours: "(weekdays 09:00–18:00)",
    address: "Ministry of SMEs and Startups, 180 Gareum-ro, Sejong 30121, Republic of Korea",
    accessibility: "Accessibility statement",
    privacy: "Privacy policy",
    copyrightPolicy: "Copyright policy",
    terms: "Terms of use",
    copyright: "© Republic of Korea government",
  },
  home: {
    title: "Support for small businesses",
    lead: "Find the government programmes your business can get: grants, rent loans, advice for closing businesses and help to go digital.",
    checkTitle: "Am I eligible?",
    checkText: "Answer a few questions about your business and see, for every programme at once, whether you qualify and why.",
    checkCta: "Check your eligibility",
    openTitle: "Open programmes",
    allProgrammes: "See all programmes",
    noneOpen: "No programme is taking applications right now.",
  },
  programmes: {
    title: "Support programmes",
    lead: "Every programme of the national plan for small businesses, with what it gives and when you can apply.",
    support: "Support",
    budget: "Budget",
    capacity: "Capacity",
    capacityValue: "{{places}} places",
    window: "Applications",
    windowRange: "{{opens}} to {{closes}}",
    more: "About {{name}}",
  },
  programme: {
    eligibility: "Who can apply",
    eligibilityLead: "You can apply if all of these are true:",
    support: "What you get",
    documents: "Documents you need",
    documentWhen: "(only when: {{condition}})",
    howToApply: "How to apply",
    checkCta: "Check your eligibility",
    applyCta: "Apply",
    facts: "Key facts",
    target: "Plan target",
    targetValue: "{{number}} businesses",
    notOpen: "This programme is not taking applications at the moment.",
    breadcrumb: "Breadcrumb",
  },
  window: {
    upcoming: "Opens soon",
    open: "Open",
    closing_soon: "Closing soon",
    closed: "Closed",
  },
  errors: {
    notFoundTitle: "Page not found",
    notFoundText: "If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.",
    programmeNotFoundTitle: "Programme not found",
    programmeNotFoundText: "There is no programme at this address. It may have been renamed or removed.",
    forbiddenTitle: "You cannot see this page",
    forbiddenText: "Your account does not have access to this page.",
    serverTitle: "Sorry, there is a problem with the service",
    serverText: "Try again later. What you entered has not been lost if you saved it.",
    backHome: "Go to the home page",
    seeProgrammes: "See all programmes",
    unavailableTitle: "The service is busy or unavailable",
    unavailableText: "Please try again in a few minutes. What you entered has not been lost if you saved it.",
    quoteRequestId: "If you call the helpline, quote this number:",
  },
  forms: {
    errorSummaryTitle: "There is a problem",
    errorPrefix: "Error: ",
    optional: "(optional)",
    continue: "Continue",
    save: "Save",
    saveAndContinue: "Save and continue",
    change: "Change",
  },
  // Areas keep their strings in their own files so parallel work does not collide.
  eligibility,
  account,
  applications,
  admin,
  queue,
  review,
  info,
  breadcrumbs: info.breadcrumbs,
  security,
  statistics,
  payments,
  rapid,
  identity,
} as const;

export default en;
