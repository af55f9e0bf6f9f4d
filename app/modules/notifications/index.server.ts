// The notifications module's public server entry for other modules. Other modules import notifications only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export { enqueueEmail, sendEmail } from "./email.server";
export { notify, notifyText } from "./notifications.server";
export { deliverSms, enqueueSms } from "./sms.server";
export { listNotifications, markAllRead } from "./notifications.server";
