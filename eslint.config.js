// ESLint: typescript-eslint's recommended rules, and the layout's boundaries kept by a machine
// (docs/architecture.md): routes never touch the database, pure files and components never import
// server code or the database, and routes and components never build a query.
import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import tseslint from "typescript-eslint";
import portal from "./eslint/portal-rules.js";

const QUERY_BUILDERS = ["selectFrom", "insertInto", "updateTable", "deleteFrom", "replaceInto", "mergeInto"];
const noQueries = QUERY_BUILDERS.map((name) => ({
  selector: `CallExpression[callee.property.name='${name}']`,
  message: `Routes and components never query: call the module's server code instead of ${name}().`,
}));

// Files that read or change applications for staff (review, objections, payments, statistics,
// retention, the status history): their callers have required a staff role before calling them.
const STAFF_SCOPED = [
  "app/modules/administration/retention.server.ts",
  "app/modules/objections/decide-objection.server.ts",
  "app/modules/payments/build-batch.server.ts",
  "app/modules/payments/payee-recheck.server.ts",
  "app/modules/payments/result-file.server.ts",
  "app/modules/review/decide.server.ts",
  "app/modules/review/review-detail.server.ts",
  "app/modules/statistics/counters.server.ts",
];

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      "node_modules/**",
      "data/**",
      "tests/bench/results/**",
      "tests/bench/bare-remix/build/**",
      "tests/bench/bare-remix/public/build/**",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "no-undef": "off",
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { boundaries },
    settings: {
      "import/resolver": { typescript: { project: "./tsconfig.json" } },
      "boundaries/include": ["app/**/*", "db/**/*"],
      "boundaries/elements": [
        { type: "db", pattern: "db" },
        { type: "route", pattern: "app/routes" },
        { type: "module", pattern: "app/modules/*", capture: ["module"] },
        { type: "shared", pattern: "app/shared" },
      ],
    },
    rules: {
      "boundaries/dependencies": [
        "error",
        {
          default: "allow",
          policies: [
            // Routes never import the database: they call a module's server code.
            { from: { element: { type: "route" } }, disallow: { to: { element: { type: "db" } } } },
          ],
        },
      ],
    },
  },
  {
    // Pure files never import server code (a type-only import is erased at build time and allowed).
    files: ["app/modules/**/*.{ts,tsx}", "app/shared/**/*.{ts,tsx}"],
    ignores: ["**/*.server.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/*.server", "**/db/*"],
              allowTypeImports: true,
              message: "Pure files and components never import server code or the database.",
            },
            {
              // Stylesheets are the routes' to import: a module's entries are also loaded outside
              // the bundle (command-line tools, test processes), where a .css import cannot load.
              group: ["**/*.css"],
              message: "Import a module's stylesheet from the routes that show it, not from the module.",
            },
          ],
        },
      ],
    },
  },
  {
    // A module imports another only through its public entry (index.ts, index.server.ts); and an
    // application is found by id or reference only with its owner, outside the staff-scoped files
    // whose callers have already checked that staff are asking (eslint/portal-rules.js).
    files: ["app/**/*.{ts,tsx}"],
    plugins: { portal },
    rules: {
      "portal/module-entry": "error",
      "portal/scoped-applications": ["error", { staffScoped: STAFF_SCOPED }],
    },
  },
  {
    files: ["app/routes/**/*.{ts,tsx}", "app/modules/*/components/**/*.tsx", "app/shared/ui/**/*.tsx"],
    rules: { "no-restricted-syntax": ["error", ...noQueries] },
  },
);
