// The payments module's public server entry for routes and other modules. They import payments only from here or
// from index.ts; the lint rule portal/module-entry keeps it so.
export {
  buildBatch,
  cancelBatch,
  getBatch,
  importResultFile,
  listBatches,
  listPayingProgrammes,
  MAX_RESULT_FILE_BYTES,
  openTransferFile,
  releaseBatch,
} from "./payments.server";
export { getPayoutPage, savePayoutAccount } from "./payout.server";
export { payeeColumns, verifyPayee } from "./payee.server";
export { checkPayee, type PayeeCheck } from "./payee-check.server";
export { getAccountStep, reusePayoutAccount, type ReusableAccount } from "./account-step.server";
export { listPayoutAccountGaps, GAP_PAGE } from "./account-gaps.server";
export { listAwaitingAccounts, retryFailedPayment, type RetryResult } from "./awaiting-account.server";
