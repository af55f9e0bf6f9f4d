import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
// The local bank the payout accounts are checked against (tools/fake-bank), with the journeys' accounts.
const BANK_PORT = Number(process.env.E2E_BANK_PORT ?? PORT + 1);
// The local identity provider (tools/identity-provider) and business register (tools/business-register).
const IDP_PORT = PORT + 2;
const REGISTER_PORT = PORT + 3;
// One fresh database per run, never data/portal.db. Fixed per process start so workers agree.
const runId = process.env.E2E_RUN_ID ?? `${process.pid}`;
process.env.E2E_RUN_ID = runId;
const databasePath = path.join(os.tmpdir(), `portal-e2e-${runId}`, "portal.db");

export default defineConfig({
  testDir: "./e2e",
  outputDir: "../test-results",
  fullyParallel: false,
  // Two workers on the two cores, in CI too: the journeys wait on the server more than they compute.
  workers: 2,
  // One retry: these shared two-core machines sometimes stall a journey for seconds; a journey that
  // passes only on its retry is still reported ("flaky") so it can be looked at.
  retries: 1,
  reporter: [["list"]],
  // A journey of a dozen pages with axe runs takes 10–30 s on a busy machine; 60 s leaves room.
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "en-GB",
    trace: "off",
    // As someone who asked their system for less motion: the portal then drops KRDS's fades, so
    // clicks need not wait for a button to stop moving, nor axe for a colour to settle.
    reducedMotion: "reduce",
    launchOptions: {
      // Playwright cannot download browsers here: Debian's Chromium, overridable by CHROMIUM_PATH.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: "node tools/fake-bank/server.mjs",
      cwd: "..",
      url: `http://127.0.0.1:${BANK_PORT}/_stats`,
      reuseExistingServer: false,
      timeout: 15_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { BANK_PORT: String(BANK_PORT), BANK_DATA: "tests/e2e/bank-accounts.json", PORTAL_ENV: "test" },
    },
    {
      command: "node tools/identity-provider/server.mjs",
      cwd: "..",
      url: `http://127.0.0.1:${IDP_PORT}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 15_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        IDP_PORT: String(IDP_PORT),
        IDP_ISSUER: `http://127.0.0.1:${IDP_PORT}`,
        IDP_REDIRECT_URIS: `http://127.0.0.1:${PORT}/account/identity/callback`,
        PORTAL_ENV: "test",
      },
    },
    {
      command: "node tools/business-register/server.mjs",
      cwd: "..",
      port: REGISTER_PORT,
      reuseExistingServer: false,
      timeout: 15_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { BR_PORT: String(REGISTER_PORT), BR_DATA: "tests/e2e/register-businesses.json", PORTAL_ENV: "test" },
    },
    {
      command: "node build/index.js",
      cwd: "..",
      url: `http://127.0.0.1:${PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        PORT: String(PORT),
        HOST: "127.0.0.1",
        DATABASE_PATH: databasePath,
        PORTAL_ENV: "test",
        LOG_REQUESTS: "0",
        PAYEE_CHECK_URL: `http://127.0.0.1:${BANK_PORT}`,
        PUBLIC_ORIGIN: `http://127.0.0.1:${PORT}`,
        IDENTITY_ISSUER: `http://127.0.0.1:${IDP_PORT}`,
        BUSINESS_REGISTER_URL: `http://127.0.0.1:${REGISTER_PORT}`,
        // The fixture gives each test its own client address through X-Forwarded-For.
        TRUST_PROXY: "1",
      },
    },
  ],
});
