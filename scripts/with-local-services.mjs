/**
 * `npm start` / `npm run dev`: runs the command given (the portal) and, in development when
 * IDENTITY_ISSUER is unset, the local identity provider beside it (tools/identity-provider, port
 * 3100), so identity verification works with no configuration, and the local business register
 * (tools/business-register, port 3200) when BUSINESS_REGISTER_URL is unset, and the local bank
 * (tools/fake-bank, port 3300) when PAYEE_CHECK_URL is unset. Stops them together.
 */
import { spawn } from "node:child_process";

const [command, ...args] = process.argv.slice(2);
const development = (process.env.PORTAL_ENV ?? "development") === "development";
// Each runs when the portal is given no real service of its kind (its URL unset).
const SERVICES = [
  {
    name: "identity provider",
    entry: "tools/identity-provider/server.mjs",
    unless: "IDENTITY_ISSUER",
    port: ["IDP_PORT", "3100"],
    lost: "identity verification is unavailable",
  },
  {
    name: "business register",
    entry: "tools/business-register/server.mjs",
    unless: "BUSINESS_REGISTER_URL",
    port: ["BR_PORT", "3200"],
    lost: "ownership checks are unavailable",
  },
  {
    name: "fake bank",
    entry: "tools/fake-bank/server.mjs",
    unless: "PAYEE_CHECK_URL",
    port: ["BANK_PORT", "3300"],
    lost: "payout accounts are saved unchecked",
  },
];
const children = [];
for (const service of development ? SERVICES : []) {
  if (process.env[service.unless]) continue;
  const [portVariable, defaultPort] = service.port;
  const child = spawn(process.execPath, [service.entry], {
    stdio: "inherit",
    env: { ...process.env, [portVariable]: process.env[portVariable] ?? defaultPort },
  });
  child.on("exit", (code) => code && console.error(`${service.name} exited with ${code}; ${service.lost}`));
  children.push(child);
}
const portal = spawn(command, args, { stdio: "inherit" });
children.push(portal);
portal.on("exit", (code, signal) => {
  for (const child of children) if (child !== portal && child.exitCode === null) child.kill("SIGTERM");
  process.exit(code ?? (signal ? 1 : 0));
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => children.forEach((c) => c.exitCode === null && c.kill(signal)));
