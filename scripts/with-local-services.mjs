/**
 * `npm start` / `npm run dev`: runs the command given (the portal) and, in development when
 * IDENTITY_ISSUER is unset, the local identity provider beside it (tools/identity-provider, port
 * 3100), so identity verification works with no configuration, and the local business register
 * (tools/business-register, port 3200) when BUSINESS_REGISTER_URL is unset, and the local bank
 * (tools/fake-bank, port 3300) when PAYEE_CHECK_URL is unset. Stops them together.
 */
import { spawn } from "node:child_process";

const [command, ...args] = process.argv.slice(2);
const local = !process.env.IDENTITY_ISSUER && (process.env.PORTAL_ENV ?? "development") === "development";
const children = [];
if (local) {
  const provider = spawn(process.execPath, ["tools/identity-provider/server.mjs"], {
    stdio: "inherit",
    env: { ...process.env, IDP_PORT: process.env.IDP_PORT ?? "3100" },
  });
  provider.on("exit", (code) => code && console.error(`identity provider exited with ${code}; identity verification is unavailable`));
  children.push(provider);
}
// The local business register (tools/business-register, port 3200) likewise when BUSINESS_REGISTER_URL is unset.
if (!process.env.BUSINESS_REGISTER_URL && (process.env.PORTAL_ENV ?? "development") === "development") {
  const register = spawn(process.execPath, ["tools/business-register/server.mjs"], {
    stdio: "inherit",
    env: { ...process.env, BR_PORT: process.env.BR_PORT ?? "3200" },
  });
  register.on("exit", (code) => code && console.error(`business register exited with ${code}; ownership checks are unavailable`));
  children.push(register);
}
// The local bank (tools/fake-bank, port 3300) that payout accounts are checked against, when PAYEE_CHECK_URL is unset.
if (!process.env.PAYEE_CHECK_URL && (process.env.PORTAL_ENV ?? "development") === "development") {
  const bank = spawn(process.execPath, ["tools/fake-bank/server.mjs"], {
    stdio: "inherit",
    env: { ...process.env, BANK_PORT: process.env.BANK_PORT ?? "3300" },
  });
  bank.on("exit", (code) => code && console.error(`fake bank exited with ${code}; payout accounts are saved unchecked`));
  children.push(bank);
}
const portal = spawn(command, args, { stdio: "inherit" });
children.push(portal);
portal.on("exit", (code, signal) => {
  for (const child of children) if (child !== portal && child.exitCode === null) child.kill("SIGTERM");
  process.exit(code ?? (signal ? 1 : 0));
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => children.forEach((c) => c.exitCode === null && c.kill(signal)));
