// `npm run staff:create -- --email someone@ministry.go.kr --role caseworker`
// Creates a staff account (staff cannot register on the website). The password is asked for when a
// person is at the terminal, otherwise generated and printed once: it is not stored anywhere else.
import "../app/shared/test-clock.server"; // first: a test's pinned clock, before anything reads the time
import crypto from "node:crypto";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { closeDb, getDb } from "./client";
import { migrateToLatest } from "./migrations";
import { parseEmail } from "../app/modules/accounts/email";
import { STAFF_ROLES, type StaffRole } from "../app/modules/accounts/roles";
import { checkNewPassword } from "../app/modules/accounts/password.server";
import { createStaff } from "../app/modules/accounts/users.server";

const USAGE = `Usage: npm run staff:create -- --email <address> --role <${STAFF_ROLES.join("|")}>`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Echo the question, not the keystrokes.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
      if (s.startsWith(question)) process.stdout.write(question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

async function choosePassword(email: string): Promise<{ password: string; generated: boolean }> {
  if (!process.stdin.isTTY) return { password: crypto.randomBytes(18).toString("base64url"), generated: true };
  for (;;) {
    const password = await askHidden("Password (12–128 characters; leave empty to generate one): ");
    if (!password) return { password: crypto.randomBytes(18).toString("base64url"), generated: true };
    const problem = checkNewPassword(password, email);
    if (problem) {
      console.error(`That password cannot be used (${problem}). Try again.`);
      continue;
    }
    if ((await askHidden("Same password again: ")) !== password) {
      console.error("The two passwords differ. Try again.");
      continue;
    }
    return { password, generated: false };
  }
}

let values: { email?: string; role?: string };
try {
  ({ values } = parseArgs({ options: { email: { type: "string" }, role: { type: "string" } }, strict: true }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
if (!values.email || !values.role) fail(USAGE);
const email = parseEmail(values.email);
if (!email.ok) fail(`Not a usable email address (${email.problem}): ${values.email}`);
if (!(STAFF_ROLES as readonly string[]).includes(values.role)) fail(`Unknown role "${values.role}". ${USAGE}`);

try {
  await migrateToLatest(getDb());
  const { password, generated } = await choosePassword(email.email);
  const result = await createStaff({ email: email.email, role: values.role as StaffRole, password });
  if (!result.ok) {
    await closeDb();
    fail(result.reason === "taken" ? `An account with the email ${email.email} already exists.` : `Password refused (${result.problem}).`);
  }
  console.log(`Created ${values.role} account ${email.email}.`);
  if (generated) console.log(`Password (shown once, give it to the person securely): ${password}`);
  await closeDb();
} catch (error) {
  console.error(`staff:create failed: ${(error as Error).message}`);
  await closeDb().catch(() => {});
  process.exit(1);
}
