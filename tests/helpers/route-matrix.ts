import fs from "node:fs";
import path from "node:path";
import { registrationNumber } from "./fixtures";
import { assertFreshBuild, ROOT } from "./server";

/**
 * The security matrix: every route of the built app, who may use it and its POST intents.
 * tests/integration/route-matrix-http.test.ts reads the routes from the build's manifest, so a new
 * route that is missing here fails the test, and so does a row here for a route that no longer exists.
 *
 * Adding a route: add a row keyed by its Remix route id (`routes/<file name without extension>`),
 * with its access and, if it has an action, one entry per intent with a body that would succeed for
 * the person allowed to send it (the matrix then proves everyone else is refused and nothing changes).
 */

/** Who may use a route, as its guard decides. */
export type Access =
  /** Anyone, signed in or not. */
  | "public"
  /** `requireUser`: any signed-in person; visitors are sent to sign in. */
  | "user"
  /** `requireOwner`, no particular record: staff get 403, visitors sign in. */
  | "owner"
  /** `requireOwner` and a record scoped by owner (`requireOwnedApplication`, a business): another owner gets 404, staff 403. */
  | "ownerRecord"
  /** A record its owner or any staff member may read (document download): another owner gets 404. */
  | "ownerRecordOrStaff"
  /** `requireStaff(min, { asNotFound: true })`: owners and staff below `min` get 404. */
  | { staff: "caseworker" | "supervisor" | "admin" };

/** Names of the fixtures the test builds in the server's database (see `World` in the test). */
export interface World {
  /** The victim owner's draft with facts, answers and one document: editing intents. */
  draft: string;
  draftDocumentId: number;
  /** A second complete draft of the victim: submitting ("check"). */
  draftToSubmit: string;
  /** The victim's submitted application (withdraw, tracking pages). */
  submitted: string;
  submittedDocumentId: number;
  /** The victim's application waiting for information (answer). */
  infoRequested: string;
  businessId: number;
  businessNumber: string;
  /** Review fixtures: one application per intent, in the state where it succeeds for the right staff member. */
  review: Record<ReviewIntentName, string>;
  /** Current version of each review fixture (kept fresh by the test). */
  versions: Record<string, number>;
  reviewDocumentId: number;
  /** A caseworker account the staff page's intents act on. */
  colleagueId: number;
  /** The support fund's edit form as the page would send it back unchanged (version included). */
  programmeForm: Record<string, string>;
  /** A usable password-reset token of a bystander account. */
  resetToken: string;
}

export type ReviewIntentName =
  "claim" | "reassign" | "start_review" | "add_note" | "request_info" | "approve" | "reject" | "confirm_approval" | "decline_approval" | "mark_paid";

export type Body = Record<string, string> | (() => FormData);

export interface Intent {
  /** The path, when it differs from the route's GET path (e.g. another fixture). */
  path?: (w: World) => string;
  body: (w: World) => Body;
  /** Status a refused owner gets when it is not 404 (e.g. a form that answers "choose one of your businesses"). */
  otherOwnerStatus?: number;
  /** Staff below the route's role for this intent, refused by the service rather than the page guard (403). */
  roleMatters?: "supervisor" | "admin";
  /** False for an intent that changes nothing even when allowed (a preview). */
  writes?: boolean;
  /**
   * The allowed person's status when the world has no fixture for the intent to succeed on (a
   * batch, an objection): the refusals are still proven; this one is checked to be this answer.
   */
  allowedStatus?: number;
}

export interface RouteSpec {
  access: Access;
  /** A concrete address of the route (params filled from the fixtures). */
  path: (w: World) => string;
  /** Status the allowed person's GET gets, when not 200 (a redirect, a token page). */
  getStatus?: number;
  /** POST intents by name (the `intent` field, or a name for the form's one action). */
  posts?: Record<string, Intent>;
}

const appFacts = {
  sector: "food_service",
  region: "seoul",
  employees: "3",
  openedOn: "2018-03-01",
  businessState: "operating",
  premises: "rented",
  monthlyRent: "1,500,000",
  covidMeasure: "restriction",
  sales2019: "200000000",
  sales2020: "150000000",
  taxArrears: "no",
  loanDefault: "no",
};

const pdf = () => {
  const form = new FormData();
  form.set("requirementCode", "business-registration");
  form.set("file", new Blob([Buffer.from("%PDF-1.4\n% matrix\n%%EOF\n")], { type: "application/pdf" }), "matrix.pdf");
  return form;
};

const review = (intent: ReviewIntentName, extra: (w: World) => Record<string, string> = () => ({}), roleMatters?: Intent["roleMatters"]): Intent => ({
  path: (w) => `/admin/applications/${w.review[intent]}`,
  body: (w) => ({ intent, version: String(w.versions[w.review[intent]]), ...extra(w) }),
  roleMatters,
});

export const ROUTES: Record<string, RouteSpec> = {
  root: { access: "public", path: () => "/" },
  "routes/$": { access: "public", path: () => "/no-such-page", getStatus: 404 },
  "routes/_index": { access: "public", path: () => "/" },
  "routes/programmes._index": { access: "public", path: () => "/programmes" },
  "routes/programmes.$slug": { access: "public", path: () => "/programmes/support-fund" },
  "routes/eligibility": { access: "public", path: () => "/eligibility" },
  "routes/language": {
    access: "public",
    path: () => "/language",
    getStatus: 302,
    posts: { switch: { body: () => ({ lng: "en", redirectTo: "/programmes" }) } },
  },
  "routes/login": {
    access: "public",
    path: () => "/login",
    posts: { signIn: { body: () => ({ email: "owner@demo.test", password: "demo-password-2021" }) } },
  },
  "routes/logout": { access: "public", path: () => "/logout", getStatus: 302, posts: { signOut: { body: () => ({}) } } },
  "routes/register": {
    access: "public",
    path: () => "/register",
    posts: {
      register: {
        body: () => ({
          email: "matrix-new@test.example",
          password: "a long enough passphrase",
          confirmPassword: "a long enough passphrase",
          consent: "yes",
        }),
      },
    },
  },
  "routes/forgot-password": { access: "public", path: () => "/forgot-password", posts: { request: { body: () => ({ email: "owner@demo.test" }) } } },
  "routes/reset-password.$token": {
    access: "public",
    path: (w) => `/reset-password/${w.resetToken}`,
    posts: { reset: { body: () => ({ password: "a brand new passphrase" }) } },
  },

  // Sign-in security: the second step of a staff sign-in, its setup, one-time passwords, email confirmation.
  // Visitors are sent to sign in; only a half-way session (password given) is let in.
  "routes/two-factor._index": {
    access: "public",
    path: () => "/two-factor",
    getStatus: 302,
    posts: { verify: { body: () => ({ code: "123456" }) } },
  },
  "routes/two-factor.setup": {
    access: { staff: "caseworker" },
    path: () => "/two-factor/setup",
    // The allowed person (an admin with no key shown yet) is sent back to the page: nothing changes.
    posts: { confirm: { body: () => ({ code: "123456" }), writes: false } },
  },
  "routes/account.security": {
    access: { staff: "caseworker" },
    path: () => "/account/security",
    // Without a second factor there are no recovery codes to renew: back to the page, nothing changes.
    posts: { renew: { body: () => ({ intent: "renew" }), writes: false } },
  },
  "routes/account.password": {
    access: "user",
    path: () => "/account/password",
    // Only after a one-time password; anyone else is sent on.
    getStatus: 302,
    posts: { change: { body: () => ({ currentPassword: "whatever it was", newPassword: "a brand new passphrase" }) } },
  },
  "routes/account.verify-email": { access: "owner", path: () => "/account/verify-email", posts: { resend: { body: () => ({}) } } },
  "routes/verify-email.$token": { access: "public", path: () => `/verify-email/${"A".repeat(43)}`, getStatus: 400 },
  "routes/account._index": {
    access: "user",
    path: () => "/account",
    posts: {
      changePassword: { body: () => ({ intent: "changePassword", currentPassword: "whatever it was", newPassword: "a brand new passphrase" }) },
      signOutOthers: { body: () => ({ intent: "signOutOthers" }) },
    },
  },
  "routes/account.identity._index": {
    access: "owner",
    path: () => "/account/identity",
    // The matrix starts no identity provider: the allowed owner is told it is unreachable, nothing stored.
    posts: { start: { body: () => ({ returnTo: "/account" }), writes: false, allowedStatus: 503 } },
  },
  // Without a state from the provider the callback refuses (400) and stores nothing.
  "routes/account.identity.callback": { access: "owner", path: () => "/account/identity/callback", getStatus: 400 },
  "routes/account.businesses._index": { access: "owner", path: () => "/account/businesses" },
  "routes/account.businesses.new": {
    access: "owner",
    path: () => "/account/businesses/new",
    posts: {
      create: {
        body: () => ({
          tradeName: "Matrix Noodles",
          registrationNumber: registrationNumber(424242),
          representativeName: "Lee",
          phone: "010-0000-0000",
          address: "1 Test-ro",
          region: "seoul",
          sector: "food_service",
          employees: "2",
          openedOn: "2019-01-01",
        }),
      },
    },
  },
  // The matrix starts no register: its owner's business is already confirmed (it applies elsewhere in
  // the matrix), so the allowed owner is sent back to the page (302) and nothing is stored again.
  "routes/account.businesses.$id_.ownership": {
    access: "ownerRecord",
    path: (w) => `/account/businesses/${w.businessId}/ownership`,
    posts: { confirm: { body: () => ({ openedOn: "2018-03-01" }), writes: false, allowedStatus: 302 } },
  },
  "routes/account.businesses.$id": {
    access: "ownerRecord",
    path: (w) => `/account/businesses/${w.businessId}`,
    posts: {
      update: {
        body: (w) => ({
          tradeName: "Renamed by someone else",
          registrationNumber: w.businessNumber,
          representativeName: "Mallory",
          phone: "010-9999-9999",
          address: "2 Elsewhere-ro",
          region: "busan",
          sector: "food_service",
          employees: "4",
          openedOn: "2018-03-01",
        }),
      },
    },
  },
  "routes/notifications": { access: "owner", path: () => "/notifications", posts: { markRead: { body: () => ({}) } } },
  "routes/applications._index": { access: "owner", path: () => "/applications" },
  "routes/applications.new": {
    access: "owner",
    path: () => "/applications/new?programme=smart-store",
    posts: {
      // Another owner naming the victim's business is told to choose one of their own (400).
      start: {
        path: () => "/applications/new?programme=smart-store",
        body: (w) => ({ programme: "smart-store", businessId: String(w.businessId) }),
        otherOwnerStatus: 400,
      },
    },
  },
  "routes/applications.$ref._index": {
    access: "ownerRecord",
    path: (w) => `/applications/${w.submitted}`,
    posts: {
      withdraw: { path: (w) => `/applications/${w.submitted}`, body: () => ({ intent: "withdraw", reason: "Changed my mind" }) },
      answer: { path: (w) => `/applications/${w.infoRequested}`, body: () => ({ intent: "answer", message: "Here is the lease." }) },
    },
  },
  "routes/applications.$ref.business": { access: "ownerRecord", path: (w) => `/applications/${w.draft}/business` },
  "routes/applications.$ref.facts": {
    access: "ownerRecord",
    path: (w) => `/applications/${w.draft}/facts`,
    posts: { facts: { body: () => ({ ...appFacts, employees: "4" }) } },
  },
  "routes/applications.$ref.questions": {
    access: "ownerRecord",
    path: (w) => `/applications/${w.draft}/questions`,
    posts: { questions: { body: () => ({}) } },
  },
  "routes/applications.$ref.account": {
    access: "ownerRecord",
    path: (w) => `/applications/${w.draft}/account`,
    // No bank answers in the matrix: the allowed owner's account is saved unchecked (302).
    posts: { save: { body: () => ({ intent: "save", bankCode: "088", accountNumber: "110-999-999999", holderName: "Kim Minji" }) } },
  },
  "routes/applications.$ref.documents": {
    access: "ownerRecord",
    path: (w) => `/applications/${w.draft}/documents`,
    posts: {
      add: { body: () => pdf },
      remove: { body: (w) => ({ intent: "remove", documentId: String(w.draftDocumentId) }) },
    },
  },
  "routes/applications.$ref.documents.$id": {
    access: "ownerRecordOrStaff",
    path: (w) => `/applications/${w.submitted}/documents/${w.submittedDocumentId}`,
  },
  "routes/applications.$ref.check": {
    access: "ownerRecord",
    path: (w) => `/applications/${w.draftToSubmit}/check`,
    posts: { submit: { body: () => ({ declaration: "yes" }) } },
  },
  "routes/applications.$ref.confirmation": { access: "ownerRecord", path: (w) => `/applications/${w.submitted}/confirmation` },

  "routes/admin._index": { access: { staff: "caseworker" }, path: () => "/admin" },
  "routes/admin.applications._index": { access: { staff: "caseworker" }, path: () => "/admin/applications" },
  "routes/admin.applications.export[.csv]": { access: { staff: "caseworker" }, path: () => "/admin/applications/export.csv" },
  "routes/admin.applications.$ref": {
    access: { staff: "caseworker" },
    path: (w) => `/admin/applications/${w.review.claim}`,
    posts: {
      claim: review("claim"),
      reassign: review("reassign", (w) => ({ assigneeId: String(w.colleagueId) }), "supervisor"),
      start_review: review("start_review"),
      add_note: review("add_note", () => ({ note: "A note" })),
      request_info: review("request_info", () => ({ message: "Please send the lease." })),
      approve: review("approve", () => ({ awardKrw: "2,000,000" })),
      reject: review("reject", () => ({ reasonCode: "not_eligible", reasonText: "No" })),
      confirm_approval: review("confirm_approval", () => ({}), "supervisor"),
      decline_approval: review("decline_approval", () => ({ note: "Too much" }), "supervisor"),
      mark_paid: review("mark_paid"),
    },
  },
  "routes/admin.applications.$ref.documents.$id": {
    access: { staff: "caseworker" },
    path: (w) => `/admin/applications/${w.review.claim}/documents/${w.reviewDocumentId}`,
  },
  "routes/admin.audit": { access: { staff: "supervisor" }, path: () => "/admin/audit" },
  "routes/admin.programmes._index": { access: { staff: "supervisor" }, path: () => "/admin/programmes" },
  "routes/admin.programmes.$slug": {
    access: { staff: "supervisor" },
    path: () => "/admin/programmes/support-fund",
    posts: {
      save: { body: (w) => ({ ...w.programmeForm, intent: "save", name_en: "Emergency support fund (renamed)" }) },
      preview: { body: (w) => ({ ...w.programmeForm, intent: "preview", sample_facts: "sector=food_service" }), writes: false },
    },
  },
  "routes/admin.staff._index": {
    access: { staff: "admin" },
    path: () => "/admin/staff",
    posts: {
      create: { body: () => ({ intent: "create", email: "intruder@test.example", role: "admin" }) },
      role: { body: (w) => ({ intent: "role", userId: String(w.colleagueId), role: "admin" }) },
      deactivate: { body: (w) => ({ intent: "deactivate", userId: String(w.colleagueId) }) },
      reactivate: { body: (w) => ({ intent: "reactivate", userId: String(w.colleagueId) }) },
      reset: { body: (w) => ({ intent: "reset", userId: String(w.colleagueId) }) },
    },
  },
  // Payments: payout accounts, payment batches, objections. Access is declared; the
  // world has no approved application with a payout account, batch, rejected application or
  // objection yet, so the allowed person's success case of build / release / cancel / object /
  // decide still needs fixtures (TODO at merge). tests/integration/payments-http.test.ts covers
  // these routes with real batches and objections.
  "routes/applications.$ref.payout": {
    access: "ownerRecord",
    path: (w) => `/applications/${w.infoRequested}/payout`,
    posts: { save: { body: () => ({ bankCode: "088", accountNumber: "110-999-999999", holderName: "Mallory" }) } },
  },
  "routes/applications.$ref.objection": {
    access: "ownerRecord",
    path: (w) => `/applications/${w.submitted}/objection`,
    // The world has no rejected application of the victim yet, so the allowed owner's objection is
    // refused too (409): the refusals of everyone else are still proven.
    posts: { object: { body: () => ({ reason: "I object on someone else's behalf" }), writes: false, allowedStatus: 409 } },
  },
  "routes/admin.payments._index": {
    access: { staff: "supervisor" },
    path: () => "/admin/payments",
    // No approved application with a payout account in the world: an allowed build finds nothing to
    // pay (409), though the programme's first build sets up its zero running totals.
    posts: { build: { body: () => ({ programme: "support-fund", maxCount: "10", maxAmount: "" }), allowedStatus: 409 } },
  },
  "routes/admin.payments.missing-accounts": {
    access: { staff: "supervisor" },
    path: () => "/admin/payments/missing-accounts?programme=support-fund",
  },
  "routes/admin.payments.$id": {
    access: { staff: "supervisor" },
    path: () => "/admin/payments/999999",
    getStatus: 404,
    posts: {
      // No batch in the world (the address names none): refusals only.
      release: { body: () => ({ intent: "release", confirm: "yes" }), writes: false, allowedStatus: 404 },
      cancel: { body: () => ({ intent: "cancel" }), writes: false, allowedStatus: 404 },
    },
  },
  "routes/admin.payments.awaiting": {
    access: { staff: "supervisor" },
    path: () => "/admin/payments/awaiting?programme=support-fund",
    // No failed payment in the world: an allowed retry names no failure (404), so nothing is written.
    posts: { retry: { body: () => ({ failureId: "999999", reason: "The bank confirmed the account" }), writes: false, allowedStatus: 404 } },
  },
  "routes/admin.payments.$id.transfer[.csv]": { access: { staff: "supervisor" }, path: () => "/admin/payments/999999/transfer.csv", getStatus: 404 },
  "routes/admin.objections._index": { access: { staff: "caseworker" }, path: () => "/admin/objections" },
  "routes/admin.objections.$id": {
    access: { staff: "caseworker" },
    path: () => "/admin/objections/999999",
    getStatus: 404,
    // No objection in the world (the address names none): refusals only.
    posts: { decide: { body: () => ({ decision: "overturn", reason: "Reopened by an intruder" }), writes: false, allowedStatus: 404 } },
  },
  // Information pages of the footer.
  "routes/accessibility": { access: "public", path: () => "/accessibility" },
  "routes/copyright": { access: "public", path: () => "/copyright" },
  "routes/privacy": { access: "public", path: () => "/privacy" },
  "routes/terms": { access: "public", path: () => "/terms" },
  // Open data.
  "routes/statistics": { access: "public", path: () => "/statistics" },
  "routes/statistics[.csv]": { access: "public", path: () => "/statistics.csv" },
  "routes/statistics[.json]": { access: "public", path: () => "/statistics.json" },
  // Present in every build, answering 404 unless the benchmark starts the server with BENCH_SHELL_ROUTE=1.
  "routes/bench-shell": { access: "public", path: () => "/bench-shell", getStatus: 404 },
  "routes/bench-stats": { access: "public", path: () => "/bench-stats", getStatus: 404 },
  // Rapid payment.
  "routes/recommend": {
    access: "public",
    path: () => "/recommend",
    posts: {
      recommend: { body: () => ({ programme: "support-fund", number: registrationNumber(777), reason: "Closed for months, never applied" }) },
    },
  },
  "routes/applications.rapid": {
    access: "owner",
    path: () => "/applications/rapid?programme=support-fund",
    // The victim's business is on no list in the world: the allowed owner is told so (400).
    posts: {
      apply: {
        body: (w) => ({
          businessId: String(w.businessId),
          bankCode: "088",
          accountNumber: "110-999-999999",
          holderName: "Mallory",
          declaration: "yes",
        }),
        writes: false,
        otherOwnerStatus: 404,
      },
    },
  },
  "routes/applications.rapid_.objection": {
    access: "owner",
    path: () => "/applications/rapid/objection?programme=support-fund",
    // The world has no verified list: the allowed owner is told there is nothing to object to
    // (409); another owner cannot name the victim's business (400, "choose the business").
    posts: {
      file: {
        body: (w) => ({ businessId: String(w.businessId), reason: "Our sales fell by half." }),
        writes: false,
        otherOwnerStatus: 400,
        allowedStatus: 409,
      },
    },
  },
  "routes/admin.recommendations": { access: { staff: "caseworker" }, path: () => "/admin/recommendations" },
  "routes/admin.business-numbers": { access: { staff: "caseworker" }, path: () => "/admin/business-numbers" },
  "routes/admin.verified-lists._index": {
    access: { staff: "supervisor" },
    path: () => "/admin/verified-lists",
    posts: {
      schedule: { body: () => ({ intent: "schedule", programme: "support-fund", schedule: "" }) },
      // No list in the world: an allowed notice run finds nobody, an allowed upload is not attempted here.
      notify: { body: () => ({ intent: "notify", list: "999999" }), writes: false },
      upload: {
        body: () => () => {
          const form = new FormData();
          form.set("programme", "support-fund");
          form.set("round", "1");
          form.set("file", new Blob(["registration_number\n"], { type: "text/csv" }), "list.csv");
          return form;
        },
        // A file without the list's columns: refused at once, whole (400), nothing written.
        writes: false,
        allowedStatus: 400,
      },
    },
  },
  "routes/admin.verified-lists.$id.refused[.csv]": {
    access: { staff: "supervisor" },
    path: () => "/admin/verified-lists/999999/refused.csv",
    getStatus: 404,
  },
};

export interface ManifestRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  hasAction: boolean;
  hasLoader: boolean;
}

/**
 * The routes of the built app, from the browser manifest the server build names
 * (build/index.js carries `url: "/build/manifest-….js"`; importing build/index.js would start the
 * server, so it is read instead).
 */
export function builtRoutes(): Record<string, ManifestRoute & { fullPath: string }> {
  assertFreshBuild();
  const server = fs.readFileSync(path.join(ROOT, "build/index.js"), "utf8");
  const url = server.match(/url: "(\/build\/manifest-[A-Za-z0-9]+\.js)"/)?.[1];
  if (!url) throw new Error("build/index.js names no assets manifest: rebuild with `npm run build`");
  const text = fs.readFileSync(path.join(ROOT, "public", url), "utf8");
  const json = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
  const routes = (JSON.parse(json) as { routes: Record<string, ManifestRoute> }).routes;
  const fullPath = (id: string | undefined): string => {
    if (!id) return "";
    const route = routes[id]!;
    const parent = fullPath(route.parentId);
    return [parent, route.path ?? ""].filter(Boolean).join("/");
  };
  return Object.fromEntries(Object.entries(routes).map(([id, r]) => [id, { ...r, fullPath: `/${fullPath(id)}` }]));
}
