// The payments module's public entry for other modules: its pure rules, shapes and components (safe in the browser).
// Other modules import payments only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { parsePayoutAccount, type PayoutAccountField, type PayoutAccountInput } from "./bank";
export { BuildBatchSchema, MAX_BATCH_COUNT, MAX_RETRY_REASON, RetryPaymentSchema } from "./schemas";
export { bankName, BANKS } from "./bank";
export { type ResultProblem } from "./payment-files";
export { paymentsMeta } from "./payments-meta";
export { AccountGapsQuerySchema, AccountStepSchema, type AccountStepInput } from "./account-step";
export { maskAccountNumber } from "./bank";
export { AccountStep, type AccountStepView } from "./components/account-step";
export { PayoutHoldNotice } from "./components/payout-hold";
export { AwaitingList, type AwaitingRow } from "./components/awaiting-list";
export { BatchLines, type BatchLine } from "./components/batch-lines";
export { PayoutAccountFields } from "./components/payout-account-fields";
