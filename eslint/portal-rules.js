// The portal's own lint rules: invariants of the layout and of the data that a linter can see.
// Each is explained in docs/architecture.md ("Boundaries a machine keeps") and planted in
// tests/unit/lint-boundaries.test.ts.
import path from "node:path";

const MODULES = `${path.sep}app${path.sep}modules${path.sep}`;

/** The module a file belongs to ("payments" for app/modules/payments/…), or null. */
function moduleOf(file) {
  const at = file.indexOf(MODULES);
  if (at < 0) return null;
  return file.slice(at + MODULES.length).split(path.sep)[0] ?? null;
}

/** Where an import points inside app/modules: { module, rest } or null. */
function targetOf(file, specifier) {
  const alias = specifier.match(/^~\/modules\/([^/]+)(?:\/(.*))?$/);
  if (alias) return { module: alias[1], rest: alias[2] ?? "" };
  if (!specifier.startsWith(".")) return null;
  const resolved = path.resolve(path.dirname(file), specifier);
  const at = resolved.indexOf(MODULES);
  if (at < 0) return null;
  const [module, ...rest] = resolved.slice(at + MODULES.length).split(path.sep);
  return { module, rest: rest.join("/") };
}

const ENTRIES = new Set(["", "index", "index.server"]);

/** A module imports another only through its public entry: ~/modules/<name> or ~/modules/<name>/index.server. */
const moduleEntry = {
  meta: {
    type: "problem",
    docs: { description: "A module imports another module only through that module's public entry." },
    messages: {
      deep: "Import the {{module}} module through its public entry (~/modules/{{module}} or ~/modules/{{module}}/index.server), not {{specifier}}: export what you need from there.",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const own = moduleOf(file);
    if (!own) return {};
    const check = (node) => {
      if (!node.source || typeof node.source.value !== "string") return;
      const target = targetOf(file, node.source.value);
      if (!target || target.module === own || ENTRIES.has(target.rest)) return;
      context.report({ node: node.source, messageId: "deep", data: { module: target.module, specifier: node.source.value } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const QUERY_STARTS = new Set(["selectFrom", "updateTable", "deleteFrom"]);

/** String literals anywhere inside a node (a where's column, or the columns inside an expression builder). */
function literals(node, out = []) {
  if (!node || typeof node !== "object") return out;
  if (node.type === "Literal" && typeof node.value === "string") out.push(node.value);
  for (const [key, value] of Object.entries(node)) {
    if (key === "parent") continue;
    if (Array.isArray(value)) value.forEach((v) => literals(v, out));
    else if (value && typeof value === "object" && typeof value.type === "string") literals(value, out);
  }
  return out;
}

/**
 * An application is read or changed by its id or reference only together with its owner
 * (`owner_id` in the same query), except in the staff-scoped files named in the options, whose
 * callers have already checked that a member of staff is asking.
 */
const scopedApplications = {
  meta: {
    type: "problem",
    docs: { description: "Queries on applications by id or reference are scoped to the owner, or live in a staff-scoped file." },
    messages: {
      unscoped:
        'This query finds an application by {{column}} without its owner: add .where("owner_id", "=", ownerId), or do it in a staff-scoped file (eslint.config.js, portal/scoped-applications).',
    },
    schema: [{ type: "object", properties: { staffScoped: { type: "array", items: { type: "string" } } }, additionalProperties: false }],
  },
  create(context) {
    const file = context.filename.split(path.sep).join("/");
    const staffScoped = context.options[0]?.staffScoped ?? [];
    if (staffScoped.some((suffix) => file.endsWith(suffix))) return {};
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== "MemberExpression" || callee.property.type !== "Identifier" || !QUERY_STARTS.has(callee.property.name)) return;
        const table = node.arguments[0];
        if (!table || table.type !== "Literal" || typeof table.value !== "string") return;
        const named = table.value.match(/^applications(?:\s+as\s+(\w+))?$/);
        if (!named) return;
        const alias = named[1] ?? "applications";
        const key = (c) =>
          c === "id" ||
          c === "reference" ||
          c === `${alias}.id` ||
          c === `${alias}.reference` ||
          c === "applications.id" ||
          c === "applications.reference";
        const owner = (c) => c === "owner_id" || c === `${alias}.owner_id` || c === "applications.owner_id";
        // Walk the method chain built on this call: db.selectFrom(…).where(…).where(…)…
        let byKey = null;
        let byOwner = false;
        let link = node;
        while (link.parent?.type === "MemberExpression" && link.parent.object === link && link.parent.parent?.type === "CallExpression") {
          const call = link.parent.parent;
          const method = link.parent.property.type === "Identifier" ? link.parent.property.name : "";
          if (method === "where") {
            const columns = call.arguments.flatMap((a) => literals(a));
            // A lookup is "column = value" or "column in values"; "reference is not null" is not one.
            const lookup = columns.some((c) => c === "=" || c === "in");
            if (lookup) byKey ??= columns.find(key) ?? null;
            byOwner ||= columns.some(owner);
          }
          link = call;
        }
        if (byKey && !byOwner) context.report({ node, messageId: "unscoped", data: { column: byKey } });
      },
    };
  },
};

export default { rules: { "module-entry": moduleEntry, "scoped-applications": scopedApplications } };
