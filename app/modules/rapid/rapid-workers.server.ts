/**
 * Background work of the rapid-payment track, started with the server: imports waiting or abandoned
 * (after a restart, or by a node that died), entitlement notices (also for businesses that
 * registered after their list was sent), and SMS delivery. Each step is resumable from the database,
 * so several nodes may run this; the unique constraints decide who sends.
 */
import { deliverSms } from "~/modules/notifications/index.server";
import { sendEntitlementNotices } from "./entitlements.server";
import { runImports } from "./verified-lists.server";

type Log = (line: string) => void;

/** Runs waiting imports now (in the background); each finished list is announced to its businesses. */
export function kickImports(log: Log = (l) => console.log(l)): void {
  void runImports({
    log,
    afterImport: async (listId) => {
      const { sent } = await sendEntitlementNotices({ listId });
      if (sent) log(`entitlement notices: ${sent} sent for list ${listId}`);
      await deliverSms({ log });
    },
  }).catch((error: Error) => log(`verified list import failed: ${error.message}`));
}

export function startRapidPaymentWorkers(log: Log): void {
  kickImports(log);
  // A stale import is taken over after its heartbeat expires (2 minutes); look every minute.
  setInterval(() => kickImports(log), 60 * 1000).unref();
  let noticesRunning = false;
  setInterval(
    () => {
      if (noticesRunning) return;
      noticesRunning = true;
      sendEntitlementNotices()
        .then(({ sent }) => sent && log(`entitlement notices: ${sent} sent`))
        .then(() => deliverSms({ log }))
        .catch((error: Error) => log(`entitlement notices failed: ${error.message}`))
        .finally(() => (noticesRunning = false));
    },
    5 * 60 * 1000,
  ).unref();
  setInterval(() => void deliverSms({ log }).catch((error: Error) => log(`sms delivery failed: ${error.message}`)), 30 * 1000).unref();
}
